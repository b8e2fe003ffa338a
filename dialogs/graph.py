"""Draw the state machine as a Mermaid chart, from the transitions each state declares."""

from __future__ import annotations

from dialogs.core import REGISTRY
from dialogs.engine import GLOBAL_WORDS
from dialogs.state import StateName

GLOBAL_EDGES = (
    ("/menu, “menu”", StateName.MENU),
    ("/hoc, “học tiếp”", StateName.LESSON_CARD),
    ("/ontap", StateName.REVIEW),
    ("/tiendo", StateName.PROGRESS),
    ("/caidat", StateName.SETTINGS),
    ("/trogiup", StateName.HELP),
    ("/xoadulieu", StateName.DELETE_CONFIRM),
)


def mermaid() -> str:
    assert GLOBAL_WORDS  # noqa: S101 — the words above are the engine's; keep them in one place
    lines = [
        "stateDiagram-v2",
        f"    [*] --> {StateName.NEW.value}",
        f"    {StateName.NEW.value} --> {StateName.ONB_CONSENT.value}: any first message",
    ]
    for name in StateName:
        spec = REGISTRY.get(name)
        for label, target in spec.edges if spec else ():
            lines.append(f"    {name.value} --> {target.value}: {label}")
    lines.append('    state "from any state" as anywhere')
    for label, target in GLOBAL_EDGES:
        lines.append(f"    anywhere --> {target.value}: {label}")
    lines.append("    note right of anywhere: unknown input, stickers, stale buttons: a short reply, same state")
    return "\n".join(lines) + "\n"


def declared_targets(name: StateName) -> set[StateName]:
    spec = REGISTRY.get(name)
    own = {target for _, target in spec.edges} if spec else {StateName.ONB_CONSENT}
    return own | {target for _, target in GLOBAL_EDGES} | {name, StateName.NEW}
