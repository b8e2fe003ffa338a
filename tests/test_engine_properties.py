"""Property: in every state, any input a learner can send gets a helpful reply and keeps the place."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from content.library import Library
from content.places import PlaceIndex
from content.textfold import fold
from dialogs.graph import command_targets, declared_targets
from dialogs.messages import Inbound, InboundKind, Text
from dialogs.state import StateName
from tests.conftest import START
from tests.engine_driver import MACHINE, EngineDriver, reach_every_state

_PARKED: dict[StateName, EngineDriver] = {}

inbound_strategy = st.one_of(
    st.text(max_size=300).map(Inbound.from_text),
    st.sampled_from(["1", "2", "9", "tiep", "menu", "/menu", "/xoadulieu", "bo qua", "/start", "/xacminh ABC"]).map(
        Inbound.from_text
    ),
    st.builds(Inbound.choice, st.text(max_size=70), st.integers(-5, 500)),
    st.sampled_from(["photo", "sticker", "voice", "file"]).map(Inbound.unsupported),
)


def allowed_targets(name: StateName, inbound: Inbound) -> set[StateName]:
    """Where this input may lead from this state: the screen's own declared exits, or the
    declared targets of the command it is (typed as /command or as the command's words)."""
    allowed = declared_targets(MACHINE, name)
    if inbound.kind is InboundKind.COMMAND:
        allowed |= command_targets(MACHINE, inbound.command)
        if inbound.command in ("start", "batdau") and inbound.text:
            allowed |= {target for flow in MACHINE.flows for _, target in flow.anywhere}
    if inbound.kind is InboundKind.TEXT:
        word = MACHINE.words.get(fold(inbound.text))
        allowed |= command_targets(MACHINE, word) if word else set()
        # Free text may be a code, a question, a topic's name or a pasted message: each flow
        # declares where such text may lead from anywhere.
        allowed |= {target for flow in MACHINE.flows for _, target in flow.anywhere}
    return allowed


def parked(library: Library, places: PlaceIndex) -> dict[StateName, EngineDriver]:
    if not _PARKED:
        _PARKED.update(reach_every_state(library, places, START))
    return _PARKED


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from([s for s in StateName if s is not StateName.NEW]), inbound=inbound_strategy)
def test_random_input_in_a_random_state(
    library: Library, places: PlaceIndex, name: StateName, inbound: Inbound
) -> None:
    driver = parked(library, places)[name]
    probe = driver.copy()
    messages = probe.send(inbound)
    assert messages, "every input gets a reply"
    for message in messages:
        if isinstance(message, Text):
            assert "Traceback" not in message.text and len(message.text) <= 700
    assert probe.state.name in allowed_targets(name, inbound), (name, inbound, probe.state.name)
    moved = probe.state.name is not name
    if moved:
        # Only a recognised option, number, word or command may move the learner.
        assert inbound.kind.value in ("text", "choice", "command")
    else:
        assert (probe.state.lesson, probe.state.card) == (driver.state.lesson, driver.state.card) or (
            probe.state.name is StateName.LESSON_CARD
        )
