"""Whole turns per kind of typed input, on parked learners: what reading text adds to a turn.

The peer is a typed number on the same screens: its turn holds everything a turn does apart
from reading words (the secret guard, rendering the next screen, feedback), so the
difference is what the understanding layer, the question search and the scam checker add.
Inputs are written here; none is taken from an evaluation set.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable, Iterator

from content.loader import load_library
from content.places import PlaceIndex, load_default_places
from content.textfold import fold
from dialogs.messages import Inbound
from tests.engine_driver import MACHINE, EngineDriver, readers_for

from .twin_screens import NOW, options_of

UNKNOWN = ("alo alo", "hôm nay trời đẹp quá", "cảm ơn nhiều nhé", "bài này hay lắm", "sao lâu thế", "hihi")
QUESTIONS = (
    "ma otp la gi vay",
    "bị lừa chuyển tiền rồi thì làm sao",
    "cai vneid o dau moi dung",
    "lam sao biet trang web that hay gia",
    "con toi o xa nhan tin xin tien gap thi phai lam gi",
    "muon ban hang tren mang thi bat dau tu dau",
)
PASTED = (
    "Thong bao tu ngan hang: tai khoan cua quy khach se bi khoa trong 24h do chua cap nhat sinh trac hoc. "
    "Vui long truy cap ngay duong link nganhang-capnhat[.]top de xac thuc va nhap ma OTP duoc gui ve. "
    "Moi thac mac xin lien he tong dai. Tran trong cam on quy khach da tin dung dich vu.",
    "Kính gửi bà con thôn Đồng Hỷ. Sáng Chủ nhật tuần này, tổ công nghệ số cộng đồng sẽ có mặt ở nhà văn "
    "hóa thôn từ 8 giờ đến 11 giờ để hướng dẫn cài và dùng ứng dụng VNeID, đăng nhập dịch vụ công, "
    "thanh toán bằng mã QR. Bà con nhớ mang theo điện thoại đã sạc đầy pin và căn cước gắn chíp. "
    "Tổ chỉ hướng dẫn, không thu tiền, không hỏi mật khẩu hay mã OTP của ai. Người cao tuổi chưa biết "
    "dùng điện thoại thông minh thì nhờ con cháu đưa đến, các cháu trong tổ sẽ ngồi chỉ từng bước. "
    "Ai bận thì nhắn trưởng thôn để hẹn buổi khác trong tuần. Trân trọng cảm ơn bà con.",
)
KINDS = ("number", "label", "words", "typo", "unknown", "question", "pasted")


def _typo(label: str) -> str:
    """The label without marks, its longest word with two letters swapped."""
    words = fold(label).split()
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[longest]
    if len(word) > 2:
        words[longest] = word[0] + word[2] + word[1] + word[3:]
    return " ".join(words)


def inputs(d: EngineDriver) -> dict[str, tuple[str, ...]]:
    options = options_of(d)
    labels = [fold(o.label) for o in options[:3]]
    return {
        "number": tuple(str(n) for n in range(1, min(3, len(options)) + 1)),
        "label": tuple(labels),
        "words": (*(f"dạ cháu chọn {label} ạ" for label in labels), "cái thứ hai nhé"),
        "typo": tuple(_typo(o.label) for o in options[:3]),
        "unknown": UNKNOWN,
        "question": QUESTIONS,
        "pasted": PASTED,
    }


def parked() -> Iterator[EngineDriver]:
    library = load_library()
    places = PlaceIndex(load_default_places())
    readers_for(library)  # built once at start-up, as bootstrap() does
    d = EngineDriver(library, places, NOW)
    d.onboard()
    yield d.copy()  # the menu
    d.pick("Chủ đề")
    d.pick("Phòng tránh")
    d.pick(options_of(d)[0].label)
    d.pick("Tiếp")
    yield d.copy()  # a lesson card
    while d.state.name.value == "lesson_card":
        d.pick("Tiếp")
    yield d.copy()  # a quiz question


def _cpu(step: Callable[[], object], repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        started = time.process_time_ns()
        step()
        best = min(best, (time.process_time_ns() - started) / 1000)
    return best


def measure(repeats: int) -> dict[str, list[float]]:
    """Per kind: each input's best CPU µs over `repeats` turns, on every parked screen."""
    times: dict[str, list[float]] = {kind: [] for kind in KINDS}
    for d in parked():
        state, ctx = d.state, d.context()
        for kind, texts in inputs(d).items():
            for text in texts:
                inbound = Inbound.from_text(text)
                MACHINE.step(state, inbound, ctx)  # warm: the screen is read once per process
                gc.collect()
                times[kind].append(_cpu(lambda s=state, i=inbound, c=ctx: MACHINE.step(s, i, c), repeats))
    return times


def report(repeats: int) -> list[str]:
    times = measure(max(repeats, 3))
    peer = statistics.median(times["number"])
    lines = [f"  {'kind':9} {'median':>8} {'max':>8} {'added (median)':>15}"]
    for kind in KINDS:
        ordered = sorted(times[kind])
        median = statistics.median(ordered)
        lines.append(f"  {kind:9} {median:8.0f} {ordered[-1]:8.0f} {median - peer:15.0f}")
    return lines
