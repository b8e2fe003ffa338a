"""The pure dialog step: (state, inbound, context) -> (state, messages, events). No I/O.

`Machine` is the engine: built from the flows it is given (bootstrap() passes the standard
set; tests may pass their own), it draws every state's screen and decides every step. What
is common to every screen lives here: the secret guard, commands and their typed words,
matching a reply against the screen's options, refusing an inbound kind a state does not
wait for, and a kind answer for everything else. What a screen means is its flow's business.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import replace
from types import MappingProxyType
from typing import TypeVar

from content.textfold import fold, parse_number
from dialogs.context import Context
from dialogs.core import Command, CommandHandler, Flow, InboundHandler, StateSpec, Step, TextHook, line, reprompt
from dialogs.events import SensitiveDataWarned
from dialogs.messages import Inbound, InboundKind, Option, Screen, Text
from dialogs.replies import (
    EMPTY,
    MEDIA,
    NOT_UNDERSTOOD,
    OUT_OF_RANGE,
    SENSITIVE,
    STALE,
    TOO_LONG,
    UNKNOWN_COMMAND,
    WITHHELD,
)
from dialogs.sensitive import SensitiveKind, detect
from dialogs.state import DialogState, StateName

S = StateName
K = TypeVar("K")
V = TypeVar("V")


class FlowConflict(ValueError):
    """Two flows claim the same state, command, word or inbound kind, or none starts a chat."""


def _collect(what: str, pairs: Iterable[tuple[K, V]]) -> Mapping[K, V]:
    found: dict[K, V] = {}
    for key, value in pairs:
        if key in found:
            raise FlowConflict(f"two flows declare the {what} {key!r}")
        found[key] = value
    return MappingProxyType(found)


def _one(what: str, found: Iterable[V | None]) -> V | None:
    present = [item for item in found if item is not None]
    if len(present) > 1:
        raise FlowConflict(f"two flows declare the {what}")
    return present[0] if present else None


class Machine:
    """The assembled flows: immutable once built, shared by every turn."""

    def __init__(self, flows: Iterable[Flow]) -> None:
        self.flows = tuple(flows)
        every = self.flows
        self.specs = _collect("state", ((s.name, s) for f in every for s in f.states))
        self.commands = _collect("command", ((n, c) for f in every for c in f.commands for n in c.names))
        self.words = _collect("word", ((w, c.names[0]) for f in every for c in f.commands for w in c.words))
        self.inbound = _collect("inbound kind", (item for f in every for item in f.inbound.items()))
        self.text_hooks: tuple[TextHook, ...] = tuple(hook for f in every for hook in f.text_hooks)
        self.start_payload: CommandHandler | None = _one("start payload", (f.start_payload for f in every))
        first: InboundHandler | None = _one("first contact", (f.first_contact for f in every))
        if first is None:
            raise FlowConflict("no flow answers a learner's first message")
        self.first_contact: InboundHandler = first

    def spec(self, name: StateName) -> StateSpec | None:
        return self.specs.get(name)

    def render(self, state: DialogState, ctx: Context) -> Screen:
        return self.specs[state.name].render(state, ctx)

    def command(self, name: str) -> Command | None:
        return self.commands.get(name)

    def step(self, state: DialogState, inbound: Inbound, ctx: Context) -> Step:
        """Decide what happens next. Never raises for any input a learner can send."""
        if ctx.screens is not self:
            ctx = replace(ctx, screens=self)
        if state.name is not S.NEW and state.name not in self.specs:
            state = DialogState(screen=state.screen)  # a state a withdrawn feature left behind
        secret = detect(inbound.text) if inbound.kind in (InboundKind.TEXT, InboundKind.COMMAND) else None
        if secret is not None:  # before any flow sees the text, so no reply can repeat it
            return self._warn(state, secret, ctx)
        handler = self.inbound.get(inbound.kind)
        if handler is not None:
            return handler(state, inbound, ctx)
        if state.name is S.NEW:
            return self._first_contact(state, inbound, ctx)
        spec = self.specs[state.name]
        if inbound.kind not in spec.accepts:
            notice = WITHHELD if inbound.media == "unsupported" else MEDIA
            return reprompt(state, ctx, line(ctx, notice))
        if inbound.kind is InboundKind.TEXT:
            return self._on_text(spec, state, inbound, ctx)
        if inbound.kind is InboundKind.CHOICE:
            return self._on_choice(spec, state, inbound, ctx)
        return self.run_command(state, inbound.command, inbound.text, ctx)

    def run_command(self, state: DialogState, name: str, args: str, ctx: Context) -> Step:
        if name in ("start", "batdau") and args and self.start_payload is not None:
            return self.start_payload(state, args, ctx)
        command = self.commands.get(name)
        if command is None:
            return reprompt(state, ctx, line(ctx, UNKNOWN_COMMAND))
        return command.handler(state, args, ctx)

    def _warn(self, state: DialogState, kind: SensitiveKind, ctx: Context) -> Step:
        notice, event = line(ctx, SENSITIVE[kind]), SensitiveDataWarned(kind)
        if state.name is S.NEW:  # greet a newcomer all the same, as if they had sent nothing
            first = self.first_contact(state, Inbound(InboundKind.TEXT), ctx)
            return replace(first, messages=(Text(notice), *first.messages), events=(*first.events, event))
        return reprompt(state, ctx, notice, (event,))

    def _first_contact(self, state: DialogState, inbound: Inbound, ctx: Context) -> Step:
        is_start = inbound.kind is InboundKind.COMMAND and inbound.command in ("start", "batdau")
        if is_start and inbound.text and self.start_payload is not None:
            return self.start_payload(state, inbound.text, ctx)
        if inbound.kind is InboundKind.TEXT:  # e.g. a family invite code typed as the very first message
            for hook in self.text_hooks:
                hooked = hook(state, clean(inbound.text), ctx)
                if hooked is not None:
                    return hooked
        return self.first_contact(state, inbound, ctx)

    def _on_text(self, spec: StateSpec, state: DialogState, inbound: Inbound, ctx: Context) -> Step:
        text = clean(inbound.text)
        if not text:
            return reprompt(state, ctx, line(ctx, EMPTY))
        if len(text) > ctx.settings.max_text_chars:
            return reprompt(state, ctx, line(ctx, TOO_LONG))
        options = spec.render(state, ctx).options
        number = parse_number(text)
        if number is not None and options:
            if 1 <= number <= len(options):
                return spec.on_option(state, options[number - 1].id, ctx)
            if spec.on_text is None:
                return reprompt(state, ctx, line(ctx, OUT_OF_RANGE, n=len(options)))
        option = match_option(text, options)
        if option is not None:
            return spec.on_option(state, option.id, ctx)
        word = self.words.get(fold(text))
        if word is not None:
            return self.run_command(state, word, "", ctx)
        for hook in self.text_hooks:
            hooked = hook(state, text, ctx)
            if hooked is not None:
                return hooked
        result = spec.on_text(state, text, ctx) if spec.on_text else None
        return result if result is not None else reprompt(state, ctx, line(ctx, NOT_UNDERSTOOD))

    def _on_choice(self, spec: StateSpec, state: DialogState, inbound: Inbound, ctx: Context) -> Step:
        options = spec.render(state, ctx).options
        if inbound.screen != state.screen or inbound.option not in {o.id for o in options}:
            return reprompt(state, ctx, line(ctx, STALE))
        return spec.on_option(state, inbound.option, ctx)


def clean(text: str) -> str:
    """Typed text without control characters (a forged or pasted message may carry them)."""
    kept = (ch for ch in text if ch in "\n\t" or not unicodedata.category(ch).startswith("C"))
    return "".join(kept).strip()


def match_option(text: str, options: tuple[Option, ...]) -> Option | None:
    wanted = fold(text)
    if not wanted:
        return None
    for option in options:
        if wanted == fold(option.label) or wanted in (fold(a) for a in option.aliases):
            return option
    if len(wanted) >= 3:
        starts = [o for o in options if fold(o.label).startswith(wanted)]
        if len(starts) == 1:
            return starts[0]
    return None
