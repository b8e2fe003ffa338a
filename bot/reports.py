"""Reports and maintenance commands for support staff."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import delete, select

from bot.app import App
from bot.progress import Progress, rebuild
from bot.settings import Settings
from bot.storage import repo
from bot.storage.db import create_engine, is_sqlite, session_factory
from bot.storage.migrate import upgrade
from bot.storage.models import Certificate, Learner, LessonProgressRow, PlaceRow
from content.places import parse_places_csv
from dialogs.state import DialogState


async def learner_report(app: App, channel: str, user: str) -> dict[str, object] | None:
    async with app.sessions() as session:
        # Telegram and Zalo learners carry a bot id in their key; support staff know only
        # the channel and the user id, so look the learner up by those.
        learner = (
            (
                await session.execute(
                    select(Learner).where(Learner.channel == channel, Learner.user_id == user).order_by(Learner.id)
                )
            )
            .scalars()
            .first()
        )
        if learner is None:
            return None
        state = DialogState.loads(await repo.load_state(session, learner.id))
        rows = (
            await session.execute(
                select(LessonProgressRow)
                .where(LessonProgressRow.learner_id == learner.id)
                .order_by(LessonProgressRow.lesson_id)
            )
        ).scalars()
        certs = (await session.execute(select(Certificate).where(Certificate.learner_id == learner.id))).scalars()
        return {
            "learner": {"channel": channel, "user": user, "consent": learner.consent},
            "state": state.name.value,
            "position": {
                "lesson": state.lesson,
                "card": state.card + 1 if state.lesson else 0,
                "question": state.question,
            },
            "completed_lessons": [
                {
                    "lesson_id": r.lesson_id,
                    "score": r.best_score,
                    "total": r.total,
                    "content_version": r.content_version,
                    "completed_at": r.completed_at.isoformat(),
                }
                for r in rows
                if r.status == "completed" and r.completed_at is not None
            ],
            "certificates": [
                {"module_id": c.module_id, "code": c.code, "issued_at": c.issued_at.isoformat()} for c in certs
            ],
        }


async def rebuild_progress(app: App) -> tuple[int, int]:
    """Recompute lesson_progress from the log; return (rows that differed, rows)."""
    async with app.sessions.begin() as session:
        derived = rebuild(await repo.log_entries(session))
        stored = {
            (r.learner_id, r.lesson_id): Progress(
                r.status, r.best_score, r.total, r.content_version, r.started_at, r.completed_at
            )
            for r in (await session.execute(select(LessonProgressRow))).scalars()
        }
        changed = sum(1 for key in derived.keys() | stored.keys() if derived.get(key) != stored.get(key))
        await session.execute(delete(LessonProgressRow))
        for (learner_id, lesson_id), progress in derived.items():
            await repo.put_progress(session, learner_id, lesson_id, progress)
    return changed, len(derived)


async def load_places_file(settings: Settings, path: Path) -> int:
    places = parse_places_csv(path.read_text(encoding="utf-8"), str(path))  # noqa: ASYNC240 — a CLI command
    if is_sqlite(settings.db_url):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = create_engine(settings.db_url)
    try:
        await upgrade(engine)
        async with session_factory(engine).begin() as session:
            await session.execute(delete(PlaceRow))
            for place in places:
                session.add(PlaceRow(key=place.key, province=place.province, kind=place.kind, name=place.name))
    finally:
        await engine.dispose()
    return len(places)
