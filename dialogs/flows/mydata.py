"""/dulieucuatoi: what is kept about the learner, in plain words.

The 2025 personal-data law (No. 91/2025/QH15) gives everyone the right to see the data held
about them. The shell reads it (bot/learner_data.py) into ctx.data[DATA_STORED]; this module
only words it: a few short messages, no field names, then the learner's screen again.
`hocvuso learner export` prints the same words, or the same data as JSON for support staff.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from content.library import Library
from content.places import PlaceIndex
from dialogs.context import Context
from dialogs.core import Step, line, say, stay, voice
from dialogs.state import DialogState
from dialogs.voice import Voice

DATA_STORED = "account.stored"
WORDS = ("du lieu cua toi", "xem du lieu cua toi")
AGE_LABELS = {"duoi-30": "dưới 30", "30-59": "30–59", "60+": "60 trở lên"}
CHANNELS = {"telegram": "Telegram", "zalo": "Zalo", "console": "máy tính"}
ROLES = {"ambassador": "Đại sứ số", "admin": "quản trị viên"}

PROFILE_HEAD = "📋 Những gì {me} đang lưu về {you}:"
NO_CONSENT = (
    "📋 {You} chưa đồng ý cho lưu, nên {me} chỉ giữ mã tài khoản {channel} mà {you} dùng để nhắn tin "
    "và chỗ {you} đang dừng trong cuộc trò chuyện, để trả lời được {you}."
)
LEARNING_HEAD = "📚 Việc học:"
NO_LESSONS = "📚 Việc học: chưa có bài nào."
CERTS_HEAD = "🎓 Giấy chứng nhận:"
COMMUNITY_HEAD = "👨‍👩‍👧 Gia đình số và vai trò:"
RIGHTS = (
    "🔒 {Me_cap} không bao giờ lưu số căn cước, mật khẩu, mã OTP hay số thẻ ngân hàng.\n"
    "Ai quản lý dữ liệu này: {controller}.\n"
    "Muốn xóa hết, {you} gõ /xoadulieu."
)
UNAVAILABLE = "{Me_cap} chưa đọc được dữ liệu lúc này ạ. {You} thử lại sau ít phút nhé."


@dataclass(frozen=True, slots=True)
class LessonRecord:
    lesson_id: str
    completed: bool
    started_on: date | None
    completed_on: date | None
    score: int
    total: int


@dataclass(frozen=True, slots=True)
class CertificateRecord:
    module_id: str
    code: str
    issued_on: date


@dataclass(frozen=True, slots=True)
class FamilyRecord:
    family: str
    ambassador: str  # the name the family's Digital Ambassador goes by
    leads: bool  # True when this learner is that ambassador


@dataclass(frozen=True, slots=True)
class StoredData:
    """Everything kept about one learner (local dates), as the shell read it."""

    channel: str
    consent: bool | None
    address: str
    name: str
    age_group: str
    place: str
    reminder_time: str
    announcements: bool
    first_seen: date
    lessons: tuple[LessonRecord, ...] = ()
    certificates: tuple[CertificateRecord, ...] = ()
    review_questions: int = 0
    answers: int = 0
    families: tuple[FamilyRecord, ...] = ()
    roles: tuple[str, ...] = ()


def show(state: DialogState, args: str, ctx: Context) -> Step:
    data = ctx.data.get(DATA_STORED)
    if not isinstance(data, StoredData):
        return stay(state, ctx, say(line(ctx, UNAVAILABLE)))
    words = describe(data, ctx.library, ctx.places, ctx.settings.data_controller, voice(ctx))
    return stay(state, ctx, say(*words))


def describe(data: StoredData, library: Library, places: PlaceIndex, controller: str, v: Voice) -> tuple[str, ...]:
    """One short message per kind of data, and what the learner may do about it."""
    channel = CHANNELS.get(data.channel, data.channel)
    messages = [_profile(data, places, v, channel) if data.consent else v.say(NO_CONSENT, channel=channel)]
    if data.consent:
        messages.append(_learning(data, library))
    if data.families or data.roles:
        messages.append(_community(data, v))
    messages.append(v.say(RIGHTS, controller=controller))
    return tuple(messages)


def _day(day: date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else "?"


def _profile(data: StoredData, places: PlaceIndex, v: Voice, channel: str) -> str:
    place = places.get(data.place)
    lines = [
        v.say(PROFILE_HEAD),
        f"• Cách xưng hô: {data.address or 'chưa chọn'}",
        f"• Tên gọi: {data.name or 'chưa có'}",
        f"• Nhóm tuổi: {AGE_LABELS.get(data.age_group, 'chưa chọn')}",
        f"• Xã/phường: {place.label if place else 'khác' if data.place else 'chưa chọn'}",
        f"• Giờ nhắc học: {data.reminder_time or 'không nhắc'}",
        "• Đồng ý lưu tiến độ: có",
        f"• Nhận thông báo của xã, phường: {'đang bật' if data.announcements else 'đang tắt'}",
        v.say("• {You} nhắn tin với {me} qua {channel} từ ngày {day}", channel=channel, day=_day(data.first_seen)),
    ]
    return "\n".join(lines)


def _learning(data: StoredData, library: Library) -> str:
    if not (data.lessons or data.certificates or data.review_questions):
        return NO_LESSONS
    lines = [LEARNING_HEAD]
    for lesson in data.lessons:
        found = library.lessons.get(lesson.lesson_id)
        title = found.title if found else lesson.lesson_id
        if lesson.completed:
            lines.append(f"• {title}: xong ngày {_day(lesson.completed_on)}, đúng {lesson.score}/{lesson.total} câu")
        else:
            lines.append(f"• {title}: đang học, từ ngày {_day(lesson.started_on)}")
    if data.review_questions:
        lines.append(f"• {data.review_questions} câu đang chờ ôn lại")
    if data.answers:
        lines.append(f"• {data.answers} câu trả lời đã ghi trong các bài kiểm tra")
    if data.certificates:
        lines.append(CERTS_HEAD)
        for cert in data.certificates:
            module = library.module(cert.module_id)
            title = module.title if module else cert.module_id
            lines.append(f"• {title} — mã {cert.code}, cấp ngày {_day(cert.issued_on)}")
    return "\n".join(lines)


def _community(data: StoredData, v: Voice) -> str:
    lines = [COMMUNITY_HEAD]
    for family in data.families:
        if family.leads:
            lines.append(v.say("• Nhóm “{family}” — {you} là Đại sứ số", family=family.family))
        else:
            lines.append(
                v.say(
                    "• Nhóm “{family}”, Đại sứ số: {ambassador} — {you} là thành viên",
                    family=family.family,
                    ambassador=family.ambassador,
                )
            )
    if data.roles:
        lines.append("• Vai trò: " + ", ".join(ROLES.get(role, role) for role in data.roles))
    return "\n".join(lines)
