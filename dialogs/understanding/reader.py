"""A reader the engine builds once at start-up: it remembers how each label and screen reads.

Most screens show the same options turn after turn ("Tiếp", "Về menu", the topic list), and
reading a screen costs more than reading a reply: every label folded, split, scored for
sound. Remembering never changes a reading: the same options always read the same, so the
engine stays a function of its inputs. Both memories are bounded and start afresh when full
(labels with counters, "(2/8)", make new screens as learners progress).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from .choice import read_choice
from .options import LabelReading, OptionT, Screen, prepare, read_label
from .readings import Reading

LABELS_KEPT = 4096  # a province's lessons, topics and menus fit many times over
SCREENS_KEPT = 2048  # a screen is a few KB: a few MB at most

ScreenKey = tuple[tuple[str, str, tuple[str, ...]], ...]


class Reader:
    def __init__(self, kept: int = LABELS_KEPT, screens_kept: int = SCREENS_KEPT) -> None:
        self._kept = kept
        self._screens_kept = screens_kept
        self._labels: dict[tuple[str, tuple[str, ...]], LabelReading] = {}
        # Keyed by what the options say, not by the objects: a screen is rendered afresh
        # every turn, with equal options.
        self._screens: dict[ScreenKey, Screen[Any]] = {}

    def label(self, label: str, aliases: tuple[str, ...]) -> LabelReading:
        key = (label, aliases)
        found = self._labels.get(key)
        if found is None:
            if len(self._labels) >= self._kept:
                self._labels.clear()
            found = self._labels[key] = read_label(label, aliases)
        return found

    def screen(self, options: Sequence[OptionT]) -> Screen[OptionT]:
        key = tuple((o.id, o.label, tuple(o.aliases)) for o in options)
        found = self._screens.get(key)
        if found is None:
            if len(self._screens) >= self._screens_kept:
                self._screens.clear()
            found = self._screens[key] = prepare(options, self.label)
        return cast(Screen[OptionT], found)

    def choice(self, text: str, options: Sequence[OptionT]) -> Reading[OptionT]:
        """`read_choice(text, options)`, with the screen read once."""
        return read_choice(text, self.screen(options))
