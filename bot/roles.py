"""Roles (admin, Digital Ambassador) as the database holds them, and the one audit log.

Every privileged action checks the role here, in the database, inside the transaction that
performs it, and writes one audit row. An actor is named one way everywhere: "learner:ID" for
a person acting in the chat, "cli:USER" for support staff, "scheduler" or "settings:NAME" for
the system; deleting a learner's data turns their "learner:ID" into a pseudonym
(bot/storage/erasure.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.learner_record import dialect_insert
from bot.storage.models import AuditEntry, Learner, LearnerRole

ADMIN, AMBASSADOR = "admin", "ambassador"
ROLES = (ADMIN, AMBASSADOR)
PROVINCE, COMMUNE = "province", "commune:"


@dataclass(frozen=True, slots=True)
class Scope:
    """Where an admin acts: the whole province (place "") or one commune (its place key).

    Stored in learner_roles.scope as "province" or "commune:PLACE_KEY"; read from the database
    on every admin action, in the chat, the CLI and the dashboard alike."""

    place: str = ""

    @property
    def province(self) -> bool:
        return not self.place

    @property
    def stored(self) -> str:
        return PROVINCE if self.province else f"{COMMUNE}{self.place}"

    def allows(self, place: str) -> bool:
        return self.province or place == self.place

    @classmethod
    def parse(cls, stored: str) -> Scope:
        if stored == PROVINCE:
            return cls()
        if stored.startswith(COMMUNE) and stored.removeprefix(COMMUNE).strip():
            return cls(stored.removeprefix(COMMUNE).strip())
        raise ValueError("a scope is province or commune:PLACE_KEY")


WHOLE_PROVINCE = Scope()


def actor_of(learner: Learner) -> str:
    return f"learner:{learner.id}"


def audit(
    session: AsyncSession, actor: str, action: str, target: str, now: datetime, detail: dict[str, object] | None = None
) -> None:
    session.add(AuditEntry(actor=actor[:160], action=action, target=target[:160], detail=detail or {}, at=now))


async def roles_of(session: AsyncSession, learner_id: int) -> frozenset[str]:
    query = select(LearnerRole.role).where(LearnerRole.learner_id == learner_id)
    return frozenset((await session.execute(query)).scalars())


async def has_role(session: AsyncSession, learner_id: int, role: str) -> bool:
    query = select(LearnerRole.role).where(LearnerRole.learner_id == learner_id, LearnerRole.role == role)
    return (await session.execute(query)).first() is not None


async def admin_scope(session: AsyncSession, learner_id: int) -> Scope | None:
    """The admin's scope, or None for someone who is not an admin (or holds an unreadable scope)."""
    query = select(LearnerRole.scope).where(LearnerRole.learner_id == learner_id, LearnerRole.role == ADMIN)
    stored = (await session.execute(query)).scalar_one_or_none()
    try:
        return None if stored is None else Scope.parse(stored)
    except ValueError:
        return None  # refuse rather than guess a scope


async def grant(
    session: AsyncSession, learner_id: int, role: str, actor: str, now: datetime, scope: Scope = WHOLE_PROVINCE
) -> bool:
    """Give the role (audited); False when they already held it (their scope is kept: see set_scope)."""
    dialect = session.bind.dialect.name if session.bind else "sqlite"
    values = {
        "learner_id": learner_id,
        "role": role,
        "granted_at": now,
        "granted_by": actor[:64],
        "scope": scope.stored,
    }
    done = await session.execute(dialect_insert(dialect, LearnerRole).values(**values).on_conflict_do_nothing())
    if not getattr(done, "rowcount", 0):
        return False
    detail: dict[str, object] = {"role": role}
    if role == ADMIN:
        detail["scope"] = scope.stored
    audit(session, actor, "role.grant", f"learner:{learner_id}", now, detail)
    return True


async def set_scope(session: AsyncSession, learner_id: int, scope: Scope, actor: str, now: datetime) -> bool:
    """Move an admin to another scope (audited); False when they are not an admin or already there."""
    changed = await session.execute(
        update(LearnerRole)
        .where(LearnerRole.learner_id == learner_id, LearnerRole.role == ADMIN, LearnerRole.scope != scope.stored)
        .values(scope=scope.stored)
    )
    if not getattr(changed, "rowcount", 0):
        return False
    audit(session, actor, "role.scope", f"learner:{learner_id}", now, {"scope": scope.stored})
    return True


async def revoke(session: AsyncSession, learner_id: int, role: str, actor: str, now: datetime) -> bool:
    """Take the role away (audited); False when they did not hold it."""
    gone = await session.execute(
        delete(LearnerRole).where(LearnerRole.learner_id == learner_id, LearnerRole.role == role)
    )
    if not getattr(gone, "rowcount", 0):
        return False
    audit(session, actor, "role.revoke", f"learner:{learner_id}", now, {"role": role})
    return True


async def learners_with_key(session: AsyncSession, channel: str, user_id: str) -> list[int]:
    """Every learner with this platform id (any bot, any chat)."""
    query = select(Learner.id).where(Learner.channel == channel, Learner.user_id == user_id).order_by(Learner.id)
    return list((await session.execute(query)).scalars())


async def grant_admin_keys(
    sessions: async_sessionmaker[AsyncSession], keys: Sequence[tuple[str, str]], now: datetime
) -> list[tuple[str, str]]:
    """ADMIN_IDS: make these platform ids admins. Returns the ids nobody has written from yet:
    they must send any message first; the broadcast tick tries again (bot/scheduling.py)."""
    missing: list[tuple[str, str]] = []
    async with sessions.begin() as session:
        for channel, user_id in keys:
            ids = await learners_with_key(session, channel, user_id)
            if not ids:
                missing.append((channel, user_id))
            for learner_id in ids:
                await grant(session, learner_id, ADMIN, "settings:ADMIN_IDS", now)
    return missing
