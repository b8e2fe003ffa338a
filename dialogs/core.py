"""What every flow is made of: states, commands and the moves between them.

A flow is a plain value (`Flow`) listing its states, the commands it answers anywhere, the
typed words that run those commands and the inbound kinds it handles; `dialogs.machine.Machine`
assembles the flows it is given. Nothing registers itself at import time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from dialogs.context import Context
from dialogs.events import Event
from dialogs.messages import Choices, Inbound, InboundKind, Option, Outbound, Screen, Text
from dialogs.state import DialogState, StateName
from dialogs.understanding import AskBack, ask_back_text
from dialogs.voice import Voice


@dataclass(frozen=True, slots=True)
class Step:
    state: DialogState
    messages: tuple[Outbound, ...] = ()
    events: tuple[Event, ...] = ()


Render = Callable[[DialogState, Context], Screen]
OnOption = Callable[[DialogState, str, Context], Step]
OnText = Callable[[DialogState, str, Context], Step | None]
CommandHandler = Callable[[DialogState, str, Context], Step]
TextHook = Callable[[DialogState, str, Context], Step | None]
# A turn the shell starts for the learner (a due reminder, a family push): (state, inbound, ctx).
InboundHandler = Callable[[DialogState, Inbound, Context], Step]
# What a screen waits for unless it says otherwise: photos and stickers are refused kindly in one
# place (the engine); reminders, pushes and announcements go to the flows that handle them.
TYPED = frozenset({InboundKind.TEXT, InboundKind.CHOICE, InboundKind.COMMAND})
# The option id a card offers for "say it more simply": "không hiểu" on a card picks it.
SIMPLER = "simple"
EMPTY_MAP: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True)
class StateSpec:
    name: StateName
    render: Render
    on_option: OnOption
    on_text: OnText | None = None
    # Declared transitions (label, target), drawn by `hocvuso dialogs graph` and checked by tests.
    edges: tuple[tuple[str, StateName], ...] = ()
    # The inbound kinds this state waits for; anything else is refused in one place (the engine).
    accepts: frozenset[InboundKind] = TYPED
    # What the screen also takes typed in words, and one such reply, for the help after a miss
    # ("tên gọi", "Lan"); empty when the options are all it takes.
    takes: str = ""
    example: str = ""
    # An aside (an answered question, a checked message) may return to whatever state it left.
    returns: bool = False
    # What to say to an inbound kind the state does not wait for (a photo), if not the usual.
    refusal: str = ""


@dataclass(frozen=True)
class Exit:
    """One row of a menu: the option, where it leads, and (optionally) how to get there.

    `go` is for exits that need more than a fresh screen of `target` (say, opening the next
    lesson); it must land in `target`, which is what the chart draws and the tests check."""

    option: Option
    target: StateName
    go: OnOption | None = None


def menu(
    name: StateName,
    text: Callable[[DialogState, Context], str],
    exits: tuple[Exit, ...],
    extra_edges: tuple[tuple[str, StateName], ...] = (),
    shown: Callable[[DialogState, Context], tuple[Option, ...]] | None = None,
    returns: bool = False,
) -> StateSpec:
    """A state that is a list of exits: its edges are its table, so the chart cannot drift.

    `shown` picks and words the options for this learner (a count in a label, an exit that
    does not apply now); every option it returns must be one of the exits."""
    by_id = {exit.option.id: exit for exit in exits}
    every = tuple(exit.option for exit in exits)

    def render(state: DialogState, ctx: Context) -> Screen:
        options = shown(state, ctx) if shown else every
        return choices(state, text(state, ctx), tuple(o for o in options if o.id in by_id))

    def on_option(state: DialogState, option: str, ctx: Context) -> Step:
        exit = by_id[option]
        return exit.go(state, option, ctx) if exit.go else enter(ctx, state.to(exit.target))

    edges = tuple((exit.option.label.lower(), exit.target) for exit in exits) + extra_edges
    return StateSpec(name, render, on_option, edges=edges, returns=returns)


@dataclass(frozen=True)
class Command:
    """A command a learner may send in any state ("/hoc"), and the typed words that mean it."""

    names: tuple[str, ...]
    handler: CommandHandler
    # Where it may lead (besides staying put): drawn on the chart, checked by the property test.
    targets: tuple[StateName, ...] = ()
    # Folded words that run it from any screen, after the screen's own options ("hoc tiep").
    words: tuple[str, ...] = ()
    label: str = ""


@dataclass(frozen=True)
class Flow:
    """A feature of the conversation: everything it adds to the machine, as data."""

    name: str
    states: tuple[StateSpec, ...] = ()
    commands: tuple[Command, ...] = ()
    # Typed text a flow recognises in any state (a family invite code typed on Zalo), checked
    # after the screen's options and the command words, before the state's own text handler.
    text_hooks: tuple[TextHook, ...] = ()
    # Turns the shell starts, by inbound kind (a due reminder, a family push).
    inbound: Mapping[InboundKind, InboundHandler] = field(default_factory=lambda: MappingProxyType({}))
    # "/start PAYLOAD" (a Telegram deep link) in any state, a first contact included.
    start_payload: CommandHandler | None = None
    # The very first message of a new learner (onboarding).
    first_contact: InboundHandler | None = None
    # Free text no screen understood, tried in order before the tutor says it did not understand
    # (a question for the library; a message the learner pasted).
    fallbacks: tuple[TextHook, ...] = ()
    # A pasted or forwarded message that also holds a number the secret guard caught.
    pasted: TextHook | None = None
    # Moves its hooks, payload and inbound handlers may make from any state (for the chart).
    anywhere: tuple[tuple[str, StateName], ...] = ()

    @property
    def state_names(self) -> frozenset[StateName]:
        return frozenset(spec.name for spec in self.states)

    @property
    def command_names(self) -> frozenset[str]:
        return frozenset(name for command in self.commands for name in command.names)


def voice(ctx: Context) -> Voice:
    profile = ctx.learner.profile
    return Voice(profile.address, profile.name)


def line(ctx: Context, template: str, **values: object) -> str:
    """A UI template in the learner's voice: {you}, {You}, {full}, {Full}, {me}, {Me_cap}."""
    return voice(ctx).say(template, **values)


