"""Digital Ambassadors ("Đại sứ số"), digital families ("Gia đình số") and /thongke (issue 7).

Pure like every flow: what storage knows arrives in ctx.data as the *Data views below, filled
by bot/families.py only for people whose database role allows it. The screens offer only
what the gathered data holds (so a forged button is a stale one), and every privileged
event is checked again against the database by the effect that applies it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal, TypeVar

from content.schema import Lesson
from dialogs.context import Context
from dialogs.core import (
    COMMANDS,
    START_PAYLOAD,
    TEXT_HOOKS,
    Screen,
    StateSpec,
    Step,
    choices,
    command,
    enter,
    register,
    reprompt,
    say,
    voice,
)
from dialogs.events import DomainEvent, Event, ProfileSet
from dialogs.messages import Image, Option, Outbound, Text
from dialogs.state import DialogState, StateName

from .common import MENU, SKIP

S = StateName

# --- codes ---------------------------------------------------------------------------

# No 0/O, 1/I: codes are read aloud at the door and typed by hand on cheap phones.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_BODY = 10
INVITE_PREFIX, AMBASSADOR_PREFIX = "GD", "DS"
_CODE = re.compile(rf"(GD|DS)([{CODE_ALPHABET}]{{{CODE_BODY}}})")
_CODE_NOISE = re.compile(r"[\s\-_.·]")


def format_code(prefix: str, body: str) -> str:
    return f"{prefix}-{body[:5]}-{body[5:]}"


def normalize_code(text: str) -> str | None:
    """'gd 7kq2m-x9p3t' -> 'GD-7KQ2M-X9P3T'; None when the text is not one of our codes."""
    match = _CODE.fullmatch(_CODE_NOISE.sub("", text.upper()))
    return format_code(match.group(1), match.group(2)) if match else None


# --- what the shell gathers (ctx.data) ------------------------------------------------

DATA_AMBASSADOR = "family.ambassador"
DATA_MEMBERSHIPS = "family.memberships"
DATA_INVITE = "family.invite"
DATA_AMBASSADOR_CODE = "family.ambassador_code"
DATA_STATS = "family.stats"
DATA_GRANT = "family.grant"
DATA_FRESH = "family.fresh"
STALLED_DAYS = 3


@dataclass(frozen=True, slots=True)
class MemberData:
    id: int
    name: str
    completed: tuple[str, ...] = ()  # lesson ids, latest first
    in_progress: tuple[str, ...] = ()
    certificates: int = 0
    idle_days: int = 0
    pushes_today: int = 0
    reachable: bool = True
    completed_this_week: int = 0

    @property
    def stalled(self) -> bool:
        return bool(self.in_progress) and self.idle_days > STALLED_DAYS


@dataclass(frozen=True, slots=True)
class FamilyData:
    id: int
    name: str
    members: tuple[MemberData, ...] = ()
    invites: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AmbassadorData:
    """Only ever gathered for a learner holding the ambassador role in the database."""

    families: tuple[FamilyData, ...] = ()
    guided: int = 0
    place: str = ""
    telegram_bot: str = ""
    today: str = ""  # ISO date where the ambassador lives
    max_pushes: int = 2


@dataclass(frozen=True, slots=True)
class Membership:
    family_id: int
    family: str
    ambassador: str


InviteStatus = Literal["ok", "unknown", "revoked", "member", "own"]


@dataclass(frozen=True, slots=True)
class InviteData:
    code: str
    status: InviteStatus
    family: str = ""
    ambassador: str = ""


@dataclass(frozen=True, slots=True)
class AmbassadorCodeData:
    code: str
    status: Literal["ok", "unknown", "used", "already"]
    place: str = ""


@dataclass(frozen=True, slots=True)
class StatsRow:
    label: str
    learners: int = 0
    active_7d: int = 0
    lessons_completed: int = 0
    certificates: int = 0
    guided: int = 0
    ambassadors: int = 0
    families: int = 0
    adults: int | None = None
    certified_learners: int = 0


@dataclass(frozen=True, slots=True)
class StatsData:
    rows: tuple[StatsRow, ...]
    totals: StatsRow
    target_share: float
    query: str = ""


@dataclass(frozen=True, slots=True)
class GrantData:
    target: str
    found: bool


@dataclass(frozen=True, slots=True)
class FreshCodes:
    """Unguessable codes drawn by the shell for this turn; the step may hand one out."""

    invite: str
    ambassador: str


T = TypeVar("T")


def _data(ctx: Context, key: str, kind: type[T]) -> T | None:
    value = ctx.data.get(key)
    return value if isinstance(value, kind) else None


def _ambassador(ctx: Context) -> AmbassadorData | None:
    return _data(ctx, DATA_AMBASSADOR, AmbassadorData)


def _family(ctx: Context, state: DialogState) -> FamilyData | None:
    amb = _ambassador(ctx)
    wanted = state.extra.get("family", "")
    return next((f for f in amb.families if str(f.id) == wanted), None) if amb else None


def _memberships(ctx: Context) -> tuple[Membership, ...]:
    value = ctx.data.get(DATA_MEMBERSHIPS)
    return tuple(m for m in value if isinstance(m, Membership)) if isinstance(value, tuple) else ()


def _with_family(ctx: Context, family: FamilyData) -> Context:
    """Show an event's result at once (the shell stores it after the step)."""
    amb = _ambassador(ctx)
    if amb is None:
        return ctx
    families = tuple(family if f.id == family.id else f for f in amb.families)
    return replace(ctx, data={**ctx.data, DATA_AMBASSADOR: replace(amb, families=families)})


# --- events (applied by bot/families.py, which checks roles and ownership again) -------


@dataclass(frozen=True, slots=True)
class FamilyCreated(DomainEvent):
    name: str
    invite_code: str


@dataclass(frozen=True, slots=True)
class InviteCreated(DomainEvent):
    family_id: int
    code: str


@dataclass(frozen=True, slots=True)
class InvitesRevoked(DomainEvent):
    family_id: int


@dataclass(frozen=True, slots=True)
class FamilyJoined(DomainEvent):
    code: str


@dataclass(frozen=True, slots=True)
class FamilyLeft(DomainEvent):
    family_id: int


@dataclass(frozen=True, slots=True)
class LessonPushed(DomainEvent):
    family_id: int
    lesson_id: str
    member_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class MemberNudged(DomainEvent):
    family_id: int
    member_id: int
    lesson_id: str


@dataclass(frozen=True, slots=True)
class GuidedRecorded(DomainEvent):
    first_name: str
    place: str
    age_group: str
    lessons: tuple[str, ...]
    guided_on: str  # ISO date


@dataclass(frozen=True, slots=True)
class AmbassadorCodeClaimed(DomainEvent):
    code: str


@dataclass(frozen=True, slots=True)
class AmbassadorCodeCreated(DomainEvent):
    code: str
    place: str


@dataclass(frozen=True, slots=True)
class AmbassadorGranted(DomainEvent):
    channel: str
    ident: str


# --- words -----------------------------------------------------------------------------

