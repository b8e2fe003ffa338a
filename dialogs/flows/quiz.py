"""Quizzes after each lesson, and spaced review of questions answered wrongly."""

from __future__ import annotations

import math

from content.schema import Lesson, Question
from content.textfold import fold
from dialogs.context import Context
from dialogs.core import Command, Flow, StateSpec, Step, choices, enter, say, voice
from dialogs.events import AnswerGiven, CertificateEarned, Event, QuizFinished
from dialogs.flows.lessons import continue_learning, open_lesson
from dialogs.messages import Image, Option, Outbound, Screen, Text
from dialogs.state import DialogState, StateName
from dialogs.voice import Voice

from .common import MENU

S = StateName
RIGHT = "✅ Đúng rồi! {why}"
WRONG_LEAD = "❌ Chưa đúng ạ. {why}"
ANSWER = "👉 Đáp án đúng: “{answer}”. {answer_why}"
# Many reasons already open with "Đúng..." / "Chưa đúng...": do not say it twice.
_SAYS_RIGHT = ("dung", "chinh xac", "phai")
_SAYS_WRONG = ("chua dung", "sai", "khong dung", "chua chinh xac")
PASSED = "🎉 Xong bài “{title}”! {Full} đúng {score}/{total} câu."
FAILED = "{Full} đúng {score}/{total} câu. Cần đúng {need} câu để qua bài. Không sao cả, đọc lại một lượt là nhớ ngay!"
NOT_SAVED = "(Kết quả không được lưu vì {you} chưa đồng ý lưu tiến độ. Đổi trong Cài đặt.)"
CERTIFICATE = "🎓 Chúc mừng {full}! {You} đã học xong cả phần “{module}”. Giấy chứng nhận gửi ngay sau đây."
CERT_NEEDS_CONSENT = (
    "{You} đã học xong phần “{module}”! Muốn nhận giấy chứng nhận, {you} bật “Đồng ý lưu tiến độ” trong Cài đặt nhé."
)
NO_REVIEW = "Hiện chưa có câu nào cần ôn ạ. Học thêm bài mới, rồi quay lại Ôn tập sau nhé."
NO_REVIEW_CONSENT = (
    "Ôn tập cần lưu các câu {you} đã làm. {You} bật “Đồng ý lưu tiến độ” trong Cài đặt nếu muốn dùng nhé."
)
REVIEW_DONE = "Ôn xong rồi ạ: đúng {score}/{total} câu. Câu nào chưa nhớ, {me} sẽ hỏi lại sau ít hôm."
RETRY = Option("retry", "Làm lại câu hỏi", ("lam lai", "thu lai"))
REREAD = Option("reread", "Đọc lại bài", ("doc lai", "hoc lai"))
NEXT_LESSON = Option("next-lesson", "Bài tiếp theo", ("bai tiep", "bai tiep theo", "tiep"))
TOPICS = Option("topics", "Chủ đề khác", ("chu de",))


def _question_screen(state: DialogState, v: Voice, header: str, question: Question) -> Screen:
    text = f"{header}\n"
    if question.message:
        text += f"\n💬 «{v.fill(question.message)}»\n"
    text += f"\n{v.fill(question.prompt)}"
    options = tuple(Option(f"a{i}", v.fill(o.text)) for i, o in enumerate(question.options))
    return choices(state, text, options)


def _feedback(v: Voice, question: Question, chosen: int) -> str:
    option = question.options[chosen]
    why = v.fill(option.why)
    if option.correct:
        return ("✅ " + why) if fold(why).startswith(_SAYS_RIGHT) else v.say(RIGHT, why=why)
    answer = question.options[question.answer_index]
    lead = ("❌ " + why) if fold(why).startswith(_SAYS_WRONG) else v.say(WRONG_LEAD, why=why)
    return lead + "\n" + v.say(ANSWER, answer=v.fill(answer.text), answer_why=v.fill(answer.why))


def need_to_pass(total: int, ratio: float) -> int:
    return max(1, math.ceil(total * ratio - 1e-9))


def quiz_mark(lesson_id: str, question: int, correct: int) -> str:
    """A bookmark inside a quiz, so "Học tiếp" returns to the same question."""
    return f"{lesson_id}:quiz:{question}:{correct}"


