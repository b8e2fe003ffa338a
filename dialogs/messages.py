"""Platform-independent messages: what a channel hands in and what it renders."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class InboundKind(StrEnum):
    TEXT = "text"
    CHOICE = "choice"  # a button tap: an option id plus the screen it was drawn on
    COMMAND = "command"  # "/name args"
    MEDIA = "media"  # photo, sticker, voice, file... anything we cannot read
    REMINDER = "reminder"  # a due reminder fed back by the scheduler
    PUSH = "push"  # a Digital Ambassador sent this learner a lesson (option: lesson id, text: sender)
    ANNOUNCE = "announce"  # an announcement carrying a lesson (option: lesson id, text: the announcement)
    FORWARDED = "forwarded"  # a message the learner forwarded from elsewhere (text or caption), to check


# Turns the shell starts for a learner who did not write: they never count as the learner seen.
NOT_FROM_LEARNER = frozenset({InboundKind.REMINDER, InboundKind.PUSH, InboundKind.ANNOUNCE})


@dataclass(frozen=True, slots=True)
class Inbound:
    kind: InboundKind
    text: str = ""
    option: str = ""
    screen: int = -1
    command: str = ""
    media: str = ""

    @classmethod
    def from_text(cls, raw: str) -> Inbound:
        """Typed text; a leading slash makes it a command, as every platform does."""
        stripped = raw.strip()
        if stripped.startswith("/") and len(stripped) > 1:
            head, _, rest = stripped[1:].partition(" ")
            name = head.split("@", 1)[0].lower()
            return cls(InboundKind.COMMAND, text=rest.strip(), command=name)
        return cls(InboundKind.TEXT, text=raw)

    @property
    def from_learner(self) -> bool:
        """False for turns the shell starts (a due reminder, a family push): last_seen stays."""
        return self.kind not in NOT_FROM_LEARNER

    @classmethod
    def push(cls, lesson_id: str, sender: str, nudge: bool = False) -> Inbound:
        return cls(InboundKind.PUSH, text=sender, option=lesson_id, command="nudge" if nudge else "push")

    @classmethod
    def forwarded(cls, text: str) -> Inbound:
        return cls(InboundKind.FORWARDED, text=text)

    @classmethod
    def announce(cls, text: str, lesson_id: str) -> Inbound:
        return cls(InboundKind.ANNOUNCE, text=text, option=lesson_id)

    @classmethod
    def choice(cls, option: str, screen: int) -> Inbound:
        return cls(InboundKind.CHOICE, option=option, screen=screen)

    @classmethod
    def unsupported(cls, media: str) -> Inbound:
        return cls(InboundKind.MEDIA, media=media)


@dataclass(frozen=True, slots=True)
class Option:
    id: str
    label: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Text:
    text: str


@dataclass(frozen=True, slots=True)
class Choices:
    """A question with options; channels draw buttons or a numbered list."""

    text: str
    options: tuple[Option, ...]
    screen: int
    # A hint for channels with buttons: replace the previous bot message in place.
    edit_previous: bool = False


@dataclass(frozen=True, slots=True)
class Image:
    """An image the application shell produces (e.g. a certificate) named by key."""

    key: str
    caption: str = ""


@dataclass(frozen=True, slots=True)
class Voice:
    """A voice note named by key (a lesson's recording, e.g. in Tày), with what it says in
    Vietnamese for channels that cannot play it and for learners who cannot listen now."""

    key: str
    transcript: str
    language: str = ""


@dataclass(frozen=True, slots=True)
class Link:
    url: str
    label: str


Outbound = Text | Choices | Image | Link | Voice


@dataclass(frozen=True, slots=True)
class Screen:
    """What a state shows. The options are what a tap, a number or a label can pick."""

    messages: tuple[Outbound, ...]
    options: tuple[Option, ...] = ()