NOT_AMBASSADOR = (
    "Phần này dành cho Đại sứ số (thành viên Tổ công nghệ số cộng đồng) ạ. Nếu {you} là Đại sứ, "
    "xin cán bộ xã mã Đại sứ rồi gõ: /madaisu MÃ"
)
NOT_ADMIN = "Lệnh này chỉ dành cho cán bộ quản trị ạ. {You} gõ /trogiup để xem các lệnh dùng được."
BAD_INVITE = "Mã mời “{code}” không dùng được nữa (sai mã hoặc đã bị thu hồi). {You} hỏi lại người mời giúp {me} nhé."
ALREADY_MEMBER = "{You} đã ở trong nhóm “{family}” rồi ạ."
OWN_INVITE = "Đây là mã mời của nhóm “{family}” do {you} phụ trách ạ. Gửi mã này cho người thân để họ vào nhóm."
JOIN_TEXT = (
    "👋 {ambassador} (Đại sứ số) mời {you} vào nhóm Gia đình số “{family}”.\n"
    "Trong nhóm, Đại sứ thấy {you} đã học bài nào và có giấy chứng nhận nào, để giúp khi {you} cần. "
    "Đại sứ không đọc được tin nhắn của {you}. Rời nhóm lúc nào cũng được: gõ /roinhom."
)
JOIN_ASK = "{You} có muốn vào nhóm không ạ?"
JOIN_CONSENT_TAIL = "\nĐồng ý là {you} vào nhóm và bắt đầu học luôn."
JOINED = "🎉 {Full} đã vào nhóm “{family}”. {ambassador} sẽ gửi bài hay cho {you}."
INVITE_GONE = "Mã mời này vừa hết hiệu lực ạ. {You} vẫn học được bình thường; muốn vào nhóm thì xin mã mới nhé."
NOT_JOINED = "Vâng ạ, {you} chưa vào nhóm. Khi nào muốn, {you} gõ lại mã mời là được."
AMB_MENU_TEXT = (
    "🤝 Công cụ Đại sứ số của {full}.\nNhóm gia đình: {families}. Người đã hướng dẫn trực tiếp: {guided}.\n"
    "Chọn một nhóm để xem tiến độ, gửi bài hoặc mời thêm người."
)
NEW_FAMILY_Q = "Đặt tên cho nhóm mới ạ, ví dụ: Gia đình bà Lan, hoặc Xóm Chè 2. {You} gõ tên vào đây."
NEW_FAMILY_BAD = "Tên nhóm dài 2 đến 40 chữ, chỉ gồm chữ, số và dấu cách ạ. {You} gõ lại giúp {me} nhé."
CREATED = "✅ Đã tạo nhóm “{family}”."
INVITE_INFO = (
    "📨 Mời người thân vào nhóm “{family}”:\n{telegram}"
    "• Dùng Zalo hoặc Telegram: nhắn cho Học Vụ Số mã này:\n{code}\n"
    "• Đang ở cạnh nhau: cho họ quét mã QR bên dưới.\n"
    "Ai vào nhóm cũng được hỏi đồng ý trước."
)
INVITE_TELEGRAM = "• Dùng Telegram: gửi họ đường link này, họ bấm vào là vào nhóm:\n{link}\n"
INVITE_DONE = "Mời xong thì bấm “Xong” ạ."
FAMILY_HEAD = "👨‍👩‍👧 Nhóm “{family}” — {count} người"
FAMILY_EMPTY = "Chưa có ai trong nhóm. Bấm “Mời thêm người” để lấy mã mời ạ."
FAMILY_MORE = "… và {more} người nữa."
FAMILY_CODES = "Mã mời đang dùng: {codes}"
FAMILY_GONE = "Không tìm thấy nhóm này ạ. {You} về menu rồi chọn lại nhé."
REVOKED = "🚫 Đã thu hồi mã mời. Ai cầm mã cũ sẽ không vào nhóm được nữa."
NUDGED = "🔔 Đã nhắc {name} học tiếp bài “{title}”."
AT_LIMIT = "Hôm nay {name} đã nhận đủ {limit} tin từ Đại sứ rồi ạ. Mai {you} nhắc tiếp nhé."
PUSH_TOPIC_Q = "Gửi bài nào cho nhóm “{family}”? {You} chọn chủ đề trước ạ."
PUSH_LESSON_Q = "Chủ đề: {topic}. {You} chọn bài muốn gửi:"
PUSH_MEMBERS_Q = "Gửi bài “{title}” cho ai ạ? Bấm tên để chọn hoặc bỏ chọn, rồi bấm Gửi."
PUSHED = "📤 Đã gửi bài “{title}” cho {names}. Ai học xong, {you} sẽ thấy trong tiến độ nhóm."
PUSH_LIMITED = "{names}: hôm nay đã nhận đủ {limit} tin, mai gửi tiếp nhé."
PUSH_UNREACHABLE = "{names}: không nhận được tin nhắn (có thể đã chặn hoặc bỏ ứng dụng)."
PUSH_NOBODY = "Chưa gửi được cho ai ạ."
GUIDED_NAME_Q = (
    "Ghi lại người {you} đã hướng dẫn trực tiếp (người không có điện thoại hoặc không dùng Zalo, Telegram).\n"
    "Chỉ ghi tên gọi hoặc chữ cái đầu, ví dụ: Lan, hoặc T.H. Không ghi họ tên đầy đủ, số điện thoại hay số căn cước."
)
GUIDED_NAME_BAD = "Chỉ cần tên gọi hoặc chữ cái đầu thôi ạ, tối đa 2 chữ, không có số. Ví dụ: Lan, hoặc T.H."
GUIDED_PLACE_Q = "{name} ở xã hoặc phường nào ạ? Gõ vài chữ của tên, ví dụ: tan cuong."
GUIDED_PLACE_PICK = "{Me_cap} tìm thấy mấy nơi này. {name} ở đâu ạ?"
GUIDED_PLACE_NONE = "{Me_cap} chưa tìm thấy nơi có tên “{query}”. {You} thử gõ ngắn hơn nhé."
GUIDED_AGE_Q = "{name} thuộc nhóm tuổi nào ạ?"
GUIDED_TOPICS_Q = "{You} đã hướng dẫn {name} những bài nào? Chọn chủ đề, rồi chọn bài. Đã chọn: {count} bài."
GUIDED_LESSONS_Q = "Chủ đề: {topic}. Bấm bài đã hướng dẫn để chọn hoặc bỏ chọn."
GUIDED_DATE_Q = "Hướng dẫn vào ngày nào ạ? Chọn bên dưới, hoặc gõ ngày, ví dụ: 15/3."
GUIDED_DATE_BAD = "Ngày cần có dạng ngày/tháng, ví dụ 15/3, và không quá một năm trước ạ."
GUIDED_SAVED = "✅ Đã ghi nhận: {name}, {place}, {count} bài, ngày {day}. Cảm ơn {you} đã đi từng ngõ, gõ từng nhà!"
MINE_NONE = (
    "{You} chưa ở nhóm Gia đình số nào ạ. Khi người thân hoặc Đại sứ số gửi mã mời (dạng GD-…), "
    "{you} gõ mã vào đây là vào nhóm."
)
MINE_HEAD = "👨‍👩‍👧 Nhóm Gia đình số của {you}:"
MINE_LINE = "• “{family}” — Đại sứ: {ambassador}"
LEAVE_Q = (
    "{You} muốn rời nhóm “{family}”? Đại sứ {ambassador} sẽ không thấy tiến độ của {you} nữa. "
    "Bài đã học vẫn giữ nguyên."
)
LEFT = "Đã rời nhóm “{family}” ạ. {You} vẫn học tiếp bình thường."
STAYED = "Vâng, {you} vẫn ở trong nhóm ạ."
NO_FAMILY = "{You} chưa ở nhóm Gia đình số nào nên không cần rời ạ."
CLAIMED = "🎉 Chúc mừng {full} đã trở thành Đại sứ số{place}! Gõ /daisu để mở công cụ Đại sứ."
CLAIM_BAD = "Mã Đại sứ “{code}” không đúng hoặc đã được dùng rồi ạ. {You} hỏi lại cán bộ xã giúp {me} nhé."
CLAIM_ALREADY = "{You} đã là Đại sứ số rồi ạ. Gõ /daisu để mở công cụ Đại sứ."
CLAIM_HOW = "Gõ /madaisu và mã Đại sứ cán bộ xã đưa, ví dụ: /madaisu DS-7KQ2M-X9P3T"
CODE_MADE = (
    "🔑 Mã Đại sứ số cho {place}: {code}\nNgười nhận gõ mã này cho Học Vụ Số để trở thành Đại sứ. Mỗi mã dùng một lần."
)
CODE_PLACE_HOW = "Gõ /taomadaisu và tên xã/phường, ví dụ: /taomadaisu Tân Cương"
CODE_PLACE_MANY = "Có nhiều nơi khớp: {places}. {You} gõ rõ tên hơn ạ."
CODE_PLACE_NONE = "Không tìm thấy xã/phường “{query}” ạ."
GRANT_HOW = "Gõ /capdaisu KÊNH:MÃ_NGƯỜI_DÙNG, ví dụ: /capdaisu telegram:123456789"
GRANTED = "✅ Đã cấp quyền Đại sứ số cho {target}."
GRANT_NOT_FOUND = "Chưa thấy {target} nhắn cho Học Vụ Số lần nào ạ. Nhờ họ nhắn một tin trước, rồi cấp lại."
STATS_HEAD = "📊 Thống kê Học Vụ Số{scope}"
STATS_TOTAL = (
    "Tổng: {learners} người học ({active} học trong 7 ngày), {completed} lượt xong bài, {certificates} giấy "
    "chứng nhận, {guided} người được hướng dẫn trực tiếp, {ambassadors} Đại sứ, {families} nhóm gia đình."
)
STATS_ROW = "• {label}: {learners} người học · {completed} bài · {certificates} GCN · {guided} HD trực tiếp{target}"
STATS_TARGET = " · mục tiêu {share}%: {certified}/{needed}"
STATS_NONE = "Chưa có số liệu cho “{query}” ạ."
STATS_MORE = "… và {more} xã/phường khác. Xem đủ: hocvuso stats"
PUSH_TEXT = (
    "🌱 {sender} vừa gửi {you} một bài học: “{title}” ({minutes} phút). Bấm “Học ngay” hoặc gõ 1 để bắt đầu nhé!"
)
NUDGE_TEXT = "🔔 {sender} nhắc {you} học tiếp bài “{title}”. Còn một chút nữa là xong rồi ạ! Bấm “Học ngay” hoặc gõ 1."
PUSH_LATER = "Trả lời xong mấy câu làm quen, {you} bấm “Học tiếp” là vào đúng bài này ạ."
PUSH_GONE = "Bài này không còn nữa ạ. {You} chọn bài khác trong Chủ đề nhé."

