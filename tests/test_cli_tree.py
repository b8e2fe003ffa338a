"""`hocvuso`'s command tree is built by bot/cli.py's `build()`, not by importing modules (issue 11)."""

from __future__ import annotations

import typer
from typer.core import TyperGroup
from typer.main import get_command

from bot.cli import build

# Every command, by the words typed after `hocvuso`; a group that runs alone (progress, stats)
# is a command too. A command lost (or added) in bot/cli*.py shows here.
COMMANDS = {
    "ask",
    "scamcheck",
    "chat",
    "run",
    "db upgrade",
    "dialogs graph",
    "content check",
    "certificate verify",
    "places load",
    "progress",
    "progress rebuild",
    "admin grant",
    "admin revoke",
    "admin list",
    "admin grant-ambassador",
    "admin ambassador-duty",
    "admin revoke-ambassador",
    "admin ambassador-code",
    "broadcast create",
    "broadcast status",
    "broadcast list",
    "broadcast cancel",
    "stats",
    "stats load-population",
    "learner export",
    "questions unanswered",
}


def command_paths(root: typer.Typer) -> set[str]:
    """What can be run: each leaf command, and each group with a callback of its own."""
    found: set[str] = set()

    def walk(command: object, path: tuple[str, ...]) -> None:
        if not isinstance(command, TyperGroup):
            found.add(" ".join(path))
            return
        if path and command.invoke_without_command:
            found.add(" ".join(path))
        for name, sub in command.commands.items():
            walk(sub, (*path, name))

    walk(get_command(root), ())
    return found


def test_the_tree_holds_every_command() -> None:
    assert command_paths(build()) == COMMANDS


def test_two_trees_share_nothing() -> None:
    first, second = build(), build()
    assert first is not second
    groups = [{id(info.typer_instance) for info in tree.registered_groups} for tree in (first, second)]
    assert len(groups[0]) == 11 and not groups[0] & groups[1]
    first.command("extra")(lambda: None)  # one tree changed: the other, and a new one, are not
    next(info.typer_instance for info in first.registered_groups if info.name == "admin").command("extra")(lambda: None)
    assert command_paths(first) == COMMANDS | {"extra", "admin extra"}
    assert command_paths(second) == command_paths(build()) == COMMANDS
