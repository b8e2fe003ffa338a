"""Our abstract messages as Zalo texts: no buttons, so choices become a numbered list.

Zalo takes 1–2000 characters per message; longer text is cut at sentence ends, never
inside a word unless one "word" alone is longer than a message.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from content.textfold import fold
from dialogs.messages import Choices, Image, Link, Outbound, Text, Voice

MAX_CHARS = 2000
HINT = "Gõ số để chọn."
# A break after . ! ? … (maybe closed by a quote or bracket), or at a line end. A period
# after a digit is left alone: "1. Tiếp" is a list item, not the end of a sentence.
_SENTENCE_BREAK = re.compile(r"(?:(?<=[^\d\s][.!?…])|(?<=[.!?…][”\"’')»]))[ \t]+|\n+")
_SPACE_BREAK = re.compile(r"\s+")


def size(text: str) -> int:
    """Length as a JavaScript server counts it (UTF-16 units): never less than len()."""
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int = MAX_CHARS) -> list[str]:
    """Pieces of at most `limit` characters, cut at the last sentence end that fits."""
    text = text.strip()
    if size(text) <= limit:
        return [text] if text else []
    chunks: list[str] = []
    current = ""
    for piece in _pieces(text, limit):
        if current and size(current + piece.rstrip()) > limit:
            chunks.append(current.rstrip())
            current = ""
        current += piece
    if current.strip():
        chunks.append(current.rstrip())
    return chunks


def _pieces(text: str, limit: int) -> Iterable[str]:
    """Sentences with the space after them; a sentence too long alone, word by word."""
    for sentence in _cut_after(text, _SENTENCE_BREAK):
        if size(sentence.rstrip()) <= limit:
            yield sentence
            continue
        for word in _cut_after(sentence, _SPACE_BREAK):
            yield from _hard_cut(word, limit)


def _cut_after(text: str, breaks: re.Pattern[str]) -> Iterable[str]:
    start = 0
    for found in breaks.finditer(text):
        if found.end() > start:
            yield text[start : found.end()]
            start = found.end()
    if start < len(text):
        yield text[start:]


def _hard_cut(word: str, limit: int) -> Iterable[str]:
    """Only a single run of more than `limit` characters with no space (a pasted link) gets here."""
    while size(word.rstrip()) > limit:
        cut = limit
        while size(word[:cut]) > limit:
            cut -= 1
        yield word[:cut]
        word = word[cut:]
    yield word


def render_choices(message: Choices) -> str:
    lines = [f"{number}. {option.label}" for number, option in enumerate(message.options, start=1)]
    already_says_how = "go so" in fold(message.text)
    hint = [HINT] if lines and not already_says_how else []
    return "\n".join([message.text, *lines, *hint]).strip()


@dataclass(frozen=True, slots=True)
class Photo:
    """A sendPhoto: Zalo fetches the image from a public URL our web server answers."""

    url: str
    caption: str


def render_one(message: Outbound, media_base: str = "") -> str | Photo:
    if isinstance(message, Text):
        return message.text
    if isinstance(message, Choices):
        return render_choices(message)
    if isinstance(message, Link):
        return f"{message.label}\n{message.url}"
    if isinstance(message, Image):
        # Zalo's sendPhoto wants a public image URL it fetches itself. Without PUBLIC_BASE_URL
        # we have none, so the learner gets the caption (a certificate's carries its code).
        kind, _, code = message.key.partition(":")
        if media_base and kind and code:
            return Photo(f"{media_base.rstrip('/')}/media/{kind}/{code}.png", message.caption[:MAX_CHARS])
        return message.caption
    if isinstance(message, Voice):
        # Zalo's sendVoice is not documented for bots (one SDK wants .aac): the words instead.
        return f"🔊 {message.transcript}"
    raise TypeError(f"unknown outbound message {type(message).__name__}")


def render(messages: Sequence[Outbound], media_base: str = "") -> list[str | Photo]:
    """Every send, in order: texts within Zalo's limit (empty ones dropped) and photos."""
    sends: list[str | Photo] = []
    for message in messages:
        rendered = render_one(message, media_base)
        sends += [rendered] if isinstance(rendered, Photo) else list(split_text(rendered))
    return sends