BACK = Option("back", "Quay lại", ("quay lai", "lui"))
CANCEL = Option("cancel", "Thôi, không ghi nữa", ("thoi", "khong ghi", "huy"))
YES_JOIN = Option("yes", "Đồng ý", ("dong y", "co", "u", "ok", "vao nhom", "tham gia"))
NO_JOIN = Option("no", "Không", ("khong", "ko", "khong dong y", "thoi"))
CONTINUE = Option("continue", "Tiếp tục", ("tiep tuc", "tiep"))
START_NOW = Option("start", "Học ngay", ("hoc ngay", "bat dau", "hoc", "hoc tiep"))
LATER = Option("later", "Để sau", ("de sau", "sau"))
_NAME_CHARS = re.compile(r"[^\W_]|[ .,'’()/&-]")
INITIALS = re.compile(r"[^\W\d_]+\.?(?:[ .][^\W\d_]+\.?)?")
_DAY = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4}))?")
MEMBERS_SHOWN = 6
_ONBOARDING = {S.ONB_CONSENT, S.ONB_ADDRESS, S.ONB_NAME, S.ONB_AGE, S.ONB_PLACE, S.ONB_PLACE_PICK, S.ONB_REMINDER}


def _t(ctx: Context, template: str, **values: object) -> str:
    v = voice(ctx)
    return v.say(template.replace("{Me_cap}", v.me.capitalize()), **values)


def _short(text: str, limit: int = 32) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _names(members: Iterable[MemberData]) -> str:
    return ", ".join(m.name for m in members)


def _title(ctx: Context, lesson_id: str) -> str:
    lesson = ctx.library.lesson(lesson_id)
    return lesson.title if lesson else lesson_id


def _extra(state: DialogState, **values: str) -> dict[str, str]:
    """The state's extra values with some set; an empty value removes the key."""
    merged = {**state.extra, **values}
    return {k: v for k, v in merged.items() if v}


def _ids(raw: str) -> tuple[str, ...]:
    return tuple(part for part in raw.split(",") if part)


def _toggle(raw: str, item: str) -> str:
    current = _ids(raw)
    return ",".join(i for i in current if i != item) if item in current else ",".join((*current, item))


# --- commands and codes typed anywhere --------------------------------------------------


@command("daisu")
def _cmd_ambassador(state: DialogState, args: str, ctx: Context) -> Step:
    if _ambassador(ctx) is None:
        return _refuse(state, ctx, _t(ctx, NOT_AMBASSADOR))
    return enter(ctx, state.to(S.AMB_MENU, extra={}, candidates=()))


@command("giadinh")
def _cmd_family(state: DialogState, args: str, ctx: Context) -> Step:
    return enter(ctx, state.to(S.FAMILY_MINE, extra={}))


@command("roinhom")
def _cmd_leave(state: DialogState, args: str, ctx: Context) -> Step:
    mine = _memberships(ctx)
    if not mine:
        return _refuse(state, ctx, _t(ctx, NO_FAMILY))
    if len(mine) == 1:
        return enter(ctx, state.to(S.FAMILY_LEAVE, extra={"leave": str(mine[0].family_id)}))
    return enter(ctx, state.to(S.FAMILY_MINE, extra={}))


@command("madaisu", "maduasu")
def _cmd_claim(state: DialogState, args: str, ctx: Context) -> Step:
    code = normalize_code(args)
    if code is None or not code.startswith(AMBASSADOR_PREFIX):
        return _refuse(state, ctx, _t(ctx, CLAIM_HOW if not args.strip() else CLAIM_BAD, code=_short(args.strip(), 20)))
    return _claim(state, code, ctx)


@command("thongke")
def _cmd_stats(state: DialogState, args: str, ctx: Context) -> Step:
    if _data(ctx, DATA_STATS, StatsData) is None:
        return _refuse(state, ctx, _t(ctx, NOT_ADMIN))
    query = args.strip()[:60]
    return enter(ctx, state.to(S.ADMIN_STATS, extra={"stats": query} if query else {}))


@command("taomadaisu")
def _cmd_make_code(state: DialogState, args: str, ctx: Context) -> Step:
    fresh = _data(ctx, DATA_FRESH, FreshCodes)
    if "admin" not in ctx.learner.roles or fresh is None:
        return _refuse(state, ctx, _t(ctx, NOT_ADMIN))
    if not args.strip():
        return _refuse(state, ctx, CODE_PLACE_HOW)
    found = ctx.places.search(args)
    if len(found) != 1:
        if not found:
            return _refuse(state, ctx, _t(ctx, CODE_PLACE_NONE, query=_short(args.strip(), 40)))
        return _refuse(state, ctx, _t(ctx, CODE_PLACE_MANY, places=", ".join(p.label for p in found)))
    place = found[0]
    text = _t(ctx, CODE_MADE, place=place.label, code=fresh.ambassador)
    return _refuse(state, ctx, text, (AmbassadorCodeCreated(fresh.ambassador, place.key),))


@command("capdaisu")
def _cmd_grant(state: DialogState, args: str, ctx: Context) -> Step:
    grant = _data(ctx, DATA_GRANT, GrantData)
    if "admin" not in ctx.learner.roles:
        return _refuse(state, ctx, _t(ctx, NOT_ADMIN))
    channel, _, ident = args.strip().partition(":")
    if grant is None or not channel or not ident:
        return _refuse(state, ctx, GRANT_HOW)
    if not grant.found:
        return _refuse(state, ctx, _t(ctx, GRANT_NOT_FOUND, target=_short(grant.target, 40)))
    return _refuse(state, ctx, _t(ctx, GRANTED, target=grant.target), (AmbassadorGranted(channel, ident),))


def _refuse(state: DialogState, ctx: Context, text: str, events: Iterable[Event] = ()) -> Step:
    """A short answer that keeps the learner's place (a first contact starts onboarding)."""
    if state.name is S.NEW:
        return _onboard(state, ctx, (Text(text),), events)
    return reprompt(state, ctx, text, events)


def _onboard(state: DialogState, ctx: Context, before: tuple[Outbound, ...], events: Iterable[Event] = ()) -> Step:
    from dialogs.flows import onboarding

    return enter(ctx, state.to(S.ONB_CONSENT), (*before, *say(*onboarding.greeting(ctx))), events)


