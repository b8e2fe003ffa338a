"""What deleting a learner's data does besides removing their rows (repo.delete_personal_data).

- The audit trail keeps every row (who granted what, when), but the deleted person becomes a
  pseudonym, "deleted:" and 12 random hex digits, the same in every row about them: the trail
  still reads as one person's actions without saying whose. Random rather than a hash of the
  platform id, since a ten-digit Telegram id is quickly found again by hashing every candidate.
  The same goes for the role grants and ambassador codes that name them as the grantor.
- On SQLite, once the deletion is committed, the write-ahead log is folded into the database
  file and emptied. Until then the deleted name stays readable in the -wal file; with
  `secure_delete` (bot/storage/db.py) the database file keeps zeros where the rows were.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable

from sqlalchemy import Engine, Text, cast, event, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from bot.storage.models import AmbassadorCode, AuditEntry, Learner, LearnerRole

PSEUDONYM_PREFIX = "deleted:"


def new_pseudonym() -> str:
    return PSEUDONYM_PREFIX + secrets.token_hex(6)


def identities(learner: Learner) -> tuple[str, ...]:
    """Every way the audit trail names a learner: "learner:ID", "CHANNEL:USER", "CHANNEL:CHAT"."""
    found = (f"learner:{learner.id}", f"{learner.channel}:{learner.user_id}", f"{learner.channel}:{learner.chat_id}")
    return tuple(dict.fromkeys(found))


async def pseudonymise(session: AsyncSession, learner: Learner, pseudonym: str) -> int:
    """Rewrite every audit row that names the learner; return how many rows changed."""
    names = identities(learner)
    columns = (AuditEntry.actor, AuditEntry.target, cast(AuditEntry.detail, Text))
    # LIKE narrows the rows; the exact match below tells "learner:5" from "learner:55".
    wanted = or_(*(column.contains(name, autoescape=True) for name in names for column in columns))
    swap = _swapper(names, learner.name, pseudonym)
    changed = 0
    for entry in (await session.execute(select(AuditEntry).where(wanted))).scalars():
        actor, target = _whole(entry.actor, names, pseudonym), _whole(entry.target, names, pseudonym)
        detail = swap(entry.detail)
        if (actor, target, detail) != (entry.actor, entry.target, entry.detail):
            entry.actor, entry.target = actor, target
            entry.detail = detail if isinstance(detail, dict) else {}
            changed += 1
    await session.execute(update(LearnerRole).where(LearnerRole.granted_by.in_(names)).values(granted_by=pseudonym))
    codes = update(AmbassadorCode).where(AmbassadorCode.created_by.in_(names)).values(created_by=pseudonym)
    await session.execute(codes)
    return changed


def _whole(field: str, names: tuple[str, ...], pseudonym: str) -> str:
    """An actor or target that names them is about them alone: "learner:5 telegram:42" included."""
    return pseudonym if _pattern(names).search(field) else field


def _pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w:])(?:{alternatives})(?![\w-])")


def _swapper(names: tuple[str, ...], name: str, pseudonym: str) -> Callable[[object], object]:
    """Replaces their identities, and their name, in every string inside an audit detail."""
    pattern = _pattern((*names, name) if len(name.strip()) >= 2 else names)

    def swap(value: object) -> object:
        if isinstance(value, str):
            return pattern.sub(pseudonym, value)
        if isinstance(value, dict):
            return {key: swap(item) for key, item in value.items()}
        if isinstance(value, list):
            return [swap(item) for item in value]
        return value

    return swap


def checkpoint_after_commit(session: AsyncSession) -> None:
    """SQLite: when this transaction commits, fold the write-ahead log into the file and empty it."""
    bind = session.sync_session.get_bind()
    if not isinstance(bind, Engine) or bind.dialect.name != "sqlite":
        return

    def checkpoint(_session: Session) -> None:
        # A fresh connection: the committing one cannot run SQL from inside its own commit.
        with bind.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    event.listen(session.sync_session, "after_commit", checkpoint, once=True)
