"""Admin broadcasts (/thongbao, /thongbao_trangthai) and the lesson they may carry (/baihoc).

Only holders of the "admin" role (ctx.learner.roles, read from the database) see any of the
broadcast screens; anyone else typing the commands gets the reply to an unknown command. The
shell checks the role in the database again before it creates or cancels anything.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from content.library import Library
from content.places import PlaceIndex
from content.textfold import fold
from dialogs.context import Context
from dialogs.core import (
    Command,
    Flow,
    OnOption,
    OnText,
    Render,
    StateSpec,
    Step,
    choices,
    echo,
    enter,
    line,
    reprompt,
    say,
    stay,
)
from dialogs.events import DomainEvent
from dialogs.flows.lessons import open_lesson
from dialogs.messages import Inbound, InboundKind, Option, Screen, Text
from dialogs.replies import UNKNOWN_COMMAND
from dialogs.state import DialogState, StateName
from dialogs.voice import Voice

from .common import BACK, MENU

S = StateName
ADMIN = "admin"

# What the shell's gatherers (bot/broadcasts.py) put into ctx.data for these screens.
COUNTS = "broadcast_counts"  # dict: audience spec -> exact number of recipients right now
STATUS = "broadcast_status"  # tuple[BroadcastSummary, ...], newest first
LOCAL_NOW = "local_now"  # naive datetime: now on the admin's own wall clock
SCOPE = "broadcast_scope"  # str: "" for a province admin, else the place key of the admin's commune
# state.extra key: the lesson the latest announcement to this learner carried (for /baihoc).
ANNOUNCED = "announced"

TEXT_MIN_LETTERS = 10
TEXT_MAX = 500  # the preview must still fit one phone screen
DAYS = (3, 7, 14, 30, 60)
MAX_AHEAD = timedelta(days=90)


@dataclass(frozen=True, slots=True)
class BroadcastSummary:
    id: int
    excerpt: str
    status: str  # scheduled, queued, cancelled
    send_at: str  # on the admin's wall clock, e.g. "19:00 02/03"
    sent: int = 0
    pending: int = 0
    failed: int = 0
    unreachable: int = 0
    cancelled: int = 0
    recipients: int = 0  # expected while scheduled; enqueued once queued


@dataclass(frozen=True, slots=True)
class BroadcastRequested(DomainEvent):
    text: str
    lesson_id: str
    audience: str
    urgent: bool
    at_local: str = ""  # "" = now; else "YYYY-MM-DDTHH:MM" on the admin's wall clock


@dataclass(frozen=True, slots=True)
class BroadcastCancelled(DomainEvent):
    broadcast_id: int


COMPOSE = "📢 Soạn thông báo mới.\n{You} gõ nội dung muốn gửi (tối đa {max} chữ). Người nhận sẽ đọc đúng như vậy."
TEXT_SHORT = "Nội dung hơi ngắn ạ. {You} gõ cả câu giúp {me} nhé (ít nhất {n} chữ cái)."
TEXT_LONG = "Nội dung dài quá ạ: tối đa {max} chữ, {you} đang có {n}. {You} rút gọn giúp {me} nhé."
ATTACH_Q = "Gắn kèm một bài học để người nhận mở ngay không ạ?"
PICK_TOPIC = "Chọn chủ đề của bài:"
PICK_LESSON_ATTACH = "Chọn bài gắn kèm thông báo:"
PICK_LESSON_AUDIENCE = "Gửi cho những ai chưa học xong bài nào?"
AUDIENCE_Q = "Gửi cho ai ạ?"
PLACE_Q = "Gõ tên xã hoặc phường, có dấu hay không dấu đều được. Ví dụ: tan cuong"
PLACE_PICK = "Chọn xã/phường nhận thông báo:"
PLACE_NONE = "Chưa tìm thấy nơi có tên “{query}”. {You} thử gõ ngắn hơn nhé."
DAYS_Q = "Gửi cho ai không vào học từ bao nhiêu ngày trở lên?"
PREVIEW = "📢 Xem trước thông báo\n———\n{text}\n———"
PREVIEW_LESSON = "📖 Kèm bài: “{title}”"
PREVIEW_TO = "👥 Gửi tới: {audience} — {count} người"
PREVIEW_URGENT = "⚡ Tin khẩn: gửi cả trong giờ nghỉ đêm."
PREVIEW_QUIET = "🌙 Tin thường không gửi trong giờ nghỉ đêm; đến sáng sẽ gửi."
PREVIEW_NOBODY = "Không có ai nhận thông báo này. {You} chọn lại người nhận nhé."
WHEN_Q = "Gửi lúc nào ạ? Chọn bên dưới, hoặc gõ giờ (ví dụ 19:30), hay giờ và ngày (ví dụ 7h 15/3)."
WHEN_BAD = "{Me_cap} chưa đọc được giờ này ạ. {You} gõ như 19:30, hoặc 7h 15/3 nhé."
WHEN_PAST = "Giờ này đã qua rồi ạ. {You} chọn một lúc sau bây giờ nhé."
WHEN_FAR = "Chỉ hẹn được trong vòng 90 ngày tới ạ."
STATUS_HEAD = "📋 Các thông báo gần đây:"
STATUS_NONE = "Chưa có thông báo nào ạ."
STATUS_LINE = (
    "#{id} · {when} · {state}\n“{excerpt}”\n"
    "Đã gửi {sent} · Đang chờ {pending} · Lỗi {failed} · Không tới được {unreachable}"
)
STATUS_LINE_SCHEDULED = "#{id} · hẹn gửi {when}\n“{excerpt}”\nDự kiến {recipients} người nhận"
STATUS_WORDS = {"scheduled": "hẹn giờ", "queued": "đang gửi", "cancelled": "đã hủy"}
CANCEL_Q = "Hủy thông báo #{id}? Tin nào chưa gửi sẽ không gửi nữa; tin đã gửi thì không thu hồi được."
CANCELLED_NOTHING = "Đã hủy soạn, không gửi gì ạ."
NO_ANNOUNCED = "Chưa có bài học nào được gửi kèm thông báo cho {you} ạ. Gõ “học tiếp” để học bài tiếp theo nhé."

CANCEL = Option("cancel", "Hủy, không gửi", ("huy", "thoi", "khong gui"))
AUDIENCE_OPTIONS = (
    Option("all", "Tất cả người học", ("tat ca",)),
    Option("role:ambassador", "Các Đại sứ số", ("dai su", "dai su so")),
    Option("role:admin", "Các quản trị viên", ("quan tri", "quan tri vien")),
    Option("place", "Một xã/phường", ("xa", "phuong", "xa phuong")),
    Option("lesson", "Ai chưa học xong một bài", ("chua hoc xong", "chua xong")),
    Option("inactive", "Ai lâu không vào học", ("lau khong hoc", "lau khong vao")),
    CANCEL,
)


def is_admin(ctx: Context) -> bool:
    return ADMIN in ctx.learner.roles


def commune_of(ctx: Context) -> str:
    """The commune a commune admin may reach ("" for a province admin), as the shell read it."""
    found = ctx.data.get(SCOPE)
    return found if isinstance(found, str) else ""


def number(n: int) -> str:
    return f"{n:,}".replace(",", ".")  # Vietnamese groups thousands with dots


# --- the broadcast draft lives in state.extra, under keys of its own --------------------------

DRAFT_KEYS = ("bc_text", "bc_lesson", "bc_audience", "bc_urgent", "bc_pick", "bc_topic", "bc_id")


def _draft(state: DialogState, **changes: str) -> dict[str, str]:
    extra = dict(state.extra)
    for key, value in changes.items():
        if value:
            extra[f"bc_{key}"] = value
        else:
            extra.pop(f"bc_{key}", None)
    return extra


def _cleared(state: DialogState) -> dict[str, str]:
    return {k: v for k, v in state.extra.items() if k not in DRAFT_KEYS}


def _get(state: DialogState, key: str) -> str:
    return state.extra.get(f"bc_{key}", "")


def _go(ctx: Context, state: DialogState, name: StateName, **draft: str) -> Step:
    return enter(ctx, state.to(name, extra=_draft(state, **draft)))


def leave(
    ctx: Context, state: DialogState, before: tuple[Text, ...] = (), events: tuple[DomainEvent, ...] = ()
) -> Step:
    """Back to the menu with the draft forgotten."""
    return enter(ctx, state.to(S.MENU, extra=_cleared(state), candidates=()), before, events)


def unknown_command(state: DialogState, ctx: Context) -> Step:
    """Exactly what the engine answers to a command it does not know: admin features stay hidden."""
    return reprompt(state, ctx, line(ctx, UNKNOWN_COMMAND))


NOT_YOURS = "Màn hình này không còn dùng được ạ. {You} chọn “Về menu” nhé."


def _admin_state(
    name: StateName,
    render: Render,
    on_option: OnOption,
    on_text: OnText | None = None,
    edges: tuple[tuple[str, StateName], ...] = (),
) -> StateSpec:
    """A broadcast screen that shows and does nothing for someone who is not an admin (a role
    withdrawn mid-way, or a state that is not theirs): one way out, to the menu."""

    def guarded_render(state: DialogState, ctx: Context) -> Screen:
        return render(state, ctx) if is_admin(ctx) else choices(state, line(ctx, NOT_YOURS), (MENU,))

    def guarded_option(state: DialogState, option: str, ctx: Context) -> Step:
        return on_option(state, option, ctx) if is_admin(ctx) else leave(ctx, state)

    def guarded_text(state: DialogState, text: str, ctx: Context) -> Step | None:
        if not is_admin(ctx) or on_text is None:
            return leave(ctx, state)
        return on_text(state, text, ctx)

    texts = guarded_text if on_text is not None else None
    return StateSpec(name, guarded_render, guarded_option, texts, (*edges, ("hủy / không có quyền", S.MENU)))


# --- commands ------------------------------------------------------------------------------


def _cmd_compose(state: DialogState, args: str, ctx: Context) -> Step:
    if not is_admin(ctx):
        return unknown_command(state, ctx)
    fresh = state.to(state.name, extra=_cleared(state), candidates=())
    if args.strip() and _text_problem(ctx, args.strip()) is None:
        return _go(ctx, fresh, S.ADM_ATTACH, text=args.strip())
    return enter(ctx, fresh.to(S.ADM_TEXT))


def _cmd_status(state: DialogState, args: str, ctx: Context) -> Step:
    if not is_admin(ctx):
        return unknown_command(state, ctx)
    return enter(ctx, state.to(S.ADM_STATUS, extra=_cleared(state), candidates=()))


def _cmd_open_lesson(state: DialogState, args: str, ctx: Context) -> Step:
    """Open the lesson an announcement carried (or the one named): anyone may."""
    lesson = ctx.library.lesson(args.strip() or state.extra.get(ANNOUNCED, ""))
    if lesson is None:
        return reprompt(state, ctx, line(ctx, NO_ANNOUNCED))
    return open_lesson(state, ctx, lesson)


LESSON_WORDS = ("hoc bai nay", "bai nay", "mo bai nay")


def _typed_lesson(state: DialogState, text: str, ctx: Context) -> Step | None:
    if state.name is not S.NEW and fold(text) in LESSON_WORDS and state.extra.get(ANNOUNCED):
        return _cmd_open_lesson(state, "", ctx)
    return None


def on_announcement(state: DialogState, inbound: Inbound, ctx: Context) -> Step:
    """An announcement carrying a lesson, as this learner's own turn: the message, then their
    screen as it was; the lesson is remembered for /baihoc and "học bài này"."""
    lesson = ctx.library.lesson(inbound.option)
    message = announcement(inbound.text, lesson.title if lesson else "")
    if state.name is S.NEW:
        return Step(state, (message,))
    kept = state.to(state.name, extra={**state.extra, ANNOUNCED: lesson.id} if lesson else state.extra)
    return stay(kept, ctx, (message,))


# --- compose -------------------------------------------------------------------------------


def _text_problem(ctx: Context, text: str) -> str | None:
    if len(text) > TEXT_MAX:
        return line(ctx, TEXT_LONG, max=TEXT_MAX, n=len(text))
    if sum(ch.isalpha() for ch in text) < TEXT_MIN_LETTERS:
        return line(ctx, TEXT_SHORT, n=TEXT_MIN_LETTERS)
    return None


def _render_text(state: DialogState, ctx: Context) -> Screen:
    return choices(state, line(ctx, COMPOSE, max=TEXT_MAX), (CANCEL,))


def _on_text_option(state: DialogState, option: str, ctx: Context) -> Step:
    return leave(ctx, state, say(line(ctx, CANCELLED_NOTHING)))


def _on_text_typed(state: DialogState, text: str, ctx: Context) -> Step | None:
    problem = _text_problem(ctx, text.strip())
    if problem is not None:
        return reprompt(state, ctx, problem)
    return _go(ctx, state, S.ADM_ATTACH, text=text.strip())


def _render_attach(state: DialogState, ctx: Context) -> Screen:
    options = (
        Option("none", "Không gắn bài", ("khong", "khong gan")),
        Option("pick", "Chọn bài học", ("chon bai", "bai hoc")),
        CANCEL,
    )
    return choices(state, ATTACH_Q, options)


def _on_attach(state: DialogState, option: str, ctx: Context) -> Step:
    if option == "none":
        return _go(ctx, state, S.ADM_AUDIENCE, lesson="")
    if option == "pick":
        return _go(ctx, state, S.ADM_LESSON, pick="attach", topic="")
    return leave(ctx, state, say(line(ctx, CANCELLED_NOTHING)))


# --- a lesson: to attach, or whose unfinished learners to reach ------------------------------


def _render_lesson(state: DialogState, ctx: Context) -> Screen:
    topic = ctx.library.topic(_get(state, "topic"))
    if topic is None:
        options = [Option(f"t:{t.id}", t.title) for t in ctx.library.topics if t.lessons]
        return choices(state, PICK_TOPIC, (*options, BACK, CANCEL))
    lessons = [Option(f"l:{lid}", ctx.library.lessons[lid].title) for lid in topic.lessons]
    text = PICK_LESSON_ATTACH if _get(state, "pick") == "attach" else PICK_LESSON_AUDIENCE
    return choices(state, text, (*lessons, BACK, CANCEL))


def _on_lesson(state: DialogState, option: str, ctx: Context) -> Step:
    attaching = _get(state, "pick") == "attach"
    if option.startswith("t:"):
        return _go(ctx, state, S.ADM_LESSON, topic=option.removeprefix("t:"))
    if option.startswith("l:"):
        lesson_id = option.removeprefix("l:")
        if attaching:
            return _go(ctx, state, S.ADM_AUDIENCE, lesson=lesson_id, topic="")
        return _go(ctx, state, S.ADM_PREVIEW, audience=f"not-finished:{lesson_id}", topic="")
    if option == BACK.id and _get(state, "topic"):
        return _go(ctx, state, S.ADM_LESSON, topic="")
    if option == BACK.id:
        return _go(ctx, state, S.ADM_ATTACH if attaching else S.ADM_AUDIENCE)
    return leave(ctx, state, say(line(ctx, CANCELLED_NOTHING)))


# --- audience ------------------------------------------------------------------------------


# A commune admin reaches only their commune: no other commune to pick, no province-wide lists.
COMMUNE_AUDIENCE_IDS = ("all", "role:ambassador", "lesson", "inactive", CANCEL.id)


def _render_audience(state: DialogState, ctx: Context) -> Screen:
    commune = ctx.places.get(commune_of(ctx))
    if not commune_of(ctx):
        return choices(state, AUDIENCE_Q, AUDIENCE_OPTIONS)
    name = commune.label if commune else commune_of(ctx)
    options = [o for o in AUDIENCE_OPTIONS if o.id in COMMUNE_AUDIENCE_IDS]
    options[0] = Option("all", f"Mọi người học ở {name}", options[0].aliases)
    return choices(state, AUDIENCE_Q, tuple(options))


def _on_audience(state: DialogState, option: str, ctx: Context) -> Step:
    if option in ("all", "role:ambassador", "role:admin"):
        return _go(ctx, state, S.ADM_PREVIEW, audience=option)
    if option == "place":
        return enter(ctx, state.to(S.ADM_PLACE, candidates=()))
    if option == "lesson":
        return _go(ctx, state, S.ADM_LESSON, pick="audience", topic="")
    if option == "inactive":
        return enter(ctx, state.to(S.ADM_DAYS))
    return leave(ctx, state, say(line(ctx, CANCELLED_NOTHING)))


def _render_place(state: DialogState, ctx: Context) -> Screen:
    if not state.candidates:
        return choices(state, PLACE_Q, (BACK, CANCEL))
    options = []
    for index, key in enumerate(state.candidates):
        place = ctx.places.get(key)
        if place is not None:
            options.append(Option(f"pick:{index}", place.label))
    again = Option("again", "Tìm lại", ("tim lai",))
    return choices(state, PLACE_PICK, (*options, again, CANCEL))


def _on_place(state: DialogState, option: str, ctx: Context) -> Step:
    if option.startswith("pick:"):
        key = state.candidates[int(option.removeprefix("pick:"))]
        return enter(ctx, state.to(S.ADM_PREVIEW, candidates=(), extra=_draft(state, audience=f"place:{key}")))
    if option == "again":
        return enter(ctx, state.to(S.ADM_PLACE, candidates=()))
    if option == BACK.id:
        return enter(ctx, state.to(S.ADM_AUDIENCE, candidates=()))
    return leave(ctx, state, say(line(ctx, CANCELLED_NOTHING)))


def _on_place_text(state: DialogState, text: str, ctx: Context) -> Step | None:
    found = ctx.places.search(text)
    if not found:
        return reprompt(state, ctx, line(ctx, PLACE_NONE, query=echo(text)))
    if len(found) == 1:  # one match is taken, and its name said back
        chosen = state.to(S.ADM_PREVIEW, candidates=(), extra=_draft(state, audience=f"place:{found[0].key}"))
        return enter(ctx, chosen, say(f"📍 {found[0].label}."))
    return enter(ctx, state.to(S.ADM_PLACE, candidates=tuple(p.key for p in found)))


def _render_days(state: DialogState, ctx: Context) -> Screen:
    options = tuple(Option(f"d:{d}", f"Từ {d} ngày trở lên", (f"{d} ngay",)) for d in DAYS)
    return choices(state, DAYS_Q, (*options, BACK, CANCEL))


def _on_days(state: DialogState, option: str, ctx: Context) -> Step:
    if option.startswith("d:"):
        return _go(ctx, state, S.ADM_PREVIEW, audience=f"inactive:{option.removeprefix('d:')}")
    if option == BACK.id:
        return enter(ctx, state.to(S.ADM_AUDIENCE))
    return leave(ctx, state, say(line(ctx, CANCELLED_NOTHING)))


def audience_label(spec: str, ctx: Context) -> str:
    label = _audience_label(spec, ctx)
    commune = ctx.places.get(commune_of(ctx))
    if not commune_of(ctx) or spec.startswith("place:"):
        return label
    return f"{label} ở {commune.label if commune else commune_of(ctx)}"


def _audience_label(spec: str, ctx: Context) -> str:
    kind, _, value = spec.partition(":")
    if kind == "role":
        return "Các Đại sứ số" if value == "ambassador" else "Các quản trị viên"
    if kind == "place":
        place = ctx.places.get(value)
        return f"Người học ở {place.label if place else value}"
    if kind == "not-finished":
        lesson = ctx.library.lesson(value)
        return f"Ai chưa học xong bài “{lesson.title if lesson else value}”"
    if kind == "inactive":
        return f"Ai không vào học từ {value} ngày trở lên"
    return "Tất cả người học"


def audiences_in_reach(
    state: DialogState, library: Library, places: PlaceIndex | None = None, typed: str = ""
) -> tuple[str, ...]:
    """Every audience the next tap on this screen may pick, so the shell can count them first:
    the preview then shows the exact number of recipients. On the commune screen that includes
    the one commune a typed name finds, which is taken at once (_on_place_text)."""
    if state.name is S.ADM_AUDIENCE:
        return ("all", "role:ambassador", "role:admin")
    if state.name is S.ADM_DAYS:
        return tuple(f"inactive:{d}" for d in DAYS)
    if state.name is S.ADM_PLACE:
        found = places.search(typed) if places is not None and typed.strip() else []
        taken = (found[0].key,) if len(found) == 1 else ()
        return tuple(f"place:{key}" for key in (*state.candidates, *taken))
    topic = library.topic(_get(state, "topic"))
    if state.name is S.ADM_LESSON and _get(state, "pick") == "audience" and topic is not None:
        return tuple(f"not-finished:{lid}" for lid in topic.lessons)
    if state.name in (S.ADM_PREVIEW, S.ADM_WHEN) and _get(state, "audience"):
        return (_get(state, "audience"),)
    return ()


# --- preview, time, send ---------------------------------------------------------------------


def _count(state: DialogState, ctx: Context) -> int | None:
    counts = ctx.data.get(COUNTS)
    found = counts.get(_get(state, "audience")) if isinstance(counts, Mapping) else None
    return found if isinstance(found, int) else None


def _render_preview(state: DialogState, ctx: Context) -> Screen:
    lines = [PREVIEW.format(text=_get(state, "text"))]
    lesson = ctx.library.lesson(_get(state, "lesson"))
    if lesson is not None:
        lines.append(PREVIEW_LESSON.format(title=lesson.title))
    count = _count(state, ctx)
    shown = "?" if count is None else number(count)
    lines.append(PREVIEW_TO.format(audience=audience_label(_get(state, "audience"), ctx), count=shown))
    lines.append(PREVIEW_URGENT if _get(state, "urgent") else PREVIEW_QUIET)
    urgent = Option("urgent", "Bỏ đánh dấu khẩn" if _get(state, "urgent") else "Đánh dấu khẩn", ("khan",))
    again = Option("audience", "Chọn lại người nhận", ("chon lai", "nguoi nhan"))
    if count == 0:
        lines.append(line(ctx, PREVIEW_NOBODY))
        return choices(state, "\n".join(lines), (again, CANCEL))
    send = (Option("send", "Gửi ngay", ("gui ngay", "gui")), Option("later", "Hẹn giờ gửi", ("hen gio", "sau")))
    return choices(state, "\n".join(lines), (*send, urgent, again, CANCEL))


def _request(state: DialogState, at_local: str = "") -> BroadcastRequested:
    return BroadcastRequested(
        _get(state, "text"), _get(state, "lesson"), _get(state, "audience"), bool(_get(state, "urgent")), at_local
    )


def _on_preview(state: DialogState, option: str, ctx: Context) -> Step:
    if option == "send":
        return leave(ctx, state, events=(_request(state),))
    if option == "later":
        return enter(ctx, state.to(S.ADM_WHEN))
    if option == "urgent":
        return _go(ctx, state, S.ADM_PREVIEW, urgent="" if _get(state, "urgent") else "1")
    if option == "audience":
        return _go(ctx, state, S.ADM_AUDIENCE, audience="")
    return leave(ctx, state, say(line(ctx, CANCELLED_NOTHING)))


def _local_now(ctx: Context) -> datetime:
    found = ctx.data.get(LOCAL_NOW)
    return found if isinstance(found, datetime) else ctx.now.replace(tzinfo=None)


def _when_choices(ctx: Context) -> dict[str, datetime]:
    now = _local_now(ctx).replace(second=0, microsecond=0)
    tomorrow = now + timedelta(days=1)
    evening = now.replace(hour=19, minute=0)
    return {
        "in1h": now + timedelta(hours=1),
        "morning": tomorrow.replace(hour=7, minute=0),
        "evening": evening if evening > now else evening + timedelta(days=1),
    }


def _render_when(state: DialogState, ctx: Context) -> Screen:
    at = _when_choices(ctx)
    tonight = at["evening"].date() == _local_now(ctx).date()
    options = (
        Option("in1h", f"Sau 1 giờ ({at['in1h']:%H:%M})", ("sau 1 gio",)),
        Option("morning", f"7 giờ sáng mai ({at['morning']:%d/%m})", ("sang mai",)),
        Option("evening", "7 giờ tối nay" if tonight else "7 giờ tối mai", ("toi nay", "toi mai")),
        BACK,
        CANCEL,
    )
    return choices(state, WHEN_Q, options)


def _schedule(state: DialogState, ctx: Context, at: datetime) -> Step:
    return leave(ctx, state, events=(_request(state, at.strftime("%Y-%m-%dT%H:%M")),))


def _on_when(state: DialogState, option: str, ctx: Context) -> Step:
    at = _when_choices(ctx).get(option)
    if at is not None:
        return _schedule(state, ctx, at)
    if option == BACK.id:
        return enter(ctx, state.to(S.ADM_PREVIEW))
    return leave(ctx, state, say(line(ctx, CANCELLED_NOTHING)))


_AT = re.compile(
    r"(\d{1,2})\s*(?::|h|giờ|gio|g)\s*(\d{2})?\s*(?:phút|phut|p)?"
    r"(?:\s*(?:ngày|ngay)?\s*(\d{1,2})\s*[/.-]\s*(\d{1,2}))?"
)


def parse_when(text: str, now: datetime) -> datetime | None:
    """'19:30', '19h', '7h 15/3', '07:00 15/03' on the admin's wall clock; None if not a time.

    A separator is required ("19" alone is not a time): a stray number must not schedule anything.
    """
    match = _AT.fullmatch(text.strip().lower())
    if match is None:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 23 or minute > 59:
        return None
    if match.group(3):
        try:
            return datetime(now.year, int(match.group(4)), int(match.group(3)), hour, minute)
        except ValueError:
            return None
    today = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    return today if today > now else today + timedelta(days=1)


def _on_when_text(state: DialogState, text: str, ctx: Context) -> Step | None:
    now = _local_now(ctx)
    at = parse_when(text, now)
    if at is None:
        return reprompt(state, ctx, line(ctx, WHEN_BAD))
    if at <= now:
        return reprompt(state, ctx, line(ctx, WHEN_PAST))
    if at - now > MAX_AHEAD:
        return reprompt(state, ctx, WHEN_FAR)
    return _schedule(state, ctx, at)


# --- status and cancel -----------------------------------------------------------------------


def _summaries(ctx: Context) -> tuple[BroadcastSummary, ...]:
    found = ctx.data.get(STATUS)
    return tuple(s for s in found if isinstance(s, BroadcastSummary)) if isinstance(found, tuple) else ()


def _cancellable(summary: BroadcastSummary) -> bool:
    return summary.status == "scheduled" or (summary.status == "queued" and summary.pending > 0)


def _status_line(s: BroadcastSummary) -> str:
    if s.status == "scheduled":
        return STATUS_LINE_SCHEDULED.format(id=s.id, when=s.send_at, excerpt=s.excerpt, recipients=number(s.recipients))
    return STATUS_LINE.format(
        id=s.id,
        when=s.send_at,
        state=STATUS_WORDS.get(s.status, s.status),
        excerpt=s.excerpt,
        sent=number(s.sent),
        pending=number(s.pending),
        failed=number(s.failed),
        unreachable=number(s.unreachable),
    )


def _render_status(state: DialogState, ctx: Context) -> Screen:
    summaries = _summaries(ctx)
    text = "\n\n".join((STATUS_HEAD, *map(_status_line, summaries))) if summaries else STATUS_NONE
    cancels = [Option(f"c:{s.id}", f"Hủy #{s.id}") for s in summaries if _cancellable(s)]
    refresh = Option("refresh", "Xem lại số liệu", ("xem lai", "lam moi"))
    return choices(state, text, (*cancels, refresh, MENU))


def _on_status(state: DialogState, option: str, ctx: Context) -> Step:
    if option.startswith("c:"):
        return _go(ctx, state, S.ADM_CANCEL, id=option.removeprefix("c:"))
    if option == "refresh":
        return enter(ctx, state)
    return leave(ctx, state)


def _render_cancel(state: DialogState, ctx: Context) -> Screen:
    options = (Option("yes", "Hủy thông báo", ("huy", "dong y", "co")), Option("no", "Không hủy", ("khong",)))
    return choices(state, CANCEL_Q.format(id=_get(state, "id")), options)


def _on_cancel(state: DialogState, option: str, ctx: Context) -> Step:
    broadcast_id = _get(state, "id")
    if option == "yes" and broadcast_id.isdigit():
        return leave(ctx, state, events=(BroadcastCancelled(int(broadcast_id)),))
    return _go(ctx, state, S.ADM_STATUS, id="")


_STATES = (
    _admin_state(S.ADM_TEXT, _render_text, _on_text_option, _on_text_typed, (("gõ nội dung", S.ADM_ATTACH),)),
    _admin_state(
        S.ADM_ATTACH, _render_attach, _on_attach, edges=(("không gắn bài", S.ADM_AUDIENCE), ("chọn bài", S.ADM_LESSON))
    ),
    _admin_state(
        S.ADM_LESSON,
        _render_lesson,
        _on_lesson,
        edges=(
            ("chọn chủ đề / quay lại", S.ADM_LESSON),
            ("bài gắn kèm", S.ADM_AUDIENCE),
            ("ai chưa học xong bài", S.ADM_PREVIEW),
            ("quay lại", S.ADM_ATTACH),
        ),
    ),
    _admin_state(
        S.ADM_AUDIENCE,
        _render_audience,
        _on_audience,
        edges=(
            ("tất cả / theo vai trò", S.ADM_PREVIEW),
            ("theo xã/phường", S.ADM_PLACE),
            ("chưa học xong bài", S.ADM_LESSON),
            ("lâu không học", S.ADM_DAYS),
        ),
    ),
    _admin_state(
        S.ADM_PLACE,
        _render_place,
        _on_place,
        _on_place_text,
        edges=(("gõ tên / tìm lại", S.ADM_PLACE), ("chọn nơi", S.ADM_PREVIEW), ("quay lại", S.ADM_AUDIENCE)),
    ),
    _admin_state(
        S.ADM_DAYS, _render_days, _on_days, edges=(("chọn số ngày", S.ADM_PREVIEW), ("quay lại", S.ADM_AUDIENCE))
    ),
    _admin_state(
        S.ADM_PREVIEW,
        _render_preview,
        _on_preview,
        edges=(
            ("gửi ngay", S.MENU),
            ("hẹn giờ", S.ADM_WHEN),
            ("khẩn", S.ADM_PREVIEW),
            ("chọn lại người nhận", S.ADM_AUDIENCE),
        ),
    ),
    _admin_state(
        S.ADM_WHEN, _render_when, _on_when, _on_when_text, edges=(("chọn giờ", S.MENU), ("quay lại", S.ADM_PREVIEW))
    ),
    _admin_state(
        S.ADM_STATUS,
        _render_status,
        _on_status,
        edges=(("hủy một thông báo", S.ADM_CANCEL), ("xem lại", S.ADM_STATUS), ("về menu", S.MENU)),
    ),
    _admin_state(S.ADM_CANCEL, _render_cancel, _on_cancel, edges=(("hủy", S.MENU), ("không hủy", S.ADM_STATUS))),
)


# --- what the shell tells the admin after acting (bot/broadcasts.py) ----------------------------

QUEUED_NOTE = (
    "✅ Đã nhận thông báo #{id}. {Me_cap} bắt đầu gửi tới {count} người trong ít phút tới. "
    "Xem tình hình: /thongbao_trangthai"
)
SCHEDULED_NOTE = (
    "⏰ Đã hẹn gửi thông báo #{id} lúc {when}, tới {count} người (đếm lại lúc gửi). Muốn hủy: /thongbao_trangthai"
)
CANCELLED_NOTE = "🛑 Đã hủy thông báo #{id}: {count} tin chưa gửi sẽ không gửi nữa."
NOT_CANCELLABLE_NOTE = "Thông báo #{id} không còn gì để hủy ạ."
OUT_OF_SCOPE_NOTE = "Thông báo này chưa gửi được ạ: {you} chỉ gửi được cho người học ở xã/phường của mình."


def admin_note(v: Voice, template: str, **kw: object) -> Text:
    return Text(v.say(template, **kw))


# --- what an announcement looks like to its recipients -----------------------------------------

ANNOUNCEMENT = "📢 Thông báo\n\n{text}"
ANNOUNCEMENT_LESSON = "\n\n📖 Bài học kèm theo: “{title}”. Gõ /baihoc hoặc “học bài này” để học ngay."


def announcement(text: str, lesson_title: str = "") -> Text:
    """One message per recipient (every message counts against the platform's rate limit)."""
    body = ANNOUNCEMENT.format(text=text)
    return Text(body + ANNOUNCEMENT_LESSON.format(title=lesson_title) if lesson_title else body)


FLOW = Flow(
    "broadcasts",
    states=_STATES,
    commands=(
        Command(("thongbao",), _cmd_compose, (S.ADM_TEXT, S.ADM_ATTACH), (), "/thongbao (quản trị)"),
        Command(("thongbao_trangthai", "thongbaotrangthai"), _cmd_status, (S.ADM_STATUS,), (), "/thongbao_trangthai"),
        Command(("baihoc",), _cmd_open_lesson, (S.LESSON_CARD,), (), "/baihoc, “học bài này”"),
    ),
    text_hooks=(_typed_lesson,),
    inbound={InboundKind.ANNOUNCE: on_announcement},
)
# The states only admins may see: the shell gathers broadcast data only for these.
STATES = FLOW.state_names
