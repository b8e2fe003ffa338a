"""What a reply was read as: an option picked, a question back, or no answer to this screen."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeAlias

from .options import OptionT, Prepared


class How(StrEnum):
    EXACT = "exact"
    NUMBER = "number"
    YES_NO = "yes_no"
    HELP = "help"
    WORDS = "words"
    SLIP = "slip"
    SENSE = "sense"  # what the reply is about, in other words than the option's (senses.py)


@dataclass(frozen=True, slots=True)
class Picked(Generic[OptionT]):
    option: OptionT
    how: How


@dataclass(frozen=True, slots=True)
class AskBack(Generic[OptionT]):
    """Ask "Ý bác là … hay …?" (two candidates) or "Ý bác là … phải không?" (one)."""

    options: tuple[OptionT, ...]


@dataclass(frozen=True, slots=True)
class NoMatch:
    out_of_range: int | None = None  # the option number typed, when there is no such option


Reading: TypeAlias = Picked[OptionT] | AskBack[OptionT] | NoMatch


def one_or_ask(found: Sequence[Prepared[OptionT]], how: How) -> Reading[OptionT]:
    """The one option found, or a question between the first two."""
    if len(found) == 1:
        return Picked(found[0].option, how)
    return AskBack((found[0].option, found[1].option))