def _start_payload(state: DialogState, payload: str, ctx: Context) -> Step:
    """'/start PAYLOAD' from a Telegram deep link, in any state, first contact included."""
    code = normalize_code(payload)
    if code is not None:
        return _open_code(state, code, ctx)
    if state.name is S.NEW:
        return _onboard(state, ctx, ())
    from dialogs.engine import ONBOARDING, WELCOME_BACK

    if state.name in ONBOARDING and not state.editing:
        return reprompt(state, ctx, _t(ctx, "Mình tiếp tục nhé."))
    return enter(ctx, state.to(S.MENU, editing=False), say(_t(ctx, WELCOME_BACK)))


def _code_hook(state: DialogState, text: str, ctx: Context) -> Step | None:
    """A code typed as text (Zalo has no deep links): 'GD-7KQ2M-X9P3T', any case, spaces ok."""
    code = normalize_code(text)
    return _open_code(state, code, ctx) if code else None


def _open_code(state: DialogState, code: str, ctx: Context) -> Step:
    if code.startswith(AMBASSADOR_PREFIX):
        return _claim(state, code, ctx)
    invite = _data(ctx, DATA_INVITE, InviteData)
    if invite is None or invite.code != code or invite.status in ("unknown", "revoked"):
        return _refuse(state, ctx, _t(ctx, BAD_INVITE, code=code))
    if invite.status == "member":
        return _refuse(state, ctx, _t(ctx, ALREADY_MEMBER, family=invite.family))
    if invite.status == "own":
        return _refuse(state, ctx, _t(ctx, OWN_INVITE, family=invite.family))
    before = () if state.name is not S.NEW else say(*_greeting(ctx))
    return enter(ctx, state.to(S.FAMILY_JOIN, extra={"invite": code}, editing=False), before)


def _greeting(ctx: Context) -> tuple[str, ...]:
    from dialogs.flows import onboarding

    return onboarding.greeting(ctx)


def _claim(state: DialogState, code: str, ctx: Context) -> Step:
    found = _data(ctx, DATA_AMBASSADOR_CODE, AmbassadorCodeData)
    if found is None or found.code != code or found.status in ("unknown", "used"):
        return _refuse(state, ctx, _t(ctx, CLAIM_BAD, code=code))
    if found.status == "already":
        return _refuse(state, ctx, _t(ctx, CLAIM_ALREADY))
    place = ctx.places.get(found.place)
    where = f" của {place.label}" if place else ""
    return _refuse(state, ctx, _t(ctx, CLAIMED, place=where), (AmbassadorCodeClaimed(code),))


COMMANDS[START_PAYLOAD] = _start_payload
TEXT_HOOKS.append(_code_hook)


# --- joining a family ------------------------------------------------------------------


def _invite_for(state: DialogState, ctx: Context) -> InviteData | None:
    invite = _data(ctx, DATA_INVITE, InviteData)
    ok = invite is not None and invite.status == "ok" and invite.code == state.extra.get("invite")
    return invite if ok else None


def _render_join(state: DialogState, ctx: Context) -> Screen:
    from dialogs.flows import onboarding

    invite, consent = _invite_for(state, ctx), bool(ctx.learner.profile.consent)
    if invite is None:
        return choices(state, _t(ctx, INVITE_GONE), (MENU,) if consent else (CONTINUE,))
    intro = Text(_t(ctx, JOIN_TEXT, ambassador=invite.ambassador, family=invite.family))
    if consent:
        screen = choices(state, _t(ctx, JOIN_ASK), (replace(YES_JOIN, label="Vào nhóm"), NO_JOIN))
        return Screen((intro, *screen.messages), screen.options)
    v = voice(ctx)
    consent_text = _t(ctx, onboarding.CONSENT, controller=ctx.settings.data_controller, me_cap=v.me.capitalize())
    options = (YES_JOIN, replace(NO_JOIN, label="Không đồng ý"))
    screen = choices(state, consent_text + _t(ctx, JOIN_CONSENT_TAIL), options)
    return Screen((intro, *screen.messages), screen.options)


def _on_join(state: DialogState, option: str, ctx: Context) -> Step:
    from dialogs.flows import onboarding

    invite, consent = _invite_for(state, ctx), bool(ctx.learner.profile.consent)
    clean = state.to(S.FAMILY_JOIN, extra=_extra(state, invite=""))
    if option == CONTINUE.id:
        return enter(ctx, clean.to(S.ONB_CONSENT))
    if option in (MENU.id, NO_JOIN.id):
        return _decline_join(clean, ctx, consent, option)
    events: list[Event] = [] if consent else [ProfileSet("consent", True)]
    note = _t(ctx, INVITE_GONE)
    if invite is not None:
        events.append(FamilyJoined(invite.code))
        note = _t(ctx, JOINED, family=invite.family, ambassador=invite.ambassador)
    if consent:
        return enter(ctx, clean.to(S.MENU), say(note), events)
    step = onboarding.after_answer(clean, ctx, tuple(events), S.ONB_CONSENT)
    return Step(step.state, (Text(note), *step.messages), step.events)


def _decline_join(state: DialogState, ctx: Context, consent: bool, option: str) -> Step:
    from dialogs.flows import onboarding

    if option == MENU.id:
        return enter(ctx, state.to(S.MENU))
    if consent or ctx.learner.profile.consent is False:
        return enter(ctx, state.to(S.MENU), say(_t(ctx, NOT_JOINED)))
    events = (ProfileSet("consent", False),)
    return enter(ctx, state.to(S.MENU), say(_t(ctx, onboarding.CONSENT_NO)), events)


# --- a member's own families -----------------------------------------------------------


def _render_mine(state: DialogState, ctx: Context) -> Screen:
    mine = _memberships(ctx)
    options = [Option(f"leave:{m.family_id}", f"Rời nhóm “{_short(m.family)}”") for m in mine]
    if "ambassador" in ctx.learner.roles:
        options.append(Option("amb", "Nhóm tôi phụ trách (Đại sứ)", ("dai su", "nhom toi phu trach")))
    if not mine:
        return choices(state, _t(ctx, MINE_NONE), (*options, MENU))
    lines = [_t(ctx, MINE_HEAD)]
    lines += [_t(ctx, MINE_LINE, family=m.family, ambassador=m.ambassador) for m in mine]
    return choices(state, "\n".join(lines), (*options, MENU))


def _on_mine(state: DialogState, option: str, ctx: Context) -> Step:
    if option.startswith("leave:"):
        return enter(ctx, state.to(S.FAMILY_LEAVE, extra={"leave": option.removeprefix("leave:")}))
    if option == "amb":
        return _cmd_ambassador(state, "", ctx)
    return enter(ctx, state.to(S.MENU, extra={}))


def _leaving(state: DialogState, ctx: Context) -> Membership | None:
    return next((m for m in _memberships(ctx) if str(m.family_id) == state.extra.get("leave")), None)


def _render_leave(state: DialogState, ctx: Context) -> Screen:
    found = _leaving(state, ctx)
    if found is None:
        return choices(state, _t(ctx, NO_FAMILY), (MENU,))
    text = _t(ctx, LEAVE_Q, family=found.family, ambassador=found.ambassador)
    return choices(
        state, text, (Option("yes", "Rời nhóm", ("roi nhom", "roi", "co")), Option("no", "Ở lại", ("o lai",)))
    )


def _on_leave(state: DialogState, option: str, ctx: Context) -> Step:
    found = _leaving(state, ctx)
    target = state.to(S.MENU, extra={})
    if found is None or option == MENU.id:
        return enter(ctx, target)
    if option == "no":
        return enter(ctx, target, say(_t(ctx, STAYED)))
    return enter(ctx, target, say(_t(ctx, LEFT, family=found.family)), (FamilyLeft(found.family_id),))


# --- a lesson pushed by an ambassador (entered from the outbox, not from a screen) -----


