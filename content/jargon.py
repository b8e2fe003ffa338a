"""Words a learner may not know, and whether a lesson explains the ones it uses.

The watch list is data (content/data/terms_to_explain.txt): one term a line, other
spellings after "|", "#" starts a comment. A term a lesson uses is fine when the
glossary (glossary.yaml) defines it, since the tutor then offers "… là gì?", or when one
of the lesson's cards explains it in words. The check looks for the usual ways of
explaining: "ví điện tử là …", "thường trú (nơi ở lâu dài)", "… gọi là mã OTP",
"(mã OTP)". It is a hint for the writer (a soft issue); a reviewer judges.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from content.readability import read_texts
from content.schema import Lesson, Term

TERMS_FILE = "terms_to_explain.txt"
_CLOSE = r"[\"'”’»]*"
_OPEN = r"[\"'“‘«]*"


@dataclass(frozen=True, slots=True)
class Jargon:
    forms: tuple[str, ...]
    # Compiled once per term: a check runs them over every text of every lesson.
    _used: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _explained: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        words = [_exact(form) for form in self.forms]
        object.__setattr__(self, "_used", re.compile("|".join(words)))
        object.__setattr__(self, "_explained", re.compile("|".join(_explanations(w) for w in words)))

    @property
    def name(self) -> str:
        return self.forms[0]

    def used_in(self, text: str) -> bool:
        return self._used.search(text) is not None

    def explained_in(self, text: str) -> bool:
        return self._explained.search(text) is not None


def _exact(form: str) -> str:
    """The form as a whole word; a form with capitals keeps its case ("AI", never the pronoun "ai")."""
    body = re.escape(form) if form != form.lower() else f"(?i:{re.escape(form)})"
    return rf"(?<!\w){body}(?!\w)"


def _explanations(word: str) -> str:
    return "|".join(
        (
            rf"{word}{_CLOSE},?\s+(?:là|nghĩa là|tức là|hay còn gọi là)\s",
            rf"{word}{_CLOSE}\s*\(",
            rf"(?:gọi là|tên là|\()\s*{_OPEN}{word}",
        )
    )


def parse_terms(text: str) -> tuple[Jargon, ...]:
    entries = (line.split("#", 1)[0] for line in text.splitlines())
    forms = (tuple(f for form in entry.split("|") if (f := form.strip())) for entry in entries)
    return tuple(Jargon(found) for found in forms if found)


def load_terms(data_dir: Path) -> tuple[Jargon, ...]:
    """The watch list; none when the file is missing (a library without one is not checked)."""
    path = data_dir / TERMS_FILE
    return parse_terms(path.read_text(encoding="utf-8")) if path.is_file() else ()


def glossary_words(glossary: Iterable[Term]) -> frozenset[str]:
    return frozenset(word.casefold() for term in glossary for word in (term.term, *term.variants))


def unexplained(lesson: Lesson, terms: Iterable[Jargon], defined: frozenset[str]) -> list[tuple[str, str]]:
    """(where the lesson first uses it, term) for every watched term it leaves unexplained."""
    texts = list(read_texts(lesson))
    cards = [text for card in lesson.cards for text in (card.text, card.simple or "")]
    found = []
    for term in terms:
        if any(form.casefold() in defined for form in term.forms):
            continue
        first = next((where for where, text in texts if term.used_in(text)), None)
        if first is not None and not any(term.explained_in(text) for text in cards):
            found.append((first, term.name))
    return found
