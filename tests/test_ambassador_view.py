"""What the engine is told about families (issue 15): whether a learner is in a digital family,
and whether an ambassador still holding the role looks after them. Real SQLite and PostgreSQL."""

from __future__ import annotations

from bot.app import App
from bot.roles import AMBASSADOR, revoke
from bot.storage import repo
from tests.test_families import Person, create_family, make_ambassador, onboard


async def _flags(app: App, person: Person) -> tuple[bool, bool]:
    async with app.sessions() as session:
        view = await repo.learner_view(session, await person.row(), app.clock.now())
    return view.family_member, view.has_ambassador


async def test_the_view_says_who_is_in_a_family_and_looked_after(app: App) -> None:
    amb = await make_ambassador(app)
    code = await create_family(amb)
    lan, stranger = Person(app, "lan"), Person(app, "stranger")
    await lan.say(f"/start {code}")
    await lan.pick("Đồng ý")
    await onboard(lan)
    await onboard(stranger)
    assert [await _flags(app, p) for p in (lan, stranger, amb)] == [(True, True), (False, False), (False, False)]
    async with app.sessions.begin() as session:
        assert await revoke(session, (await amb.row()).id, AMBASSADOR, "cli:test", app.clock.now())
    assert await _flags(app, lan) == (True, False)  # still in the family, but nobody looks after her