def pushed(state: DialogState, ctx: Context, lesson_id: str, sender: str, nudge: bool = False) -> Step:
    """The member's side of a push: one tap (or “1”) opens the lesson. Called by the shell."""
    lesson = ctx.library.lesson(lesson_id)
    if lesson is None:
        return Step(state)
    if state.name is S.NEW or state.name in _ONBOARDING or state.name is S.DELETE_CONFIRM:
        # Never cut a question short: "Học tiếp" opens this lesson once they are done.
        text = _push_text(ctx, lesson, sender, nudge) + "\n" + _t(ctx, PUSH_LATER)
        return Step(replace(state, bookmark=f"{lesson.id}:0"), (Text(text),))
    extra = _extra(state, push=lesson.id, push_from=sender, push_kind="nudge" if nudge else "push")
    return enter(ctx, state.to(S.FAMILY_PUSHED, extra=extra))


def _push_text(ctx: Context, lesson: Lesson, sender: str, nudge: bool) -> str:
    template = NUDGE_TEXT if nudge else PUSH_TEXT
    return _t(ctx, template, sender=sender, title=lesson.title, minutes=lesson.minutes)


def _render_pushed(state: DialogState, ctx: Context) -> Screen:
    lesson = ctx.library.lesson(state.extra.get("push", ""))
    if lesson is None:
        return choices(state, _t(ctx, PUSH_GONE), (MENU,))
    text = _push_text(ctx, lesson, state.extra.get("push_from", "Đại sứ số"), state.extra.get("push_kind") == "nudge")
    return choices(state, text, (START_NOW, LATER))


def _on_pushed(state: DialogState, option: str, ctx: Context) -> Step:
    from dialogs.flows.learning import continue_learning, open_lesson

    lesson = ctx.library.lesson(state.extra.get("push", ""))
    clean = state.to(S.MENU, extra=_extra(state, push="", push_from="", push_kind=""))
    if lesson is None or option != START_NOW.id:
        return enter(ctx, clean)
    if clean.bookmark.startswith(lesson.id + ":"):
        return continue_learning(clean, ctx)  # back to the very card or question they left
    return open_lesson(clean, ctx, lesson)


# --- the ambassador's menu, families and invites ----------------------------------------


def _not_ambassador(state: DialogState, ctx: Context) -> Screen:
    return choices(state, _t(ctx, NOT_AMBASSADOR), (MENU,))


def _render_amb_menu(state: DialogState, ctx: Context) -> Screen:
    amb = _ambassador(ctx)
    if amb is None:
        return _not_ambassador(state, ctx)
    options = [Option(f"fam:{f.id}", f"👨‍👩‍👧 {_short(f.name)} ({len(f.members)} người)") for f in amb.families]
    options += [
        Option("new", "➕ Tạo nhóm mới", ("tao nhom", "nhom moi", "tao nhom moi")),
        Option("guided", "✍️ Ghi người đã hướng dẫn trực tiếp", ("huong dan truc tiep", "ghi nguoi", "ghi")),
        MENU,
    ]
    text = _t(ctx, AMB_MENU_TEXT, families=len(amb.families), guided=amb.guided)
    return choices(state, text, options)


def _on_amb_menu(state: DialogState, option: str, ctx: Context) -> Step:
    if option.startswith("fam:"):
        return enter(ctx, state.to(S.AMB_FAMILY, extra={"family": option.removeprefix("fam:")}))
    if option == "new":
        return enter(ctx, state.to(S.AMB_NEW_FAMILY, extra={}))
    if option == "guided":
        return enter(ctx, state.to(S.AMB_GUIDED_NAME, extra={}, candidates=()))
    return enter(ctx, state.to(S.MENU, extra={}))


def _render_new_family(state: DialogState, ctx: Context) -> Screen:
    if _ambassador(ctx) is None:
        return _not_ambassador(state, ctx)
    return choices(state, _t(ctx, NEW_FAMILY_Q), (BACK, MENU))


def _on_new_family(state: DialogState, option: str, ctx: Context) -> Step:
    if option == BACK.id:
        return enter(ctx, state.to(S.AMB_MENU, extra={}))
    return enter(ctx, state.to(S.MENU, extra={}))


def _on_new_family_text(state: DialogState, text: str, ctx: Context) -> Step | None:
    fresh = _data(ctx, DATA_FRESH, FreshCodes)
    if _ambassador(ctx) is None or fresh is None:
        return None
    name = " ".join(text.split())
    if not 2 <= len(name) <= 40 or not all(_NAME_CHARS.fullmatch(ch) for ch in name) or name.isdigit():
        return reprompt(state, ctx, _t(ctx, NEW_FAMILY_BAD))
    target = state.to(S.AMB_INVITE, extra={"invite": fresh.invite, "invite_family": name})
    before = (Text(_t(ctx, CREATED, family=name)),)
    return _enter_invite(ctx, target, before, (FamilyCreated(name, fresh.invite),))


def _enter_invite(ctx: Context, state: DialogState, before: tuple[Outbound, ...], events: tuple[Event, ...]) -> Step:
    """The invite screen, with the QR image (drawn by the shell) just before the buttons."""
    step = enter(ctx, state, before, events)
    image = Image(f"invite:{state.extra['invite']}", "Mã QR mời vào nhóm — quét bằng điện thoại")
    *head, last = step.messages
    return Step(step.state, (*head, image, last), step.events)


def _invite_link(bot: str, code: str) -> str:
    return f"https://t.me/{bot}?start={code}"


def _render_invite(state: DialogState, ctx: Context) -> Screen:
    amb, code = _ambassador(ctx), state.extra.get("invite", "")
    if amb is None or not code:
        return _not_ambassador(state, ctx)
    telegram = _t(ctx, INVITE_TELEGRAM, link=_invite_link(amb.telegram_bot, code)) if amb.telegram_bot else ""
    family = state.extra.get("invite_family", "")
    info = Text(_t(ctx, INVITE_INFO, family=family, code=code, telegram=telegram))
    screen = choices(state, _t(ctx, INVITE_DONE), (Option("done", "Xong", ("xong", "ok", "roi")), MENU))
    return Screen((info, *screen.messages), screen.options)


def _on_invite(state: DialogState, option: str, ctx: Context) -> Step:
    if option == MENU.id:
        return enter(ctx, state.to(S.MENU, extra={}))
    family = state.extra.get("family", "")
    if family:
        return enter(ctx, state.to(S.AMB_FAMILY, extra={"family": family}))
    return enter(ctx, state.to(S.AMB_MENU, extra={}))


def _member_line(ctx: Context, member: MemberData) -> str:
    parts: list[str] = []
    if member.completed:
        latest = _short(_title(ctx, member.completed[0]), 24)
        parts.append(f"✓ xong {len(member.completed)} bài (mới nhất “{latest}”)")
    if member.stalled:
        parts.append(f"⏸ dừng {member.idle_days} ngày ở “{_short(_title(ctx, member.in_progress[0]), 24)}”")
    elif member.in_progress:
        parts.append(f"▸ đang học “{_short(_title(ctx, member.in_progress[0]), 24)}”")
    if member.certificates:
        parts.append(f"🎓 {member.certificates}")
    if not parts:
        parts.append("chưa bắt đầu bài nào")
    if not member.reachable:
        parts.append("không nhận được tin nhắn")
    return f"• {_short(member.name, 20)}: " + "; ".join(parts)


def _render_family(state: DialogState, ctx: Context) -> Screen:
    family = _family(ctx, state)
    if family is None:
        return choices(state, _t(ctx, FAMILY_GONE), (MENU,))
    lines = [_t(ctx, FAMILY_HEAD, family=family.name, count=len(family.members))]
    lines += [_member_line(ctx, m) for m in family.members[:MEMBERS_SHOWN]]
    if len(family.members) > MEMBERS_SHOWN:
        lines.append(_t(ctx, FAMILY_MORE, more=len(family.members) - MEMBERS_SHOWN))
    if not family.members:
        lines.append(_t(ctx, FAMILY_EMPTY))
    if family.invites:
        lines.append(_t(ctx, FAMILY_CODES, codes=", ".join(family.invites[:3])))
    options = [Option(f"nudge:{m.id}", f"🔔 Nhắc {_short(m.name, 20)}") for m in family.members if m.stalled][:3]
    if family.members:
        options.append(Option("push", "📤 Gửi bài học", ("gui bai", "gui bai hoc", "gui")))
    options.append(Option("invite", "➕ Mời thêm người", ("moi", "moi them", "ma moi")))
    if family.invites:
        options.append(Option("revoke", "🚫 Thu hồi mã mời", ("thu hoi", "thu hoi ma")))
    options += [Option("back", "Các nhóm khác", ("nhom khac", "quay lai")), MENU]
    return choices(state, "\n".join(lines), options)