def start_quiz(state: DialogState, ctx: Context, lesson: Lesson) -> Step:
    target = state.to(
        S.QUIZ, lesson=lesson.id, question=0, correct=0, simple=False, bookmark=quiz_mark(lesson.id, 0, 0)
    )
    return enter(ctx, target, say(f"Giờ làm {len(lesson.quiz)} câu hỏi nhỏ nhé."))


def _render_quiz(state: DialogState, ctx: Context) -> Screen:
    lesson = ctx.library.lesson(state.lesson)
    if lesson is None or state.question >= len(lesson.quiz):
        return choices(state, "Bài này không còn nữa ạ.", (MENU,))
    header = f"❓ Câu {state.question + 1}/{len(lesson.quiz)}"
    return _question_screen(state, voice(ctx), header, lesson.quiz[state.question])


def _new_certificates(ctx: Context, lesson_id: str) -> tuple[CertificateEarned, ...]:
    done = {lid for lid, p in ctx.learner.lessons.items() if p.status == "completed"} | {lesson_id}
    held = {c.module_id for c in ctx.learner.certificates}
    return tuple(
        CertificateEarned(m.id)
        for m in ctx.library.modules
        if lesson_id in m.lessons and m.id not in held and set(m.lessons) <= done
    )


def _finish_quiz(
    state: DialogState, ctx: Context, lesson: Lesson, score: int, before: str, events: tuple[Event, ...]
) -> Step:
    total = len(lesson.quiz)
    passed = score >= need_to_pass(total, ctx.settings.pass_ratio)
    events = (*events, QuizFinished(lesson.id, lesson.version, score, total, passed))
    notes: list[Outbound] = [Text(before)]
    v = voice(ctx)
    if passed:
        for cert in _new_certificates(ctx, lesson.id):
            module = ctx.library.module(cert.module_id)
            title = module.title if module else cert.module_id
            if ctx.learner.profile.consent:
                events = (*events, cert)
                # The shell swaps this placeholder for the drawn certificate with its code.
                notes += [Text(v.say(CERTIFICATE, module=title)), Image(certificate_key(cert.module_id))]
            else:
                notes.append(Text(v.say(CERT_NEEDS_CONSENT, module=title)))
    bookmark = _after(ctx, lesson.id) if passed else quiz_mark(lesson.id, 0, 0)
    target = state.to(S.QUIZ_RESULT, correct=score, question=total, bookmark=bookmark)
    return enter(ctx, target, notes, events)


def certificate_key(module_id: str) -> str:
    return f"certificate-module:{module_id}"


def _after(ctx: Context, lesson_id: str) -> str:
    """Bookmark the next lesson on the path, so "Học tiếp" moves on even when nothing is stored."""
    done = {lid for lid, p in ctx.learner.lessons.items() if p.status == "completed"} | {lesson_id}
    order = ctx.library.lesson_order()
    path = ctx.library.modules[0].lessons if ctx.library.modules else ()
    topic = next((t.lessons for t in ctx.library.topics if lesson_id in t.lessons), ())
    # On the starting path, keep to the path; otherwise finish the topic first.
    start = order.index(lesson_id) + 1 if lesson_id in order else 0
    candidates = order[start:] + order[:start]
    if lesson_id not in path and topic:
        candidates = topic[topic.index(lesson_id) + 1 :] + candidates
    following = next((lid for lid in candidates if lid not in done), None)
    return f"{following}:0" if following else ""


def _on_quiz(state: DialogState, option: str, ctx: Context) -> Step:
    lesson = ctx.library.lesson(state.lesson)
    if lesson is None or state.question >= len(lesson.quiz) or not option.startswith("a"):
        return enter(ctx, state.to(S.MENU))
    question = lesson.quiz[state.question]
    chosen = int(option[1:])
    correct = question.options[chosen].correct
    events: tuple[Event, ...] = (AnswerGiven(lesson.id, lesson.version, question.id, chosen, correct, "quiz"),)
    feedback = _feedback(voice(ctx), question, chosen)
    score = state.correct + int(correct)
    if state.question + 1 < len(lesson.quiz):
        return enter(
            ctx,
            state.to(
                S.QUIZ,
                question=state.question + 1,
                correct=score,
                bookmark=quiz_mark(lesson.id, state.question + 1, score),
            ),
            say(feedback),
            events,
        )
    return _finish_quiz(state, ctx, lesson, score, feedback, events)