def choices(state: DialogState, text: str, options: Iterable[Option], **kw: bool) -> Screen:
    opts = tuple(options)
    return Screen((Choices(text, opts, state.screen, **kw),), opts)


def with_prefix(prefix: Iterable[Outbound], screen: Screen) -> Screen:
    return Screen((*prefix, *screen.messages), screen.options)


def render(state: DialogState, ctx: Context) -> Screen:
    return ctx.screens.render(state, ctx)


def enter(
    ctx: Context,
    state: DialogState,
    before: Iterable[Outbound] = (),
    events: Iterable[Event] = (),
) -> Step:
    """Move to `state` (a fresh screen) and show it after `before`."""
    fresh = replace(state, screen=state.screen + 1)
    return Step(fresh, (*before, *render(fresh, ctx).messages), tuple(events))


def goto(target: StateName) -> CommandHandler:
    """A command that opens one screen, leaving any half-done edit of Settings."""

    def go(state: DialogState, args: str, ctx: Context) -> Step:
        return enter(ctx, state.to(target, editing=False))

    return go


def echo(typed: str, limit: int = 40) -> str:
    """What the learner typed, said back inside a reply: one line, no braces or quotes, short."""
    kept = "".join(ch for ch in " ".join(typed.split()) if ch not in '{}<>“”"\\')
    return kept if len(kept) <= limit else kept[: limit - 1].rstrip() + "…"


def say(*texts: str) -> tuple[Text, ...]:
    return tuple(Text(t) for t in texts)


def reprompt(state: DialogState, ctx: Context, notice: str, events: Iterable[Event] = ()) -> Step:
    """Keep the learner's place: a short notice, then the same screen again."""
    return Step(state, (Text(notice), *render(state, ctx).messages), tuple(events))


def ask_back(state: DialogState, ctx: Context, options: Iterable[Option]) -> Step:
    """A wrong pick costs more than a question: "Ý bác là … hay …?", with those options; the
    next reply is read among them first."""
    asked = AskBack(tuple(options))
    question = line(ctx, ask_back_text(asked))
    ids = tuple(option.id for option in asked.options)
    return Step(replace(state, asked=ids), (Choices(question, asked.options, state.screen),))


def aside(
    ctx: Context,
    state: DialogState,
    target: StateName,
    before: Iterable[Outbound] = (),
    events: Iterable[Event] = (),
    **changes: Any,
) -> Step:
    """Leave the learner's place for a moment (an answered question, a checked message);
    `go_back` returns exactly there. An aside within an aside still returns to the place."""
    place = state.back or state.dumps()
    moved = replace(state, name=target, back=place, asked=(), misses=0, **changes)
    return enter(ctx, moved, before, events)


def go_back(state: DialogState, ctx: Context, before: Iterable[Outbound] = (), events: Iterable[Event] = ()) -> Step:
    """Back from an aside to the very screen the learner left (drawn afresh: old buttons stay stale)."""
    place = DialogState.loads(state.back) if state.back else state.to(StateName.MENU, back="")
    return enter(ctx, replace(place, screen=state.screen, back=""), before, events)


def stay(state: DialogState, ctx: Context, before: Iterable[Outbound] = (), events: Iterable[Event] = ()) -> Step:
    """Some messages, then the same screen again, unchanged (its buttons still valid)."""
    return Step(state, (*before, *render(state, ctx).messages), tuple(events))
