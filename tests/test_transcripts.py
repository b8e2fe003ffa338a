"""Whole journeys replayed from transcript files: learner lines in, the exact bot messages out.

A transcript is plain text. `> text` is what the learner types, `@ wait 2d` / `@ wait 3h`
moves the clock; every other line is what the tutor must answer. Run pytest with
`--update-transcripts` to rewrite the expected answers from the current tutor, then read
the diff before committing it.

Quiz answers are typed as the learner saw the options, which are shuffled (seeded by the
clock and the screen counter): if drawing or shuffling changes, the same numbers pick other
options. INTENT names what each journey must still show, so such a change cannot slip by.
"""

from __future__ import annotations

import itertools
import re
import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.app import App, bootstrap
from bot.channels.console import render
from bot.clock import FakeClock
from bot.keys import ConversationKey
from bot.settings import load_settings
from content.library import Library
from dialogs.context import Readers
from dialogs.messages import Inbound
from tests.conftest import START

HERE = Path(__file__).parent / "transcripts"
FILES = sorted(HERE.glob("*.txt"))
_WAIT = re.compile(r"@ wait (\d+)([dhm])")


@pytest.fixture
async def transcript_app(
    tmp_path: Path, library: Library, readers: Readers, sqlite_template: Path
) -> AsyncIterator[App]:
    codes = (f"HVTEST{n:02d}" for n in itertools.count(1))
    shutil.copyfile(sqlite_template, tmp_path / "t.db")
    settings = load_settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 't.db'}", data_dir=tmp_path)
    application = await bootstrap(
        settings, clock=FakeClock(START), library=library, new_code=lambda: next(codes), readers=readers
    )
    yield application
    await application.close()


def inputs(text: str) -> Iterator[str]:
    for line in text.splitlines():
        if line.startswith(("> ", "@ ")) or line == ">":
            yield line


async def replay(app: App, script: list[str]) -> str:
    key = ConversationKey("console", chat_id="learner", user_id="learner")
    clock = app.clock
    assert isinstance(clock, FakeClock)
    out: list[str] = []
    for number, line in enumerate(script):
        out.append(line)
        wait = _WAIT.fullmatch(line)
        if wait:
            unit = {"d": "days", "h": "hours", "m": "minutes"}[wait.group(2)]
            clock.advance(**{unit: int(wait.group(1))})
            continue
        result = await app.tutor.handle(key, f"t{number}", Inbound.from_text(line[2:]))
        out += [render(message) + "\n" for message in result.messages]
        clock.advance(seconds=20)
    return "\n".join(out).rstrip() + "\n"


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
async def test_transcript(path: Path, transcript_app: App, request: pytest.FixtureRequest) -> None:
    expected = _read(path)
    actual = await replay(transcript_app, list(inputs(expected)))
    if request.config.getoption("--update-transcripts"):
        _write(path, actual)
    assert actual == expected


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


# What each journey is for, checked in its expected text.
INTENT = {
    "first_certificate": ("🎓 Chúc mừng bác Lan", "Giấy chứng nhận hợp lệ", "Đường link là địa chỉ"),
    "fail_twice_come_back_tomorrow": (
        "Làm lại câu hỏi",
        "Mai bác làm lại",
        "Hôm nay bác đã làm bài này 2 lần rồi",
        "🎉 Xong bài",
        "Còn 3 bài nữa là có giấy chứng nhận",
    ),
    "vanish_mid_quiz": ("🎉 Xong bài", "Ôn xong rồi ạ"),
    "declines_consent": ("🎉 Xong bài", "Kết quả không được lưu"),
    # Issue 12: a learner who never types a number still onboards, reads and passes a lesson.
    "words_only": ("> toi 68 tuoi", "> 8 gio toi", "> roi tiep di\n📖", "> lua dao\n✅", "Bà Lan đúng 4/4"),
    "question_mid_lesson": ("💡 Mã OTP là", "> quay lai\n📖 Đường link là gì, đọc địa chỉ trang web thế nào — 2/4"),
    "three_misses": ("Cháu chưa hiểu ý", "Bác thử thế này nhé. Ví dụ: gõ 1", "Chỗ này có vẻ khó"),
}


@pytest.mark.parametrize("name", sorted(INTENT))
def test_each_journey_still_shows_what_it_is_for(name: str) -> None:
    text = _read(HERE / f"{name}.txt")
    assert all(part in text for part in INTENT[name]), [p for p in INTENT[name] if p not in text]


def test_there_are_transcripts() -> None:
    assert len(FILES) >= 5
