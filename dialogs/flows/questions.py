"""Questions answered from the library, mid-lesson or anywhere, and back to the same place.

Free text that no screen understood is read as a possible question (content.search: FAQ,
glossary, lesson cards). A sure answer is library text, which cites the fact sheet; an unsure
one is said honestly, with the topic list and the people who can help. Either way the learner
returns to exactly where they were. What could not be answered is counted by topic (the shell
keeps the text only with consent, and not for long).
"""

from __future__ import annotations

from dataclasses import dataclass

from dialogs.context import Context
from dialogs.core import Exit, Flow, Step, aside, enter, go_back, line, menu, voice
from dialogs.events import DomainEvent
from dialogs.flows import onboarding
from dialogs.flows.common import WORD
from dialogs.flows.lessons import open_lesson
from dialogs.messages import Option, Text
from dialogs.state import DialogState, StateName
from dialogs.understanding import How, Picked, looks_like_question

S = StateName
# A question reads as one ("?", "là gì", "làm sao"); a statement is searched only when long enough
# to be one ("rồi tiếp đi" is an answer the screen did not catch, not a question).
MIN_STATEMENT_WORDS = 5
TOPIC_WORDS = 3  # "lua dao", "vneid", "thanh toan so": a topic named in a few words
KEPT_CHARS = 300


@dataclass(frozen=True, slots=True)
class QuestionAsked(DomainEvent):
    """A question typed to the tutor: answered or not, its nearest topic, and its text (which
    the shell keeps only when the learner consented, for a limited time, to improve lessons)."""

    answered: bool
    topic: str
    text: str


ANSWER_TEXT = "💡 {answer}"
NOT_SURE = "Câu này {me} chưa dám trả lời chắc ạ, vì sợ nói sai."
ASK_PEOPLE = "{You} hỏi Tổ công nghệ số cộng đồng ở thôn, xã mình, hoặc xem các chủ đề bài học nhé."
ASK_AMBASSADOR = "{You} hỏi Đại sứ số của mình, hoặc xem các chủ đề bài học nhé."
WHAT_NEXT = "{You} muốn làm gì tiếp ạ?"
BACK = Option("back", "Quay lại chỗ đang học", ("quay lai", "tro lai", "hoc tiep", "tiep"))
TOPICS = Option("topics", "Xem các chủ đề bài học", ("chu de", "xem chu de", "bai hoc"))
OPEN = Option("open", "Mở bài học này", ("mo bai", "mo bai hoc", "hoc bai nay"))
ANSWER_LESSON = "answer_lesson"


def topic(state: DialogState, text: str, ctx: Context) -> Step | None:
    """A topic named in a few words anywhere ("lua dao", "vneid", "thanh toan"): its lessons."""
    words = len(WORD.findall(text))
    if state.name is S.NEW or state.name in onboarding.STATES or not 1 <= words <= TOPIC_WORDS:
        return None
    shown = tuple(Option(t.id, t.title) for t in ctx.library.topics if t.lessons)
    reading = ctx.readers.reply.choice(text, shown)
    if not isinstance(reading, Picked) or reading.how is How.NUMBER:  # "2" names no topic here
        return None
    return enter(ctx, state.to(S.LESSONS, topic=reading.option.id, back="", extra={}))


def answer(state: DialogState, text: str, ctx: Context) -> Step | None:
    """A fallback of the engine: the library's answer to free text, or None to let it be a miss."""
    search = ctx.readers.search
    asked = looks_like_question(text)
    words = len(WORD.findall(text))
    if search is None or words == 0 or (not asked and words < MIN_STATEMENT_WORDS):
        return None
    found = search.ask(text)
    if not found.confident and not asked:
        return None
    event = QuestionAsked(found.confident, search.topic_of(found) or "", text[:KEPT_CHARS])
    if found.confident and found.text:
        said = line(ctx, ANSWER_TEXT, answer=voice(ctx).fill(found.text))
        lesson = found.lesson if found.lesson and ctx.library.lesson(found.lesson) else ""
        return aside(ctx, state, S.ANSWER, (Text(said),), (event,), extra={ANSWER_LESSON: lesson})
    people = ASK_AMBASSADOR if ctx.learner.has_ambassador else ASK_PEOPLE
    before = (Text(line(ctx, NOT_SURE) + " " + line(ctx, people)),)
    return aside(ctx, state, S.ANSWER, before, (event,), extra={ANSWER_LESSON: ""})


def _shown(state: DialogState, ctx: Context) -> tuple[Option, ...]:
    lesson = ctx.library.lesson(state.extra.get(ANSWER_LESSON, ""))
    if lesson is None:
        return (BACK, TOPICS)
    return (Option(OPEN.id, f"Mở bài “{lesson.title}”", OPEN.aliases), BACK)


def _open(state: DialogState, option: str, ctx: Context) -> Step:
    lesson = ctx.library.lesson(state.extra.get(ANSWER_LESSON, ""))
    if lesson is None:
        return go_back(state, ctx)
    return open_lesson(state.to(S.LESSON_CARD, back="", extra={}), ctx, lesson)


def _back(state: DialogState, option: str, ctx: Context) -> Step:
    return go_back(state, ctx)


def _topics(state: DialogState, option: str, ctx: Context) -> Step:
    return enter(ctx, state.to(S.TOPICS, back="", extra={}))


FLOW = Flow(
    "questions",
    states=(
        menu(
            S.ANSWER,
            lambda state, ctx: line(ctx, WHAT_NEXT),
            (Exit(OPEN, S.LESSON_CARD, _open), Exit(BACK, S.MENU, _back), Exit(TOPICS, S.TOPICS, _topics)),
            shown=_shown,
            returns=True,
        ),
    ),
    fallbacks=(topic, answer),
    anywhere=(("một câu hỏi gõ tự do", S.ANSWER), ("tên một chủ đề", S.LESSONS)),
)
