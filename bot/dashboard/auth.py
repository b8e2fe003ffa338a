"""Signing in without a password: a one-time link from the bot, then a session cookie.

The link carries 256 random bits; the database keeps only their SHA-256, so neither a guess
nor a copy of the database opens a session. A link works once, for ten minutes. A session is
a second random value in an HttpOnly cookie, also kept only as its hash, with its own CSRF
secret for the forms. Who the viewer is — their roles and an admin's scope — is read from
the database again on every request: a role taken away closes the dashboard at once.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.roles import ADMIN, AMBASSADOR, Scope
from bot.storage.models import DashboardLoginToken, DashboardSession, Learner, LearnerRole

LINK_LIFETIME = timedelta(minutes=10)
COOKIE = "hocvuso_dashboard"
PATH = "/dashboard"
KEEP_USED = timedelta(days=1)  # used and expired links are deleted after this


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Viewer:
    """Who is looking, as the database says right now."""

    learner_id: int
    name: str
    place: str
    scope: Scope | None  # an admin's scope; None for someone who is not an admin
    ambassador: bool
    csrf: str

    @property
    def admin(self) -> bool:
        return self.scope is not None

    @property
    def actor(self) -> str:
        return f"learner:{self.learner_id}"


async def _roles(session: AsyncSession, learner_id: int) -> dict[str, str]:
    query = select(LearnerRole.role, LearnerRole.scope).where(LearnerRole.learner_id == learner_id)
    return {str(role): str(scope) for role, scope in (await session.execute(query)).all()}


def _admin_scope(held: dict[str, str]) -> Scope | None:
    if ADMIN not in held:
        return None
    try:
        return Scope.parse(held[ADMIN])
    except ValueError:
        return None  # an unreadable scope opens nothing


async def may_sign_in(session: AsyncSession, learner_id: int) -> bool:
    held = await _roles(session, learner_id)
    return _admin_scope(held) is not None or AMBASSADOR in held


async def issue_link(session: AsyncSession, learner_id: int, now: datetime) -> str | None:
    """A fresh one-time token for an admin or ambassador; None for anybody else."""
    if not await may_sign_in(session, learner_id):
        return None
    await session.execute(delete(DashboardLoginToken).where(DashboardLoginToken.expires_at < now - KEEP_USED))
    raw = secrets.token_urlsafe(32)
    session.add(
        DashboardLoginToken(
            token_hash=digest(raw), learner_id=learner_id, created_at=now, expires_at=now + LINK_LIFETIME
        )
    )
    return raw


async def link_usable(session: AsyncSession, raw: str, now: datetime) -> bool:
    """Whether the link would still sign someone in (reading only: a preview must not use it up)."""
    row = await session.get(DashboardLoginToken, digest(raw))
    return row is not None and row.used_at is None and row.expires_at > now


async def redeem(session: AsyncSession, raw: str, now: datetime) -> int | None:
    """Use the link up and return whose it was; None when unknown, used or expired.

    The conditional UPDATE is what makes it single-use: of two requests racing with one
    link, the database lets exactly one of them change the row."""
    key = digest(raw)
    owner = await session.scalar(select(DashboardLoginToken.learner_id).where(DashboardLoginToken.token_hash == key))
    used = await session.execute(
        update(DashboardLoginToken)
        .where(
            DashboardLoginToken.token_hash == key,
            DashboardLoginToken.used_at.is_(None),
            DashboardLoginToken.expires_at > now,
        )
        .values(used_at=now)
    )
    return int(owner) if owner is not None and getattr(used, "rowcount", 0) == 1 else None


async def open_session(session: AsyncSession, learner_id: int, now: datetime, lifetime: timedelta) -> str:
    """A new session for this person; returns the cookie's value."""
    await session.execute(delete(DashboardSession).where(DashboardSession.expires_at < now))
    raw = secrets.token_urlsafe(32)
    session.add(
        DashboardSession(
            id_hash=digest(raw),
            learner_id=learner_id,
            csrf=secrets.token_urlsafe(24),
            created_at=now,
            expires_at=now + lifetime,
        )
    )
    return raw


async def viewer(session: AsyncSession, raw: str, now: datetime) -> Viewer | None:
    """The person behind a session cookie, if the session is alive and they still hold a role."""
    if not raw or len(raw) > 100:
        return None
    row = await session.get(DashboardSession, digest(raw))
    if row is None or row.expires_at <= now:
        return None
    learner = await session.get(Learner, row.learner_id)
    held = await _roles(session, row.learner_id)
    scope = _admin_scope(held)
    if learner is None or (scope is None and AMBASSADOR not in held):
        return None
    name = learner.name or f"Người dùng #{learner.id}"
    return Viewer(learner.id, name, learner.place, scope, AMBASSADOR in held, row.csrf)


async def close_session(session: AsyncSession, raw: str) -> None:
    await session.execute(delete(DashboardSession).where(DashboardSession.id_hash == digest(raw)))


def csrf_ok(viewer: Viewer, given: str) -> bool:
    return bool(given) and hmac.compare_digest(viewer.csrf.encode(), given.encode())
