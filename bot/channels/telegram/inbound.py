"""What a Telegram update means for the tutor: one Inbound, or nothing."""

from __future__ import annotations

from aiogram.enums import ChatType, ContentType
from aiogram.types import BotCommand, Message, Update

from dialogs.messages import Inbound
from dialogs.voice import Voice

# What a person can send that we cannot read; service messages (pins, joins...) are ignored.
MEDIA_KINDS = frozenset(
    {
        ContentType.ANIMATION,
        ContentType.AUDIO,
        ContentType.CHECKLIST,
        ContentType.CONTACT,
        ContentType.DICE,
        ContentType.DOCUMENT,
        ContentType.GAME,
        ContentType.LIVE_PHOTO,
        ContentType.LOCATION,
        ContentType.PAID_MEDIA,
        ContentType.PHOTO,
        ContentType.POLL,
        ContentType.STICKER,
        ContentType.STORY,
        ContentType.VENUE,
        ContentType.VIDEO,
        ContentType.VIDEO_NOTE,
        ContentType.VOICE,
    }
)
ALLOWED_UPDATES = ["message", "callback_query"]
COMMANDS = (
    BotCommand(command="batdau", description="Bắt đầu học"),
    BotCommand(command="hoc", description="Học tiếp bài đang dở"),
    BotCommand(command="ontap", description="Ôn lại các câu chưa nhớ"),
    BotCommand(command="tiendo", description="Xem tiến độ học"),
    BotCommand(command="caidat", description="Cài đặt xưng hô, giờ nhắc học"),
    BotCommand(command="trogiup", description="Hướng dẫn sử dụng"),
    BotCommand(command="menu", description="Về menu chính"),
    BotCommand(command="xacminh", description="Xác minh giấy chứng nhận"),
    BotCommand(command="dulieucuatoi", description="Xem dữ liệu đã lưu về tôi"),
    BotCommand(command="xoadulieu", description="Xóa dữ liệu của tôi"),
    BotCommand(command="tatnhacnho", description="Tắt nhắc học"),
)
GROUP_NOTE = "{Me} chỉ dạy học khi nhắn riêng thôi ạ. {You} mở trò chuyện riêng với {me} để bắt đầu nhé"


def message_inbound(message: Message) -> Inbound | None:
    """Text (a leading slash makes a command), a forwarded message's text or caption (to check for
    scams), unreadable media, or None for service messages."""
    kind = message.content_type
    if message.forward_origin is not None and (message.text is not None or kind in MEDIA_KINDS):
        words = message.text if message.text is not None else message.caption
        return Inbound.forwarded(words or "")  # a picture without words gets a note asking for them
    if message.text is not None:
        return Inbound.from_text(message.text)
    return Inbound.unsupported(str(kind)) if kind in MEDIA_KINDS else None


def is_private(message: Message) -> bool:
    return message.chat.type == ChatType.PRIVATE


def command_for_us(message: Message, username: str) -> bool:
    """ "/cmd" or "/cmd@ourbot" in a group; "/cmd@otherbot" belongs to someone else."""
    text = message.text or ""
    if not text.startswith("/") or len(text) < 2:
        return False
    head = text[1:].split(maxsplit=1)[0] if text[1:].strip() else ""
    _, at, target = head.partition("@")
    return not at or (bool(username) and target.lower() == username.lower())


def group_note(username: str) -> str:
    voice = Voice()
    note = voice.say(GROUP_NOTE.replace("{Me}", voice.me.capitalize()))
    return f"{note}: https://t.me/{username}" if username else f"{note}."


def order_key(update: Update) -> int:
    """Updates from one chat are handled in the order they came; different chats in parallel."""
    if update.message is not None:
        return update.message.chat.id
    if update.callback_query is not None:
        return update.callback_query.from_user.id
    return 0
