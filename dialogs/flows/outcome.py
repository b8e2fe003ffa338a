"""A quiz's result: the score, the certificate when a module is done, and the way on.

Passed: how many lessons are left before the module's certificate, or, at its end, the
certificate and the module suggested next. Failed: another attempt while today allows one,
else a kind word that it waits until tomorrow, with re-reading and another lesson offered.
"""

from __future__ import annotations

from collections.abc import Sequence

from content.schema import Lesson
from dialogs.context import Context
from dialogs.core import choices, voice, with_prefix
from dialogs.events import CertificateEarned
from dialogs.flows import help as asking
from dialogs.flows import paths
from dialogs.flows.lessons import need_to_pass
from dialogs.messages import Image, Option, Outbound, Screen, Text
from dialogs.state import DialogState

from .common import MENU

PASSED = "🎉 Xong bài “{title}”! {Full} đúng {score}/{total} câu."
LEFT = "Còn {n} bài nữa là có giấy chứng nhận “{module}”."
SUGGEST = "Phần nên học tiếp: “{module}”, {n} bài."
FAILED = "{Full} đúng {score}/{total} câu. Cần đúng {need} câu để qua bài."
AGAIN = "Không sao cả, đọc lại một lượt là nhớ ngay!"
TOMORROW = "Hôm nay mình tạm dừng bài này nhé. Mai {you} làm lại."
NOT_SAVED = "(Kết quả không được lưu vì {you} chưa đồng ý lưu tiến độ. Đổi trong Cài đặt.)"
CERTIFICATE = "🎓 Chúc mừng {full}! {You} đã học xong cả phần “{module}”. Giấy chứng nhận gửi ngay sau đây."
CERT_NEEDS_CONSENT = (
    "{You} đã học xong phần “{module}”! Muốn nhận giấy chứng nhận, {you} bật “Đồng ý lưu tiến độ” trong Cài đặt nhé."
)
WAY_ON = "{You} muốn làm gì tiếp ạ?"
RETRY = Option("retry", "Làm lại câu hỏi", ("lam lai", "thu lai"))
REREAD = Option("reread", "Đọc lại bài", ("doc lai", "hoc lai"))
NEXT_LESSON = Option("next-lesson", "Bài tiếp theo", ("bai tiep", "bai tiep theo", "tiep"))
OTHER = Option("other-lesson", "Học bài khác", ("bai khac", "hoc bai khac"))
TOPICS = Option("topics", "Chủ đề khác", ("chu de",))
CHECK = Option("check-message", "Thử kiểm tra một tin nhắn", ("kiem tra tin nhan", "kiem tra"))
SCAM_TOPICS = frozenset({"luadao", "luadaomoi"})


def certificate_key(module_id: str) -> str:
    """The placeholder the shell swaps for the drawn certificate with its code."""
    return f"certificate-module:{module_id}"


def certificate_notes(ctx: Context, lesson_id: str) -> tuple[tuple[CertificateEarned, ...], list[Outbound]]:
    """The certificates passing this lesson completes, and what to say about them."""
    passed = paths.done(ctx, lesson_id)
    held = {c.module_id for c in ctx.learner.certificates}
    v = voice(ctx)
    events: list[CertificateEarned] = []
    notes: list[Outbound] = []
    for module in ctx.library.modules:
        if lesson_id not in module.lessons or module.id in held or not set(module.lessons) <= passed:
            continue
        if ctx.learner.profile.consent:
            events.append(CertificateEarned(module.id))
            notes += [Text(v.say(CERTIFICATE, module=module.title)), Image(certificate_key(module.id))]
        else:
            notes.append(Text(v.say(CERT_NEEDS_CONSENT, module=module.title)))
    return tuple(events), notes


def result_screen(state: DialogState, ctx: Context, lesson: Lesson, earned: Sequence[Outbound] = ()) -> Screen:
    """The result; what passing just `earned` (a certificate and its image) goes after the score
    line and before the way on: "🎉 Xong bài" first, then the certificate (issue 10)."""
    total = state.question
    need = need_to_pass(total, ctx.settings.pass_ratio)
    v = voice(ctx)
    saved = "" if ctx.learner.profile.consent else "\n" + v.say(NOT_SAVED)
    if state.correct >= need:
        score = v.say(PASSED, title=lesson.title, score=state.correct, total=total)
        way_on = _goal(state, ctx, lesson) + saved
        options = ((NEXT_LESSON,) if state.bookmark else ()) + (*checker_exit(lesson), TOPICS, MENU)
        if earned:
            return with_prefix((Text(score), *earned), choices(state, way_on.strip() or v.say(WAY_ON), options))
        return choices(state, score + way_on, options)
    text = v.say(FAILED, score=state.correct, total=total, need=need)
    if state.fails < ctx.settings.fails_per_day:
        return choices(state, f"{text} {v.say(AGAIN)}{saved}", (RETRY, REREAD, *checker_exit(lesson), MENU))
    stuck = (REREAD, OTHER, *asking.door(ctx), *checker_exit(lesson), MENU)  # failed twice: a person may help
    return choices(state, f"{text}\n{v.say(TOMORROW)}{saved}", stuck)


def checker_exit(lesson: Lesson) -> tuple[Option, ...]:
    """After a scam lesson's quiz: check a message the learner really received (/kiemtra)."""
    return (CHECK,) if lesson.topic in SCAM_TOPICS else ()


def _goal(state: DialogState, ctx: Context, lesson: Lesson) -> str:
    """How far the certificate is, or, the module done, which one to take up next."""
    if not ctx.learner.profile.consent:
        return ""  # nothing is stored, so nothing can be counted
    module = paths.current(state, ctx)
    if module is None or lesson.id not in module.lessons:
        return ""
    n = paths.left(ctx, module, lesson.id)
    if n:
        return "\n" + LEFT.format(n=n, module=module.title)
    following = paths.suggest(ctx, module, lesson.id)
    return "\n" + SUGGEST.format(module=following.title, n=len(following.lessons)) if following else ""