def _on_family(state: DialogState, option: str, ctx: Context) -> Step:
    family, amb, fresh = _family(ctx, state), _ambassador(ctx), _data(ctx, DATA_FRESH, FreshCodes)
    if family is None or amb is None or option == MENU.id:
        return enter(ctx, state.to(S.MENU, extra={}))
    if option == "back":
        return enter(ctx, state.to(S.AMB_MENU, extra={}))
    if option == "push":
        return enter(ctx, state.to(S.AMB_PUSH_TOPIC, extra={"family": str(family.id)}))
    if option == "revoke":
        ctx = _with_family(ctx, replace(family, invites=()))
        return enter(ctx, state, say(_t(ctx, REVOKED)), (InvitesRevoked(family.id),))
    if option.startswith("nudge:"):
        return _nudge(state, ctx, family, amb, option.removeprefix("nudge:"))
    if fresh is None:
        return enter(ctx, state)
    target = state.to(
        S.AMB_INVITE, extra={"family": str(family.id), "invite": fresh.invite, "invite_family": family.name}
    )
    return _enter_invite(ctx, target, (), (InviteCreated(family.id, fresh.invite),))


def _nudge(state: DialogState, ctx: Context, family: FamilyData, amb: AmbassadorData, member_id: str) -> Step:
    member = next((m for m in family.members if str(m.id) == member_id and m.stalled), None)
    if member is None:
        return enter(ctx, state)
    if member.pushes_today >= amb.max_pushes:
        return reprompt(state, ctx, _t(ctx, AT_LIMIT, name=member.name, limit=amb.max_pushes))
    lesson_id = member.in_progress[0]
    bumped = replace(member, pushes_today=member.pushes_today + 1)
    ctx = _with_family(ctx, replace(family, members=tuple(bumped if m.id == member.id else m for m in family.members)))
    text = _t(ctx, NUDGED, name=member.name, title=_title(ctx, lesson_id))
    return enter(ctx, state, say(text), (MemberNudged(family.id, member.id, lesson_id),))


# --- pushing a lesson: topic, lesson, members ---------------------------------------------


def _render_push_topic(state: DialogState, ctx: Context) -> Screen:
    family = _family(ctx, state)
    if family is None:
        return choices(state, _t(ctx, FAMILY_GONE), (MENU,))
    options = [Option(f"t:{t.id}", t.title) for t in ctx.library.topics if t.lessons]
    return choices(state, _t(ctx, PUSH_TOPIC_Q, family=family.name), (*options, BACK, MENU))


def _on_push_topic(state: DialogState, option: str, ctx: Context) -> Step:
    family = _family(ctx, state)
    if family is None or option == MENU.id:
        return enter(ctx, state.to(S.MENU, extra={}))
    if option == BACK.id:
        return enter(ctx, state.to(S.AMB_FAMILY, extra={"family": str(family.id)}))
    return enter(ctx, state.to(S.AMB_PUSH_LESSON, extra=_extra(state, topic=option.removeprefix("t:"))))


def _render_push_lesson(state: DialogState, ctx: Context) -> Screen:
    topic = ctx.library.topic(state.extra.get("topic", ""))
    if _family(ctx, state) is None or topic is None:
        return choices(state, _t(ctx, FAMILY_GONE), (MENU,))
    lessons = [ctx.library.lessons[lid] for lid in topic.lessons]
    options = [Option(f"l:{lesson.id}", f"{lesson.title} ({lesson.minutes} phút)") for lesson in lessons]
    return choices(state, _t(ctx, PUSH_LESSON_Q, topic=topic.title), (*options, BACK, MENU))


def _on_push_lesson(state: DialogState, option: str, ctx: Context) -> Step:
    family = _family(ctx, state)
    if family is None or option == MENU.id:
        return enter(ctx, state.to(S.MENU, extra={}))
    if option == BACK.id:
        return enter(ctx, state.to(S.AMB_PUSH_TOPIC, extra=_extra(state, topic="")))
    everyone = ",".join(str(m.id) for m in family.members)
    return enter(ctx, state.to(S.AMB_PUSH_MEMBERS, extra=_extra(state, lesson=option.removeprefix("l:"), sel=everyone)))


def _render_push_members(state: DialogState, ctx: Context) -> Screen:
    family, amb = _family(ctx, state), _ambassador(ctx)
    lesson = ctx.library.lesson(state.extra.get("lesson", ""))
    if family is None or amb is None or lesson is None:
        return choices(state, _t(ctx, FAMILY_GONE), (MENU,))
    chosen = _ids(state.extra.get("sel", ""))
    options = []
    for m in family.members:
        mark = "✅" if str(m.id) in chosen else "⬜"
        full = " (đủ tin hôm nay)" if m.pushes_today >= amb.max_pushes else ""
        options.append(Option(f"m:{m.id}", f"{mark} {_short(m.name, 24)}{full}"))
    count = sum(1 for m in family.members if str(m.id) in chosen)
    if count:
        options.append(Option("send", f"📤 Gửi cho {count} người", ("gui", "gui di", "gui ngay")))
    return choices(state, _t(ctx, PUSH_MEMBERS_Q, title=lesson.title), (*options, BACK, MENU))


def _on_push_members(state: DialogState, option: str, ctx: Context) -> Step:
    family, amb = _family(ctx, state), _ambassador(ctx)
    lesson = ctx.library.lesson(state.extra.get("lesson", ""))
    if family is None or amb is None or lesson is None or option == MENU.id:
        return enter(ctx, state.to(S.MENU, extra={}))
    if option == BACK.id:
        return enter(ctx, state.to(S.AMB_PUSH_LESSON, extra=_extra(state, lesson="", sel="")))
    if option.startswith("m:"):
        chosen = _toggle(state.extra.get("sel", ""), option.removeprefix("m:"))
        return enter(ctx, state.to(S.AMB_PUSH_MEMBERS, extra=_extra(state, sel=chosen)))
    return _send_push(state, ctx, family, amb, lesson)


def _send_push(state: DialogState, ctx: Context, family: FamilyData, amb: AmbassadorData, lesson: Lesson) -> Step:
    chosen = [m for m in family.members if str(m.id) in _ids(state.extra.get("sel", ""))]
    limited = [m for m in chosen if m.pushes_today >= amb.max_pushes]
    unreachable = [m for m in chosen if not m.reachable and m not in limited]
    receivers = [m for m in chosen if m not in limited and m not in unreachable]
    lines = [_t(ctx, PUSHED, title=lesson.title, names=_names(receivers))] if receivers else [_t(ctx, PUSH_NOBODY)]
    if limited:
        lines.append(_t(ctx, PUSH_LIMITED, names=_names(limited), limit=amb.max_pushes))
    if unreachable:
        lines.append(_t(ctx, PUSH_UNREACHABLE, names=_names(unreachable)))
    if not receivers:
        return reprompt(state, ctx, "\n".join(lines))
    ids = {m.id for m in receivers}
    members = tuple(replace(m, pushes_today=m.pushes_today + 1) if m.id in ids else m for m in family.members)
    ctx = _with_family(ctx, replace(family, members=members))
    event = LessonPushed(family.id, lesson.id, tuple(m.id for m in receivers))
    return enter(ctx, state.to(S.AMB_FAMILY, extra={"family": str(family.id)}), say("\n".join(lines)), (event,))


# --- guided in person: first name or initials, commune, age, lessons, date --------------


def _guided_name(state: DialogState) -> str:
    return state.extra.get("g_name", "")


def _render_guided_name(state: DialogState, ctx: Context) -> Screen:
    if _ambassador(ctx) is None:
        return _not_ambassador(state, ctx)
    return choices(state, _t(ctx, GUIDED_NAME_Q), (CANCEL, MENU))


