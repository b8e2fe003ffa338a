"""Our abstract messages as Bot API calls: split texts, inline keyboards, callback data."""

from __future__ import annotations

import hashlib
import re
from collections.abc import AsyncGenerator
from typing import Any

from aiogram.enums import ChatAction
from aiogram.methods import EditMessageText, SendChatAction, SendMessage, SendPhoto, SendVoice, TelegramMethod
from aiogram.types import BufferedInputFile, InlineKeyboardButton, InlineKeyboardMarkup

from bot.channels.base import MediaSource
from dialogs.messages import Choices, Image, Inbound, Link, Outbound, Text, Voice

MAX_TEXT = 4096  # sendMessage.text
MAX_CAPTION = 1024
MAX_CALLBACK_BYTES = 64
SHORT_LABEL = 16  # two such buttons fit side by side on a small phone
LONG_LABEL = 30  # longer than this, a button cuts the label: the full text goes in the message
_SENTENCE_END = re.compile(r"(?:[.!?…]+[)”\"»]?(?=\s)|\n)")
_REMEMBERED = 10_000

Call = TelegramMethod[Any]


def utf16_units(text: str) -> int:
    """Length as Telegram's clients measure it; never fewer than the characters."""
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Cut a long text at sentence ends (else at a space) into pieces Telegram accepts."""
    pieces: list[str] = []
    rest = text.strip()
    while utf16_units(rest) > limit:
        cut = _cut_point(rest, limit)
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return pieces


def _cut_point(text: str, limit: int) -> int:
    prefix = text[:limit]
    while (excess := utf16_units(prefix) - limit) > 0:
        prefix = prefix[:-excess]
    ends = [m.end() for m in _SENTENCE_END.finditer(prefix)]
    if ends and ends[-1] > limit // 2:
        return ends[-1]
    space = prefix.rfind(" ")
    return space if space > limit // 2 else len(prefix)


class CallbackCodec:
    """`screen:option` in the button; the engine checks both against the learner's state.

    Option ids are short (the longest today is "l:" plus a 48-character lesson id), so the
    plain form always fits. Should a longer id ever appear, its button carries a digest
    that this process remembers; a digest it does not know arrives as a stale tap, which
    the engine answers with the current screen, so nothing wrong can happen.
    """

    def __init__(self) -> None:
        self._long: dict[str, str] = {}

    def encode(self, screen: int, option_id: str) -> str:
        plain = f"{screen}:{option_id}"
        if len(plain.encode()) <= MAX_CALLBACK_BYTES:
            return plain
        digest = hashlib.blake2s(option_id.encode(), digest_size=12).hexdigest()
        if len(self._long) >= _REMEMBERED:
            self._long.clear()
        self._long[digest] = option_id
        return f"{screen}#{digest}"

    def decode(self, data: str) -> Inbound:
        head, sep, tail = data.partition(":")
        if not sep:
            head, sep, digest = data.partition("#")
            tail = self._long.get(digest, "") if sep else ""
        screen = int(head) if head.isdecimal() and len(head) < 12 else -1
        return Inbound.choice(tail, screen)


def keyboard(choices: Choices, codec: CallbackCodec, numbered: bool) -> InlineKeyboardMarkup:
    buttons = [
        InlineKeyboardButton(
            text=f"{index}. {option.label}" if numbered else option.label,
            callback_data=codec.encode(choices.screen, option.id),
        )
        for index, option in enumerate(choices.options, start=1)
    ]
    short = len(buttons) > 1 and all(len(o.label) <= SHORT_LABEL for o in choices.options)
    width = 2 if short else 1
    return InlineKeyboardMarkup(inline_keyboard=[buttons[i : i + width] for i in range(0, len(buttons), width)])


def choices_text(choices: Choices) -> tuple[str, bool]:
    """The question, with a numbered list of the options when buttons would cut them."""
    numbered = any(len(o.label) > LONG_LABEL for o in choices.options)
    text = choices.text.strip() or "👇"
    if numbered:
        text += "\n\n" + "\n".join(f"{i}. {o.label}" for i, o in enumerate(choices.options, start=1))
    return text, numbered


class Renderer:
    """Turns one Outbound into the API calls that draw it, in order."""

    def __init__(self, codec: CallbackCodec, media: MediaSource) -> None:
        self.codec, self.media = codec, media

    async def calls(
        self, chat_id: int | str, message: Outbound, *, typing: bool = False, edit: int | None = None
    ) -> AsyncGenerator[Call, None]:
        if isinstance(message, Text):
            for piece in split_text(message.text):
                yield SendMessage(chat_id=chat_id, text=piece)
        elif isinstance(message, Choices):
            for call in self._choices(chat_id, message, edit):
                yield call
        elif isinstance(message, Link):
            yield SendMessage(chat_id=chat_id, text=f"{message.label}: {message.url}")
        elif isinstance(message, Voice):
            async for call in self._voice(chat_id, message):
                yield call
        else:
            async for call in self._image(chat_id, message, typing):
                yield call

    def _choices(self, chat_id: int | str, choices: Choices, edit: int | None) -> list[Call]:
        text, numbered = choices_text(choices)
        *before, last = split_text(text) or ["👇"]
        markup = keyboard(choices, self.codec, numbered) if choices.options else None
        calls: list[Call] = [SendMessage(chat_id=chat_id, text=piece) for piece in before]
        if edit is not None and choices.edit_previous and not before:
            calls.append(EditMessageText(chat_id=chat_id, message_id=edit, text=last, reply_markup=markup))
        else:
            calls.append(SendMessage(chat_id=chat_id, text=last, reply_markup=markup))
        return calls

    async def _image(self, chat_id: int | str, image: Image, typing: bool) -> AsyncGenerator[Call, None]:
        if typing:  # drawing a certificate takes a moment: show that something is coming
            yield SendChatAction(chat_id=chat_id, action=ChatAction.UPLOAD_PHOTO)
        png = await self.media(image.key)
        if png is not None:
            name = image.key.rsplit(":", 1)[-1] + ".png"
            caption = image.caption[:MAX_CAPTION] or None
            yield SendPhoto(chat_id=chat_id, photo=BufferedInputFile(png, filename=name), caption=caption)
        elif image.caption:
            yield SendMessage(chat_id=chat_id, text=image.caption)

    async def _voice(self, chat_id: int | str, voice: Voice) -> AsyncGenerator[Call, None]:
        """A lesson's recording with what it says as the caption; the words alone without it."""
        audio = await self.media(voice.key)
        if audio is not None:
            name = voice.key.rsplit(":", 1)[-1]
            caption = voice.transcript[:MAX_CAPTION] or None
            yield SendVoice(chat_id=chat_id, voice=BufferedInputFile(audio, filename=name), caption=caption)
        elif voice.transcript:
            yield SendMessage(chat_id=chat_id, text=f"🔊 {voice.transcript}")


def as_new_message(call: EditMessageText) -> SendMessage:
    """When a message can no longer be edited, send the same content as a new one."""
    markup = call.reply_markup if isinstance(call.reply_markup, InlineKeyboardMarkup) else None
    return SendMessage(chat_id=call.chat_id or 0, text=call.text or "👇", reply_markup=markup)
