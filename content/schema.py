"""The shape of lesson files. Loading refuses anything that does not fit."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

MAX_CARD_CHARS = 700
MAX_OPTION_CHARS = 120
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"

QuestionKind = Literal["single", "truefalse", "scam"]
MEDIA_FILE = r"^[a-z0-9]+(-[a-z0-9]+)*\.(png|jpg)$"
AUDIO_FILE = r"^[a-z0-9]+(-[a-z0-9]+)*\.(ogg|mp3|m4a)$"
MAX_DEFINITION_CHARS = 220
MAX_FAQ_ANSWER_CHARS = 420


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Option(_Strict):
    text: str = Field(min_length=1, max_length=MAX_OPTION_CHARS)
    correct: bool = False
    why: str = Field(min_length=1, max_length=MAX_CARD_CHARS)


class Question(_Strict):
    id: str = Field(pattern=ID_PATTERN, max_length=48)
    kind: QuestionKind
    prompt: str = Field(min_length=1, max_length=MAX_CARD_CHARS)
    # For "scam" items: the suspicious message itself, shown before the prompt.
    message: str | None = Field(default=None, max_length=MAX_CARD_CHARS)
    options: tuple[Option, ...] = Field(min_length=2, max_length=4)
    facts: tuple[str, ...] = ()
    # The id of a shipped question this one corrects; the old id is retired.
    replaces: str | None = Field(default=None, pattern=ID_PATTERN)

    @model_validator(mode="after")
    def _one_correct_answer(self) -> Question:
        correct = sum(1 for option in self.options if option.correct)
        if correct != 1:
            raise ValueError(f"exactly one option must be correct, found {correct}")
        if self.kind == "truefalse" and len(self.options) != 2:
            raise ValueError("a truefalse question has exactly 2 options")
        if self.kind == "scam" and len(self.options) not in (2, 3):
            raise ValueError("a scam question has 2 options (scam / not) or 3 (scam / suspicious / ordinary)")
        if self.kind == "scam" and not self.message:
            raise ValueError("a scam question needs the suspicious `message`")
        return self

    @property
    def answer_index(self) -> int:
        return next(i for i, option in enumerate(self.options) if option.correct)


class CardImage(_Strict):
    """A picture drawn for the card (content/media/FILE), never a copied screenshot."""

    file: str = Field(pattern=MEDIA_FILE)
    # Read aloud by screen readers and printed where a channel shows no images.
    alt: str = Field(min_length=10, max_length=200)


class CardAudio(_Strict):
    """A voice note (content/media/FILE), e.g. a commune officer explaining the card in Tày."""

    file: str = Field(pattern=AUDIO_FILE)
    language: str = Field(min_length=2, max_length=30)
    # What the recording says, in Vietnamese: shown where a channel cannot play audio.
    transcript: str = Field(min_length=1, max_length=MAX_CARD_CHARS)


class Card(_Strict):
    text: str = Field(min_length=1, max_length=MAX_CARD_CHARS)
    # A simpler re-explanation ("Nói lại dễ hiểu hơn"), where the card is hard.
    simple: str | None = Field(default=None, max_length=MAX_CARD_CHARS)
    facts: tuple[str, ...] = ()
    image: CardImage | None = None
    audio: CardAudio | None = None


class Lesson(_Strict):
    id: str = Field(pattern=ID_PATTERN, max_length=48)
    version: int = Field(ge=1)
    topic: str = Field(pattern=ID_PATTERN)
    title: str = Field(min_length=3, max_length=80)
    level: int = Field(ge=1, le=3)
    minutes: int = Field(ge=1, le=5)
    keywords: tuple[str, ...] = Field(min_length=1)
    cards: tuple[Card, ...] = Field(min_length=3, max_length=7)
    quiz: tuple[Question, ...] = Field(min_length=3)

    @field_validator("keywords")
    @classmethod
    def _keywords_not_blank(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if any(not word.strip() for word in value):
            raise ValueError("a keyword is blank")
        return value


class Topic(_Strict):
    id: str = Field(pattern=ID_PATTERN)
    title: str = Field(min_length=3, max_length=60)
    lessons: tuple[str, ...] = ()


class Module(_Strict):
    id: str = Field(pattern=ID_PATTERN)
    title: str = Field(min_length=3, max_length=60)
    lessons: tuple[str, ...] = Field(min_length=1)


class Term(_Strict):
    """A word learners meet (link, OTP, ví điện tử...) with a one-sentence plain definition."""

    id: str = Field(pattern=ID_PATTERN)
    term: str = Field(min_length=1, max_length=40)
    # Other ways the word is written in lessons and typed by learners ("đường link", "liên kết").
    variants: tuple[str, ...] = ()
    definition: str = Field(min_length=1, max_length=MAX_DEFINITION_CHARS)
    facts: tuple[str, ...] = ()


class FaqEntry(_Strict):
    """A question learners ask, in the ways they ask it, with a short answer from the facts."""

    id: str = Field(pattern=ID_PATTERN)
    topic: str = Field(pattern=ID_PATTERN)
    questions: tuple[str, ...] = Field(min_length=2)
    answer: str = Field(min_length=1, max_length=MAX_FAQ_ANSWER_CHARS)
    facts: tuple[str, ...] = Field(min_length=1)
    # The lesson to open for more ("Mở bài học"), if one covers it.
    lesson: str | None = Field(default=None, pattern=ID_PATTERN)