def _on_guided_cancel(state: DialogState, option: str, ctx: Context) -> Step:
    if option == CANCEL.id:
        return enter(ctx, state.to(S.AMB_MENU, extra={}, candidates=()))
    return enter(ctx, state.to(S.MENU, extra={}, candidates=()))


def _on_guided_name_text(state: DialogState, text: str, ctx: Context) -> Step | None:
    if _ambassador(ctx) is None:
        return None
    name = " ".join(text.split())
    if len(name) > 20 or not INITIALS.fullmatch(name):
        return reprompt(state, ctx, _t(ctx, GUIDED_NAME_BAD))
    name = " ".join(part[:1].upper() + part[1:] for part in name.split(" "))
    return enter(ctx, state.to(S.AMB_GUIDED_PLACE, extra={"g_name": name}, candidates=()))


def _render_guided_place(state: DialogState, ctx: Context) -> Screen:
    amb = _ambassador(ctx)
    if amb is None:
        return _not_ambassador(state, ctx)
    options = [Option(f"pick:{i}", p.label) for i, key in enumerate(state.candidates) if (p := ctx.places.get(key))]
    own = ctx.places.get(amb.place)
    if own is not None and amb.place not in state.candidates:
        options.append(Option("own", f"{own.label} (nơi {_t(ctx, '{you}')} ở)"))
    template = GUIDED_PLACE_PICK if state.candidates else GUIDED_PLACE_Q
    return choices(state, _t(ctx, template, name=_guided_name(state)), (*options, CANCEL, MENU))


def _on_guided_place(state: DialogState, option: str, ctx: Context) -> Step:
    amb = _ambassador(ctx)
    if amb is None or option in (CANCEL.id, MENU.id):
        return _on_guided_cancel(state, option, ctx)
    place = amb.place if option == "own" else state.candidates[int(option.removeprefix("pick:"))]
    return enter(ctx, state.to(S.AMB_GUIDED_AGE, extra=_extra(state, g_place=place), candidates=()))


def _on_guided_place_text(state: DialogState, text: str, ctx: Context) -> Step | None:
    if _ambassador(ctx) is None:
        return None
    found = ctx.places.search(text)
    if len(found) == 1:
        return enter(ctx, state.to(S.AMB_GUIDED_AGE, extra=_extra(state, g_place=found[0].key), candidates=()))
    if found:
        return enter(ctx, state.to(S.AMB_GUIDED_PLACE, candidates=tuple(p.key for p in found)))
    return reprompt(state, ctx, _t(ctx, GUIDED_PLACE_NONE, query=_short(text.strip(), 40)))


def _render_guided_age(state: DialogState, ctx: Context) -> Screen:
    from dialogs.flows.onboarding import AGE_OPTIONS

    if _ambassador(ctx) is None:
        return _not_ambassador(state, ctx)
    skip = replace(SKIP, label="Không rõ", aliases=(*SKIP.aliases, "khong ro"))
    return choices(state, _t(ctx, GUIDED_AGE_Q, name=_guided_name(state)), (*AGE_OPTIONS, skip, CANCEL, MENU))


def _on_guided_age(state: DialogState, option: str, ctx: Context) -> Step:
    if _ambassador(ctx) is None or option in (CANCEL.id, MENU.id):
        return _on_guided_cancel(state, option, ctx)
    age = option.removeprefix("age:") if option.startswith("age:") else ""
    return enter(ctx, state.to(S.AMB_GUIDED_TOPICS, extra=_extra(state, g_age=age)))


def _render_guided_topics(state: DialogState, ctx: Context) -> Screen:
    if _ambassador(ctx) is None:
        return _not_ambassador(state, ctx)
    chosen = _ids(state.extra.get("g_lessons", ""))
    options = []
    for topic in ctx.library.topics:
        if topic.lessons:
            picked = sum(1 for lid in topic.lessons if lid in chosen)
            options.append(Option(f"t:{topic.id}", f"{topic.title} ({picked}/{len(topic.lessons)})"))
    if chosen:
        options.append(Option("done", f"✔ Xong, đã chọn {len(chosen)} bài", ("xong", "luu")))
    text = _t(ctx, GUIDED_TOPICS_Q, name=_guided_name(state), count=len(chosen))
    return choices(state, text, (*options, CANCEL, MENU))


def _on_guided_topics(state: DialogState, option: str, ctx: Context) -> Step:
    if _ambassador(ctx) is None or option in (CANCEL.id, MENU.id):
        return _on_guided_cancel(state, option, ctx)
    if option == "done":
        return enter(ctx, state.to(S.AMB_GUIDED_DATE))
    return enter(ctx, state.to(S.AMB_GUIDED_LESSONS, extra=_extra(state, g_topic=option.removeprefix("t:"))))


def _render_guided_lessons(state: DialogState, ctx: Context) -> Screen:
    topic = ctx.library.topic(state.extra.get("g_topic", ""))
    if _ambassador(ctx) is None or topic is None:
        return _not_ambassador(state, ctx)
    chosen = _ids(state.extra.get("g_lessons", ""))
    options = [
        Option(f"l:{lid}", f"{'✅' if lid in chosen else '⬜'} {ctx.library.lessons[lid].title}")
        for lid in topic.lessons
    ]
    done = Option("back", "Xong chủ đề này", ("xong", "quay lai"))
    return choices(state, _t(ctx, GUIDED_LESSONS_Q, topic=topic.title), (*options, done, MENU))


def _on_guided_lessons(state: DialogState, option: str, ctx: Context) -> Step:
    if _ambassador(ctx) is None or option == MENU.id:
        return _on_guided_cancel(state, MENU.id, ctx)
    if option == "back":
        return enter(ctx, state.to(S.AMB_GUIDED_TOPICS, extra=_extra(state, g_topic="")))
    chosen = _toggle(state.extra.get("g_lessons", ""), option.removeprefix("l:"))
    return enter(ctx, state.to(S.AMB_GUIDED_LESSONS, extra=_extra(state, g_lessons=chosen)))


def _today(ctx: Context) -> date:
    amb = _ambassador(ctx)
    try:
        return date.fromisoformat(amb.today) if amb else ctx.now.date()
    except ValueError:
        return ctx.now.date()


def _render_guided_date(state: DialogState, ctx: Context) -> Screen:
    if _ambassador(ctx) is None:
        return _not_ambassador(state, ctx)
    options = (
        Option("today", "Hôm nay", ("hom nay", "nay")),
        Option("yesterday", "Hôm qua", ("hom qua", "qua")),
        CANCEL,
        MENU,
    )
    return choices(state, _t(ctx, GUIDED_DATE_Q), options)


def _on_guided_date(state: DialogState, option: str, ctx: Context) -> Step:
    if _ambassador(ctx) is None or option in (CANCEL.id, MENU.id):
        return _on_guided_cancel(state, option, ctx)
    today = _today(ctx)
    return _save_guided(state, ctx, today if option == "today" else today - timedelta(days=1))


def parse_day(text: str, today: date) -> date | None:
    """'15/3', '15-03', '15/3/2026' -> a date not after today and at most a year back."""
    match = _DAY.fullmatch(text.strip())
    if not match:
        return None
    day, month = int(match.group(1)), int(match.group(2))
    year = int(match.group(3)) if match.group(3) else today.year
    try:
        found = date(year, month, day)
    except ValueError:
        return None
    if found > today and not match.group(3):
        found = found.replace(year=year - 1) if not (month == 2 and day == 29) else found
    return found if today - timedelta(days=366) <= found <= today else None


def _on_guided_date_text(state: DialogState, text: str, ctx: Context) -> Step | None:
    if _ambassador(ctx) is None:
        return None
    found = parse_day(text, _today(ctx))
    if found is None:
        return reprompt(state, ctx, _t(ctx, GUIDED_DATE_BAD)) if any(ch.isdigit() for ch in text) else None
    return _save_guided(state, ctx, found)


