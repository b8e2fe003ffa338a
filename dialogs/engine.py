"""The pure dialog step: (state, inbound, context) -> (state, messages, events). No I/O.

`Machine` is the engine: built from the flows it is given (bootstrap() passes the standard
set; tests may pass their own), it draws every state's screen and decides every step. What
is common to every screen lives here: the secret guard, commands and their typed words,
matching a reply against the screen's options, refusing an inbound kind a state does not
wait for, and a kind answer for everything else. What a screen means is its flow's business.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from types import MappingProxyType
from typing import TypeVar

from content.textfold import fold, without_controls
from dialogs.context import Context
from dialogs.core import (
    SIMPLER,
    Command,
    CommandHandler,
    Flow,
    InboundHandler,
    StateSpec,
    Step,
    TextHook,
    ask_back,
    line,
    reprompt,
)
from dialogs.events import SensitiveDataWarned
from dialogs.messages import Inbound, InboundKind, Option, Screen, Text
from dialogs.replies import AGAIN, EMPTY, MEDIA, SENSITIVE, STALE, TOO_LONG, UNKNOWN_COMMAND, WITHHELD
from dialogs.sensitive import SensitiveKind, detect
from dialogs.state import DialogState, StateName
from dialogs.understanding import AskBack, Help, Picked, miss_text, read_help
from dialogs.understanding.yesno import says_yes

S = StateName
# A flow's command that offers a person's help ("Nhờ người giúp"): the engine runs it at the
# miss where the help names people (the third in a row, then every fourth).
ASK_FOR_HELP = "nhogiup"
MISSED = "after-misses"  # its argument when the engine runs it, rather than the learner
_GROUPED_DIGITS = re.compile(r"\d+(?:\s+\d+)+")  # "123 456": one number typed in groups
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
        self.fallbacks: tuple[TextHook, ...] = tuple(hook for f in every for hook in f.fallbacks)
        self.pasted: TextHook | None = _one("pasted-message reader", (f.pasted for f in every))
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
        if secret is not None and not self._shown(state, inbound, ctx):  # before any flow sees the text
            return self._warn(state, secret, inbound, ctx)
        if state.name is S.NEW and inbound.from_learner:
            return self._first_contact(state, inbound, ctx)
        handler = self.inbound.get(inbound.kind)
        if handler is not None:
            return handler(state, inbound, ctx)
        spec = self.specs[state.name]
        if inbound.kind not in spec.accepts:
            notice = WITHHELD if inbound.media == "unsupported" else spec.refusal or MEDIA
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

    def _shown(self, state: DialogState, inbound: Inbound, ctx: Context) -> bool:
        """The text is exactly an option the screen shows ("123456" on a quiz about weak
        passwords, or "123 456", its digits typed in groups): the screen's own words, typed
        back, are no secret to warn about."""
        spec = self.specs.get(state.name) if inbound.kind is InboundKind.TEXT and state.name is not S.NEW else None
        if spec is None:
            return False
        text, options = clean(inbound.text), spec.render(state, ctx).options
        return _names_an_option(text, options) or (
            _GROUPED_DIGITS.fullmatch(text) is not None and _names_an_option("".join(text.split()), options)
        )

    def _warn(self, state: DialogState, kind: SensitiveKind, inbound: Inbound, ctx: Context) -> Step:
        notice, event = line(ctx, SENSITIVE[kind]), SensitiveDataWarned(kind)
        if inbound.kind is InboundKind.TEXT and state.name is not S.NEW:
            # A message pasted to be checked may quote a number; it is checked, never kept.
            pasted = self._pasted(state, clean(inbound.text)[: ctx.settings.max_pasted_chars], ctx)
            if pasted is not None:
                return replace(pasted, messages=(Text(notice), *pasted.messages), events=(*pasted.events, event))
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
        first = self.first_contact(state, inbound, ctx)
        if inbound.kind is InboundKind.MEDIA and inbound.media == "unsupported":  # Zalo withheld it
            return replace(first, messages=(Text(line(ctx, WITHHELD)), *first.messages))
        return first

    def _on_text(self, spec: StateSpec, state: DialogState, inbound: Inbound, ctx: Context) -> Step:
        """Typed text, read as a person would: an answer to this screen first, then a command
        word, a code, a typed value, a plea for help, a question or a pasted message."""
        text = clean(inbound.text)
        if not text:
            return reprompt(state, ctx, line(ctx, EMPTY))
        if len(text) > ctx.settings.max_text_chars:
            pasted = self._pasted(state, text[: ctx.settings.max_pasted_chars], ctx)
            return pasted if pasted is not None else reprompt(state, ctx, line(ctx, TOO_LONG))
        options = spec.render(state, ctx).options
        if state.asked:
            picked = self._answer_to_question_back(spec, state, text, options, ctx)
            if picked is not None:
                return picked
            state = replace(state, asked=())
        for hook in self.text_hooks:  # codes and set phrases ("học bài này") before any guess
            hooked = hook(state, text, ctx)
            if hooked is not None:
                return _understood(hooked)
        word = self.words.get(fold(text))
        if word is not None and not _names_an_option(text, options):  # "tien do" anywhere is /tiendo
            return _understood(self.run_command(state, word, "", ctx))
        reading = ctx.readers.reply.choice(text, options)
        if isinstance(reading, Picked):
            return _understood(spec.on_option(state, reading.option.id, ctx))
        if isinstance(reading, AskBack):
            return self._ask_back(state, reading, ctx)
        found = self._in_words(spec, state, text, ctx)
        if found is not None:  # a typed value may ask back too ("gần 60": which age group?)
            return found if found.state.asked else _understood(found)
        return self._miss(spec, state, options, ctx, reading.out_of_range)

    def _in_words(self, spec: StateSpec, state: DialogState, text: str, ctx: Context) -> Step | None:
        """What is not one of the screen's options: a typed value, help, a question, a pasted message."""
        typed = spec.on_text(state, text, ctx) if spec.on_text else None
        if typed is not None:
            return typed
        plea = read_help(text)
        if plea is not None:
            return self._help(spec, state, plea, ctx)
        for fallback in self.fallbacks:
            answered = fallback(state, text, ctx)
            if answered is not None:
                return answered
        return None

    def _answer_to_question_back(
        self, spec: StateSpec, state: DialogState, text: str, options: tuple[Option, ...], ctx: Context
    ) -> Step | None:
        offered = tuple(o for o in options if o.id in state.asked)
        reading = ctx.readers.reply.choice(text, offered) if offered else None
        if isinstance(reading, Picked):
            return _understood(spec.on_option(replace(state, asked=()), reading.option.id, ctx))
        if len(offered) == 1 and says_yes(text):  # "Ý bác là “Tiếp” phải không ạ?" — "dạ phải"
            return _understood(spec.on_option(replace(state, asked=()), offered[0].id, ctx))
        return None

    def _ask_back(self, state: DialogState, asked: AskBack[Option], ctx: Context) -> Step:
        """A wrong pick costs more than a question: "Ý bác là … hay …?", with those options."""
        return ask_back(state, ctx, asked.options)

    def _help(self, spec: StateSpec, state: DialogState, plea: Help, ctx: Context) -> Step:
        """ "Không hiểu", "nói lại", "?": the card in simpler words, the screen again, or how to answer."""
        options = spec.render(state, ctx).options
        simpler = next((o for o in options if o.id == SIMPLER), None)
        if plea is Help.EXPLAIN and simpler is not None:
            return spec.on_option(state, simpler.id, ctx)
        if plea is Help.REPEAT:
            return reprompt(state, ctx, line(ctx, AGAIN))
        return self._miss(spec, state, options, ctx, None, at_least=2)

    def _miss(
        self,
        spec: StateSpec,
        state: DialogState,
        options: tuple[Option, ...],
        ctx: Context,
        out_of_range: int | None,
        at_least: int = 1,
    ) -> Step:
        """Not understood: each miss in a row says more (what the screen takes, an example,
        who can help), never the same sentence twice running."""
        misses = max(state.misses + 1, at_least)
        kept = replace(state, misses=misses)
        text = miss_text(
            misses,
            ctx.readers.reply.screen(options),  # read once per screen, not on every miss
            typed=spec.takes,
            typed_example=spec.example,
            ambassador=ctx.learner.has_ambassador,
            out_of_range=out_of_range,
        )
        ask = self.commands.get(ASK_FOR_HELP) if misses % 4 == 3 else None
        if ask is not None:
            return ask.handler(kept, MISSED, ctx)
        return reprompt(kept, ctx, line(ctx, text))

    def _pasted(self, state: DialogState, text: str, ctx: Context) -> Step | None:
        return self.pasted(state, text, ctx) if self.pasted is not None else None

    def _on_choice(self, spec: StateSpec, state: DialogState, inbound: Inbound, ctx: Context) -> Step:
        options = spec.render(state, ctx).options
        if inbound.screen != state.screen or inbound.option not in {o.id for o in options}:
            return reprompt(state, ctx, line(ctx, STALE))
        return spec.on_option(state, inbound.option, ctx)


def clean(text: str) -> str:
    """Typed text without control characters (a forged or pasted message may carry them)."""
    return without_controls(text).strip()


def _names_an_option(text: str, options: tuple[Option, ...]) -> bool:
    """The text is exactly an option's label or alias: the screen's own meaning comes first."""
    wanted = fold(text)
    return any(wanted == fold(o.label) or wanted in (fold(a) for a in o.aliases) for o in options)


def _understood(step: Step) -> Step:
    """The reply was understood: the help starts afresh on the next screen."""
    if step.state.misses or step.state.asked:
        return replace(step, state=replace(step.state, misses=0, asked=()))
    return step