def _render_result(state: DialogState, ctx: Context) -> Screen:
    lesson = ctx.library.lesson(state.lesson)
    v = voice(ctx)
    if lesson is None:
        return choices(state, "Bài này không còn nữa ạ.", (MENU,))
    total = len(lesson.quiz)
    need = need_to_pass(total, ctx.settings.pass_ratio)
    saved = "" if ctx.learner.profile.consent else "\n" + v.say(NOT_SAVED)
    if state.correct >= need:
        text = v.say(PASSED, title=lesson.title, score=state.correct, total=total) + saved
        has_next = bool(state.bookmark)
        return choices(state, text, ((NEXT_LESSON,) if has_next else ()) + (TOPICS, MENU))
    text = v.say(FAILED, score=state.correct, total=total, need=need) + saved
    return choices(state, text, (RETRY, REREAD, MENU))


def _on_result(state: DialogState, option: str, ctx: Context) -> Step:
    lesson = ctx.library.lesson(state.lesson)
    if lesson is None or option == MENU.id:
        return enter(ctx, state.to(S.MENU))
    if option == RETRY.id:
        return start_quiz(state, ctx, lesson)
    if option == REREAD.id:
        return open_lesson(state, ctx, lesson)
    if option == TOPICS.id:
        return enter(ctx, state.to(S.LESSONS, topic=lesson.topic))
    return continue_learning(state, ctx)


# --- review --------------------------------------------------------------------------


def start_review(state: DialogState, ctx: Context) -> Step:
    v = voice(ctx)
    if not ctx.learner.profile.consent:
        return enter(ctx, state.to(S.MENU), say(v.say(NO_REVIEW_CONSENT)))
    due = tuple(q for q in ctx.learner.due_reviews if ctx.library.question(q))[: ctx.settings.review_batch]
    if not due:
        return enter(ctx, state.to(S.MENU), say(v.say(NO_REVIEW)))
    return enter(ctx, state.to(S.REVIEW, queue=due, question=0, correct=0))


def review_command(state: DialogState, args: str, ctx: Context) -> Step:
    """/ontap, "ôn tập", the menu's Ôn tập: the questions due for review."""
    return start_review(state, ctx)


def _render_review(state: DialogState, ctx: Context) -> Screen:
    found = ctx.library.question(state.queue[state.question]) if state.question < len(state.queue) else None
    if found is None:
        return choices(state, "Câu này không còn nữa ạ.", (MENU,))
    header = f"🔁 Ôn tập {state.question + 1}/{len(state.queue)} — bài “{found[0].title}”"
    return _question_screen(state, voice(ctx), header, found[1])


def _on_review(state: DialogState, option: str, ctx: Context) -> Step:
    found = ctx.library.question(state.queue[state.question]) if state.question < len(state.queue) else None
    if found is None or not option.startswith("a"):
        return enter(ctx, state.to(S.MENU, queue=()))
    lesson, question = found
    chosen = int(option[1:])
    correct = question.options[chosen].correct
    event = AnswerGiven(lesson.id, lesson.version, question.id, chosen, correct, "review")
    feedback = _feedback(voice(ctx), question, chosen)
    score = state.correct + int(correct)
    if state.question + 1 < len(state.queue):
        return enter(ctx, state.to(S.REVIEW, question=state.question + 1, correct=score), say(feedback), (event,))
    summary = voice(ctx).say(REVIEW_DONE, score=score, total=len(state.queue))
    return enter(ctx, state.to(S.MENU, queue=(), question=0, correct=0), say(feedback, summary), (event,))


FLOW = Flow(
    "quiz",
    states=(
        StateSpec(S.QUIZ, _render_quiz, _on_quiz, edges=(("trả lời, còn câu", S.QUIZ), ("câu cuối", S.QUIZ_RESULT))),
        StateSpec(
            S.QUIZ_RESULT,
            _render_result,
            _on_result,
            edges=(
                ("làm lại", S.QUIZ),
                ("đọc lại / bài tiếp", S.LESSON_CARD),
                ("bài tiếp đang làm dở", S.QUIZ),
                ("chủ đề khác", S.LESSONS),
                ("về menu", S.MENU),
            ),
        ),
        StateSpec(S.REVIEW, _render_review, _on_review, edges=(("trả lời, còn câu", S.REVIEW), ("ôn xong", S.MENU))),
    ),
    commands=(Command(("ontap",), review_command, (S.REVIEW, S.MENU), ("on tap",), "/ontap"),),
)