def _save_guided(state: DialogState, ctx: Context, day: date) -> Step:
    amb = _ambassador(ctx)
    lessons = tuple(lid for lid in _ids(state.extra.get("g_lessons", "")) if lid in ctx.library.lessons)
    name, place = _guided_name(state), state.extra.get("g_place", "")
    if amb is None or not name or not place or not lessons:
        return enter(ctx, state.to(S.AMB_MENU, extra={}))
    event = GuidedRecorded(name, place, state.extra.get("g_age", ""), lessons, day.isoformat())
    found = ctx.places.get(place)
    text = _t(
        ctx,
        GUIDED_SAVED,
        name=name,
        place=found.label if found else place,
        count=len(lessons),
        day=day.strftime("%d/%m/%Y"),
    )
    ctx = replace(ctx, data={**ctx.data, DATA_AMBASSADOR: replace(amb, guided=amb.guided + 1)})
    return enter(ctx, state.to(S.AMB_MENU, extra={}), say(text), (event,))


# --- statistics for admins ----------------------------------------------------------------


def _stats_row(ctx: Context, row: StatsRow, share: float) -> str:
    target = ""
    if row.adults:
        needed = max(1, math.ceil(row.adults * share))
        target = STATS_TARGET.format(share=round(share * 100), certified=row.certified_learners, needed=needed)
    return STATS_ROW.format(
        label=row.label,
        learners=row.learners,
        completed=row.lessons_completed,
        certificates=row.certificates,
        guided=row.guided,
        target=target,
    )


def _render_stats(state: DialogState, ctx: Context) -> Screen:
    stats = _data(ctx, DATA_STATS, StatsData)
    if stats is None:
        return choices(state, _t(ctx, NOT_ADMIN), (MENU,))
    if stats.query and not stats.rows:
        return choices(state, _t(ctx, STATS_NONE, query=_short(stats.query, 40)), (MENU,))
    t = stats.totals
    scope = f" — {stats.rows[0].label}" if stats.query else ""
    lines = [
        STATS_HEAD.format(scope=scope),
        STATS_TOTAL.format(
            learners=t.learners,
            active=t.active_7d,
            completed=t.lessons_completed,
            certificates=t.certificates,
            guided=t.guided,
            ambassadors=t.ambassadors,
            families=t.families,
        ),
    ]
    shown = stats.rows[:6]
    lines += [_stats_row(ctx, row, stats.target_share) for row in shown]
    if len(stats.rows) > len(shown):
        lines.append(STATS_MORE.format(more=len(stats.rows) - len(shown)))
    return choices(state, "\n".join(lines), (MENU,))


def _to_menu(state: DialogState, option: str, ctx: Context) -> Step:
    return enter(ctx, state.to(S.MENU, extra={}, candidates=()))


# --- registry -----------------------------------------------------------------------------

_MENU_EDGE = ("về menu", S.MENU)
for spec in (
    StateSpec(
        S.FAMILY_JOIN,
        _render_join,
        _on_join,
        edges=(
            ("đồng ý (người mới)", S.ONB_ADDRESS),
            ("vào nhóm / không", S.MENU),
            ("mã hết hạn, tiếp tục", S.ONB_CONSENT),
        ),
    ),
    StateSpec(
        S.FAMILY_MINE,
        _render_mine,
        _on_mine,
        edges=(("rời nhóm", S.FAMILY_LEAVE), ("nhóm tôi phụ trách", S.AMB_MENU), _MENU_EDGE),
    ),
    StateSpec(S.FAMILY_LEAVE, _render_leave, _on_leave, edges=(("rời / ở lại", S.MENU),)),
    StateSpec(
        S.FAMILY_PUSHED,
        _render_pushed,
        _on_pushed,
        edges=(("học ngay", S.LESSON_CARD), ("học tiếp câu hỏi", S.QUIZ), ("để sau", S.MENU)),
    ),
    StateSpec(
        S.AMB_MENU,
        _render_amb_menu,
        _on_amb_menu,
        edges=(
            ("chọn nhóm", S.AMB_FAMILY),
            ("tạo nhóm mới", S.AMB_NEW_FAMILY),
            ("ghi người đã hướng dẫn", S.AMB_GUIDED_NAME),
            _MENU_EDGE,
        ),
    ),
    StateSpec(
        S.AMB_NEW_FAMILY,
        _render_new_family,
        _on_new_family,
        _on_new_family_text,
        edges=(("gõ tên nhóm", S.AMB_INVITE), ("quay lại", S.AMB_MENU), _MENU_EDGE),
    ),
    StateSpec(
        S.AMB_INVITE,
        _render_invite,
        _on_invite,
        edges=(("xong (nhóm có sẵn)", S.AMB_FAMILY), ("xong (nhóm mới)", S.AMB_MENU), _MENU_EDGE),
    ),
    StateSpec(
        S.AMB_FAMILY,
        _render_family,
        _on_family,
        edges=(
            ("gửi bài học", S.AMB_PUSH_TOPIC),
            ("mời thêm người", S.AMB_INVITE),
            ("nhắc / thu hồi mã", S.AMB_FAMILY),
            ("các nhóm khác", S.AMB_MENU),
            _MENU_EDGE,
        ),
    ),
    StateSpec(
        S.AMB_PUSH_TOPIC,
        _render_push_topic,
        _on_push_topic,
        edges=(("chọn chủ đề", S.AMB_PUSH_LESSON), ("quay lại", S.AMB_FAMILY), _MENU_EDGE),
    ),
    StateSpec(
        S.AMB_PUSH_LESSON,
        _render_push_lesson,
        _on_push_lesson,
        edges=(("chọn bài", S.AMB_PUSH_MEMBERS), ("quay lại", S.AMB_PUSH_TOPIC), _MENU_EDGE),
    ),
    StateSpec(
        S.AMB_PUSH_MEMBERS,
        _render_push_members,
        _on_push_members,
        edges=(
            ("chọn / bỏ chọn người", S.AMB_PUSH_MEMBERS),
            ("gửi", S.AMB_FAMILY),
            ("quay lại", S.AMB_PUSH_LESSON),
            _MENU_EDGE,
        ),
    ),
    StateSpec(
        S.AMB_GUIDED_NAME,
        _render_guided_name,
        _on_guided_cancel,
        _on_guided_name_text,
        edges=(("gõ tên gọi", S.AMB_GUIDED_PLACE), ("thôi", S.AMB_MENU), _MENU_EDGE),
    ),
    StateSpec(
        S.AMB_GUIDED_PLACE,
        _render_guided_place,
        _on_guided_place,
        _on_guided_place_text,
        edges=(
            ("chọn xã", S.AMB_GUIDED_AGE),
            ("nhiều nơi khớp", S.AMB_GUIDED_PLACE),
            ("thôi", S.AMB_MENU),
            _MENU_EDGE,
        ),
    ),
    StateSpec(
        S.AMB_GUIDED_AGE,
        _render_guided_age,
        _on_guided_age,
        edges=(("chọn tuổi", S.AMB_GUIDED_TOPICS), ("thôi", S.AMB_MENU), _MENU_EDGE),
    ),
    StateSpec(
        S.AMB_GUIDED_TOPICS,
        _render_guided_topics,
        _on_guided_topics,
        edges=(("chọn chủ đề", S.AMB_GUIDED_LESSONS), ("xong", S.AMB_GUIDED_DATE), ("thôi", S.AMB_MENU), _MENU_EDGE),
    ),
    StateSpec(
        S.AMB_GUIDED_LESSONS,
        _render_guided_lessons,
        _on_guided_lessons,
        edges=(("chọn / bỏ chọn bài", S.AMB_GUIDED_LESSONS), ("xong chủ đề", S.AMB_GUIDED_TOPICS), _MENU_EDGE),
    ),
    StateSpec(
        S.AMB_GUIDED_DATE,
        _render_guided_date,
        _on_guided_date,
        _on_guided_date_text,
        edges=(("chọn ngày, lưu", S.AMB_MENU), _MENU_EDGE),
    ),
    StateSpec(S.ADMIN_STATS, _render_stats, _to_menu, edges=(_MENU_EDGE,)),
):
    register(spec)
