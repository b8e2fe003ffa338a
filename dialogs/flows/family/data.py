"""What the shell gathers for the family screens (ctx.data) and the events it applies.

Filled by bot/families.py only for people whose database role allows it; every privileged
event is checked again against the database by the effect that applies it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal, TypeVar

from dialogs.context import Context
from dialogs.events import DomainEvent
from dialogs.flows.family.helpdata import HelpView
from dialogs.state import DialogState, StateName

S = StateName

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
    # Taking help requests from learners of their commune who have no ambassador of their own.
    on_duty: bool = False
    # Requests this ambassador may answer, not yet helped in person (newest first).
    help: tuple[HelpView, ...] = ()


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


def gathered(ctx: Context, key: str, kind: type[T]) -> T | None:
    value = ctx.data.get(key)
    return value if isinstance(value, kind) else None


def ambassador(ctx: Context) -> AmbassadorData | None:
    return gathered(ctx, DATA_AMBASSADOR, AmbassadorData)


def family_of(ctx: Context, state: DialogState) -> FamilyData | None:
    amb = ambassador(ctx)
    wanted = state.extra.get("family", "")
    return next((f for f in amb.families if str(f.id) == wanted), None) if amb else None


def memberships(ctx: Context) -> tuple[Membership, ...]:
    value = ctx.data.get(DATA_MEMBERSHIPS)
    return tuple(m for m in value if isinstance(m, Membership)) if isinstance(value, tuple) else ()


def with_family(ctx: Context, family: FamilyData) -> Context:
    """Show an event's result at once (the shell stores it after the step)."""
    amb = ambassador(ctx)
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
