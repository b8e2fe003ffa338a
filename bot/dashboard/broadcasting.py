"""The broadcasts page: compose with the recipient count, schedule, follow delivery, cancel.

It goes through the functions the chat and the CLI use (bot/broadcasts.py): the same scope
rule, the same audit rows, the same broadcast tick that sends. Texts follow the chat's rules
(dialogs/flows/broadcasts.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from bot.broadcasts import cancel_broadcast, create_broadcast, in_scope, scoped_audience
from bot.dashboard.visit import Refused, Visit
from bot.roles import Scope
from bot.storage.models import Broadcast
from dialogs.flows.broadcasts import MAX_AHEAD, TEXT_MAX, TEXT_MIN_LETTERS
from scheduler import audiences

LIST_PAGE = 20
KINDS = (
    ("all", "Tất cả người học"),
    ("role:ambassador", "Các Đại sứ số"),
    ("role:admin", "Các quản trị viên"),
    ("place", "Người học ở một xã, phường"),
    ("not-finished", "Ai chưa học xong một bài"),
    ("inactive", "Ai lâu không vào học"),
)
COMMUNE_KINDS = ("all", "role:ambassador", "not-finished", "inactive")
STATUS_WORDS = {"scheduled": "Hẹn giờ", "queued": "Đang gửi", "cancelled": "Đã hủy"}


@dataclass(frozen=True, slots=True)
class Draft:
    """The compose form as typed; every field a string, checked by problems()."""

    text: str = ""
    lesson: str = ""
    kind: str = "all"
    place: str = ""
    unfinished: str = ""
    days: str = "7"
    urgent: bool = False
    at: str = ""  # "YYYY-MM-DDTHH:MM" on the deployment's clock; "" = now

    @classmethod
    def read(cls, form: Mapping[str, str]) -> Draft:
        def get(name: str, limit: int = 200) -> str:
            return str(form.get(name, "")).strip()[:limit]

        kind = get("kind") if get("kind") in dict(KINDS) else "all"
        return cls(
            get("text", TEXT_MAX + 100),
            get("lesson"),
            kind,
            get("place"),
            get("unfinished"),
            get("days") or "7",
            get("urgent") in ("1", "on"),
            get("at", 16),
        )

    @property
    def spec(self) -> str:
        value = {"place": self.place, "not-finished": self.unfinished, "inactive": self.days}.get(self.kind)
        return self.kind if value is None else f"{self.kind}:{value}"


def audience_of(draft: Draft, scope: Scope) -> audiences.Audience | None:
    """What the draft may reach in this scope; None when it names another commune or nothing."""
    if draft.kind not in (dict(KINDS) if scope.province else COMMUNE_KINDS):
        return None
    try:
        return scoped_audience(audiences.parse_audience(draft.spec), scope)
    except audiences.AudienceError:
        return None


def send_time(draft: Draft, now: datetime, tz: str) -> datetime | None:
    if not draft.at:
        return now
    try:
        return datetime.fromisoformat(draft.at).replace(tzinfo=ZoneInfo(tz))
    except ValueError:
        return None


def problems(visit: Visit, draft: Draft, scope: Scope) -> list[str]:
    """Everything wrong with the draft, in words an officer reads at a glance."""
    found: list[str] = []
    if len(draft.text) > TEXT_MAX:
        found.append(f"Nội dung dài quá: tối đa {TEXT_MAX} ký tự, đang có {len(draft.text)}.")
    elif sum(ch.isalpha() for ch in draft.text) < TEXT_MIN_LETTERS:
        found.append(f"Nội dung cần ít nhất {TEXT_MIN_LETTERS} chữ cái.")
    if draft.lesson and visit.services.library.lesson(draft.lesson) is None:
        found.append("Không có bài học này.")
    if audience_of(draft, scope) is None:
        found.append(_audience_problem(visit, draft, scope))
    at = send_time(draft, visit.now, visit.services.config.timezone)
    if at is None:
        found.append("Giờ gửi chưa đúng dạng ngày và giờ.")
    elif at < visit.now - timedelta(minutes=1):
        found.append("Giờ gửi đã qua rồi. Để trống nếu muốn gửi ngay.")
    elif at - visit.now > MAX_AHEAD:
        found.append("Chỉ hẹn được trong vòng 90 ngày tới.")
    return found


def _audience_problem(visit: Visit, draft: Draft, scope: Scope) -> str:
    if not scope.province and (draft.kind not in COMMUNE_KINDS or draft.place not in ("", scope.place)):
        return f"Chỉ gửi được cho người học ở {visit.place_label(scope.place)}."
    return {
        "place": "Chọn xã, phường nhận thông báo.",
        "not-finished": "Chọn bài học mà người nhận chưa học xong.",
        "inactive": "Số ngày phải là một số nguyên, từ 1 trở lên.",
    }.get(draft.kind, "Chọn người nhận.")


async def recipients(visit: Visit, draft: Draft, scope: Scope) -> int | None:
    audience = audience_of(draft, scope)
    return None if audience is None else await audiences.count(visit.session, audience, visit.now)


async def create(visit: Visit, draft: Draft, scope: Scope) -> int:
    """Record the broadcast as the chat does: the broadcast tick sends it when it is due."""
    audience = audience_of(draft, scope)
    at = send_time(draft, visit.now, visit.services.config.timezone)
    if audience is None or at is None:
        raise Refused(400, "Thông báo chưa tạo được ạ.")
    broadcast = await create_broadcast(
        visit.session,
        text=draft.text,
        lesson_id=draft.lesson,
        audience=audience,
        urgent=draft.urgent,
        send_at=at,
        actor=visit.viewer.actor,
        created_by=visit.viewer.learner_id,
        now=visit.now,
    )
    return broadcast.id


async def cancel(visit: Visit, broadcast_id: int, scope: Scope) -> int:
    stopped = await cancel_broadcast(visit.session, broadcast_id, visit.viewer.actor, visit.now, scope)
    if stopped is None:
        raise Refused(404, f"Không có thông báo #{broadcast_id} nào để hủy trong phạm vi của anh/chị.")
    return stopped


@dataclass(frozen=True, slots=True)
class Sent:
    broadcast: Broadcast
    audience: str
    counts: dict[str, int]

    @property
    def status(self) -> str:
        return STATUS_WORDS.get(self.broadcast.status, self.broadcast.status)

    @property
    def cancellable(self) -> bool:
        pending = self.counts.get("pending", 0)
        return self.broadcast.status == "scheduled" or (self.broadcast.status == "queued" and pending > 0)


async def sent(visit: Visit, scope: Scope, page: int) -> tuple[list[Sent], int]:
    """Broadcasts in scope, newest first, with their delivery counts; and how many pages."""
    total = int(await visit.session.scalar(select(func.count()).select_from(Broadcast).where(in_scope(scope))) or 0)
    query = select(Broadcast).where(in_scope(scope)).order_by(Broadcast.id.desc())
    rows = list((await visit.session.execute(query.limit(LIST_PAGE).offset((page - 1) * LIST_PAGE))).scalars())
    counts = await audiences.delivery_counts(visit.session, [b.id for b in rows])
    found = [Sent(b, audience_label(visit, audiences.stored(b)), counts.get(b.id, {})) for b in rows]
    return found, max(1, -(-total // LIST_PAGE))


def audience_label(visit: Visit, audience: audiences.Audience) -> str:
    library, kind, value = visit.services.library, audience.kind, audience.value
    if kind == "place":
        label = f"Người học ở {visit.place_label(value)}"
    elif kind == "not-finished":
        lesson = library.lesson(value)
        label = f"Ai chưa học xong bài “{lesson.title if lesson else value}”"
    elif kind == "inactive":
        label = f"Ai không vào học từ {value} ngày trở lên"
    else:
        label = dict(KINDS).get(audience.spec, "Tất cả người học")
    return label if not audience.within or kind == "place" else f"{label} ở {visit.place_label(audience.within)}"


def for_scope(draft: Draft, scope: Scope) -> Draft:
    """A commune admin's form never names another commune."""
    return draft if scope.province else replace(draft, place=scope.place)
