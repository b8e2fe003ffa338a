"""The texts the index ranks, taken from the library once at start-up.

Four kinds: each FAQ entry (all the ways of asking it), each glossary term (with its other
spellings), each lesson card (its text and its simpler version), and each lesson's title
with its `keywords:`. One entry's variants form one document: a question that borrows
words from two ways of asking still finds it. Word pairs are taken within one variant or
keyword only, never across two. Cards of one lesson sit next to each other, so ranking
takes each lesson's best card with one numpy call.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

from content.library import Library
from content.schema import Card
from content.search.tokens import content_tokens, words

DocKind = Literal["faq", "term", "card", "lesson"]
# "{ban}" becomes bác, cô, anh... when shown; here it is noise on every card.
_PLACEHOLDER = re.compile(r"\{[Bb]an\}")


@dataclass(frozen=True)
class Document:
    kind: DocKind
    key: str  # FAQ id, term id, or lesson id
    card: int | None
    words: tuple[str, ...]  # every normalised word, in order
    tokens: tuple[str, ...]  # what BM25 ranks: meaning words and pairs within each part


def document(kind: DocKind, key: str, card: int | None, parts: Iterable[str]) -> Document:
    split = [words(_PLACEHOLDER.sub(" ", part)) for part in parts]
    return Document(
        kind,
        key,
        card,
        tuple(word for part in split for word in part),
        tuple(token for part in split for token in content_tokens(part)),
    )


def card_parts(card: Card) -> tuple[str, ...]:
    return (card.text, card.simple) if card.simple else (card.text,)


def _faq_documents(library: Library) -> Iterator[Document]:
    for entry in library.faq:
        yield document("faq", entry.id, None, entry.questions)


def _term_documents(library: Library) -> Iterator[Document]:
    for term in library.glossary:
        yield document("term", term.id, None, (term.term, *term.variants))


def _card_documents(library: Library) -> Iterator[Document]:
    for lesson in library.lessons.values():
        for index, card in enumerate(lesson.cards):
            yield document("card", lesson.id, index, card_parts(card))


def _lesson_documents(library: Library) -> Iterator[Document]:
    for lesson in library.lessons.values():
        yield document("lesson", lesson.id, None, (lesson.title, *lesson.keywords))


def documents(library: Library) -> tuple[Document, ...]:
    """FAQ entries, terms, cards, lesson titles: in that order, each group contiguous."""
    return (
        *_faq_documents(library),
        *_term_documents(library),
        *_card_documents(library),
        *_lesson_documents(library),
    )
