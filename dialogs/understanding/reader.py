"""A reader the engine builds once at start-up: it remembers how each label reads.

Most screens show the same labels turn after turn ("Tiếp", "Về menu", the topic list), and
reading a label costs more than reading a reply. Remembering never changes a reading: the
same label and aliases always read the same, so the engine stays a function of its inputs.
"""

from __future__ import annotations

from collections.abc import Sequence

from .choice import read_choice
from .options import LabelReading, OptionT, Screen, prepare, read_label
from .readings import Reading

LABELS_KEPT = 4096  # a province's lessons, topics and menus fit many times over


class Reader:
    def __init__(self, kept: int = LABELS_KEPT) -> None:
        self._kept = kept
        self._labels: dict[tuple[str, tuple[str, ...]], LabelReading] = {}

    def label(self, label: str, aliases: tuple[str, ...]) -> LabelReading:
        key = (label, aliases)
        found = self._labels.get(key)
        if found is None:
            if len(self._labels) >= self._kept:  # labels with counters change; start afresh
                self._labels.clear()
            found = self._labels[key] = read_label(label, aliases)
        return found

    def screen(self, options: Sequence[OptionT]) -> Screen[OptionT]:
        return prepare(options, self.label)

    def choice(self, text: str, options: Sequence[OptionT]) -> Reading[OptionT]:
        """`read_choice(text, options)`, with the labels read once."""
        return read_choice(text, self.screen(options))
