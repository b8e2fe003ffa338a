"""Nothing of a learner in the logs, nothing left behind after /xoadulieu: checked in the log
records, the audit rows and the SQLite files' bytes themselves."""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import select

from bot import roles
from bot.app import App, bootstrap
from bot.cli_community import grant
from bot.clock import FakeClock
from bot.keys import ConversationKey
from bot.settings import load_settings
from bot.storage import repo
from bot.storage.models import AuditEntry
from content.library import Library
from tests.helpers import Learner, onboard

NAME = "Diệp Xuyến"  # in no commune, lesson or code: any trace of it is hers
UID = "u8841xq"


class Telegram(Learner):
    @property
    def key(self) -> ConversationKey:
        return ConversationKey("telegram", chat_id=self.name, user_id=self.name)


async def _learn_a_little(person: Learner) -> None:
    await onboard(person, name=NAME)
    await person.say("hoc tiep")
    await person.read_lesson()
    await person.answer(correct=False)


async def _delete(person: Learner) -> None:
    await person.say("/xoadulieu")
    await person.pick("Xóa hết")
    assert "Đã xóa xong" in person.text()


async def test_sql_values_never_reach_the_log_even_at_debug(app: App, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    for name in ("sqlalchemy.engine", "aiosqlite"):
        caplog.set_level(logging.DEBUG, logger=name)
    person = Learner(app, UID)
    await _learn_a_little(person)
    await person.say("/tiendo")
    logged = caplog.text
    assert "SELECT" in logged and "INSERT" in logged  # DEBUG was really on
    for secret in (NAME, "Diệp", "Xuyến", "Tân Cương", UID):
        assert secret not in logged, secret
    assert "[hidden]" in logged  # result rows and driver calls are logged, their values are not


@pytest.fixture
async def sqlite_app(tmp_path: Path, clock: FakeClock, library: Library) -> AsyncIterator[App]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'hocvuso.db'}"
    application = await bootstrap(load_settings(database_url=url, data_dir=tmp_path), clock=clock, library=library)
    yield application
    await application.close()


async def test_a_deleted_name_is_gone_from_the_sqlite_file_and_its_write_ahead_log(
    sqlite_app: App, tmp_path: Path
) -> None:
    files = (tmp_path / "hocvuso.db", tmp_path / "hocvuso.db-wal")
    async with sqlite_app.engine.connect() as connection:  # on by default in some builds, not all
        assert (await connection.exec_driver_sql("PRAGMA secure_delete")).scalar() == 1
    person = Learner(sqlite_app, UID)
    await _learn_a_little(person)
    traces = (NAME.encode(), UID.encode())
    assert any(trace in path.read_bytes() for path in files for trace in traces)  # it was there
    await _delete(person)
    for path in files:
        held = path.read_bytes() if path.exists() else b""
        for trace in traces:
            assert trace not in held, (path.name, trace)


async def test_deletion_pseudonymises_the_audit_trail_and_keeps_its_rows(app: App) -> None:
    person, neighbour = Telegram(app, UID), Telegram(app, UID + "7")  # ids that share a prefix
    await _learn_a_little(person)
    await onboard(neighbour, name="Hòa")
    now = app.clock.now()
    async with app.sessions.begin() as session:
        mine, other = await repo.find_learner(session, person.key), await repo.find_learner(session, neighbour.key)
        assert mine is not None and other is not None
        assert await roles.grant(session, mine.id, roles.ADMIN, "cli:op", now)
        assert await roles.grant(session, other.id, roles.ADMIN, f"telegram:{UID}", now)  # she granted it
        detail: dict[str, object] = {"by": f"telegram:{UID}", "n": NAME}
        roles.audit(session, roles.actor_of(mine), "broadcast.create", "broadcast:1", now, detail)
        roles.audit(session, "cli:op", "note", f"telegram:{UID}7", now)  # his id starts like hers
    await grant(app, f"telegram:{UID}")
    learner_tag = f"learner:{mine.id}"
    async with app.sessions() as session:
        before = {e.id: e for e in (await session.execute(select(AuditEntry))).scalars()}
    await _delete(person)
    async with app.sessions() as session:
        after = {e.id: e for e in (await session.execute(select(AuditEntry))).scalars()}
    assert after.keys() == before.keys()  # the trail keeps every row
    written = {i: f"{e.actor} | {e.target} | {e.detail}" for i, e in after.items()}
    pseudonyms: set[str] = set()
    for text in written.values():
        assert not re.search(rf"{UID}(?!7)", text) and not re.search(rf"{learner_tag}(?!\d)", text), text
        assert NAME not in text, text
        pseudonyms |= set(re.findall(r"deleted:[0-9a-f]{12}", text))
    assert len(pseudonyms) == 1  # one stable pseudonym for her, in every row about her
    # Rows about the neighbour, whose ids start like hers, still name him.
    assert any(text.startswith(f"cli:op | telegram:{UID}7 |") for text in written.values())
    assert any(f"| learner:{other.id} |" in text for text in written.values())
    changed = [i for i in after if written[i] != f"{before[i].actor} | {before[i].target} | {before[i].detail}"]
    assert len(changed) == 4
