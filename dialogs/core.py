"""The pieces every flow uses: screens, steps and the registry of states."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from dialogs.context import Context
from dialogs.events import Event
from dialogs.messages import Choices, Option, Outbound, Text
from dialogs.state import DialogState, StateName
from dialogs.voice import Voice


@dataclass(frozen=True, slots=True)
class Screen:
    """What a state shows. The options are what a tap, a number or a label can pick."""

    messages: tuple[Outbound, ...]
    options: tuple[Option, ...] = ()


@dataclass(frozen=True, slots=True)
class Step:
    state: DialogState
    messages: tuple[Outbound, ...] = ()
    events: tuple[Event, ...] = ()


Render = Callable[[DialogState, Context], Screen]
OnOption = Callable[[DialogState, str, Context], Step]
OnText = Callable[[DialogState, str, Context], Step | None]


@dataclass(frozen=True)
class StateSpec:
    name: StateName
    render: Render
    on_option: OnOption
    on_text: OnText | None = None
    # Declared transitions (label, target), drawn by `hocvuso dialogs graph`.
    edges: tuple[tuple[str, StateName], ...] = ()


REGISTRY: dict[StateName, StateSpec] = {}

CommandHandler = Callable[[DialogState, str, Context], Step]
# Commands a flow adds ("/thongbao", "/giadinh" ...): name -> handler(state, args, ctx).
COMMANDS: dict[str, CommandHandler] = {}
# "/start PAYLOAD" (a Telegram deep link) goes to the handler registered under this name,
# in any state including a first contact; the handler decides whether to onboard first.
START_PAYLOAD = "start-payload"


TextHook = Callable[[DialogState, str, Context], Step | None]
# Typed text a flow recognises in any state (e.g. a family invite code typed on Zalo).
# Checked after the screen's own options and the global words, before the state's text.
TEXT_HOOKS: list[TextHook] = []


def command(*names: str) -> Callable[[CommandHandler], CommandHandler]:
    def add(handler: CommandHandler) -> CommandHandler:
        for name in names:
            COMMANDS[name] = handler
        return handler

    return add


def register(spec: StateSpec) -> StateSpec:
    REGISTRY[spec.name] = spec
    return spec


def voice(ctx: Context) -> Voice:
    profile = ctx.learner.profile
    return Voice(profile.address, profile.name)


def choices(state: DialogState, text: str, options: Iterable[Option], **kw: bool) -> Screen:
    opts = tuple(options)
    return Screen((Choices(text, opts, state.screen, **kw),), opts)


def with_prefix(prefix: Iterable[Outbound], screen: Screen) -> Screen:
    return Screen((*prefix, *screen.messages), screen.options)


def render(state: DialogState, ctx: Context) -> Screen:
    return REGISTRY[state.name].render(state, ctx)


def enter(
    ctx: Context,
    state: DialogState,
    before: Iterable[Outbound] = (),
    events: Iterable[Event] = (),
) -> Step:
    """Move to `state` (a fresh screen) and show it after `before`."""
    fresh = replace(state, screen=state.screen + 1)
    return Step(fresh, (*before, *render(fresh, ctx).messages), tuple(events))


def say(*texts: str) -> tuple[Text, ...]:
    return tuple(Text(t) for t in texts)


def reprompt(state: DialogState, ctx: Context, notice: str, events: Iterable[Event] = ()) -> Step:
    """Keep the learner's place: a short notice, then the same screen again."""
    return Step(state, (Text(notice), *render(state, ctx).messages), tuple(events))
