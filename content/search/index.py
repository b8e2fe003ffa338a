"""The question index: built once from the library at start-up, then `ask` is pure and fast.

Ranking is BM25 (bm25s) over normalised words and word pairs, after unknown words are
mapped onto the library's own (rapidfuzz). Scores are gathered per FAQ entry (its best
variant), per glossary term, and per lesson (its best card, plus its title and keywords).
Whether the answer fits the question is judged by how much of the question the answer's
own words cover: a question about something the library never mentions shares few rare
words, and no word pair, with it.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import bm25s  # type: ignore[import-untyped]  # bm25s ships no type information

from content.library import Library
from content.schema import Term
from content.search.answer import Answer, Match
from content.search.asking import WaysOfAsking
from content.search.documents import Document, documents
from content.search.glossary import Glossary, asked_subject, asks_meaning, words_before_meaning
from content.search.groups import Groups, Scored
from content.search.spelling import Speller
from content.search.tokens import STOPWORDS, content_tokens, words
from content.search.tuning import Tuning

NO_ANSWER = Answer(None, False, (), None, None, ())
# A question fits in a few lines; a longer text (a pasted message, a story) is searched by its
# opening, so reading it costs the same however long it is.
SEARCHED_CHARS = 400
# Where one clause of a typed text ends: a comma or a full stop before a space or the end
# ("4.0", "0,5%" stay whole), or a new line.
# A sum of money as typed: "20" before "triệu"/"nghìn"/"đồng", or "50tr", "500k" in one word.
_AMOUNT = re.compile(r"\d+(?:[.,]\d+)?(?:tr|k|trieu|ty)?")
_MONEY = frozenset(("trieu", "nghin", "ngan", "dong", "k", "tr", "ty"))
_CLAUSE_END = re.compile(r"[,.;!?]+(?=\s|$)|\n")


# Apps where a learner has an account to log in to, lose or have taken over. An answer about
# another one ("fb bị hack" answered with VNeID's password steps) answers a different question,
# however many words it shares. (Shops and tools are left out: a selling tip names Shopee or
# eTax while the question names Zalo, and still answers it.)
NAMED = frozenset({"facebook", "zalo", "vneid", "vssid", "messenger", "gmail", "telegram", "viber"})


@dataclass(frozen=True)
class Evidence:
    coverage: float  # share of the question's meaning words (weighted by rarity) in the answer
    pairs: int  # the question's word pairs found in the answer
    other_name: bool = False  # the question names an app the answer does not, and the answer names another


@dataclass(frozen=True)
class SearchIndex:
    library: Library
    glossary: Glossary
    speller: Speller
    groups: Groups
    idf: dict[str, float]
    unknown_idf: float
    tuning: Tuning
    bm25: bm25s.BM25
    asking: WaysOfAsking
    # lesson id -> per card, the glossary terms the lesson uses there for the first time
    first_terms: Mapping[str, tuple[tuple[Term, ...], ...]]
    common_pairs: frozenset[str]  # pairs too frequent to be evidence (tuning)
    common_words: frozenset[str]  # words as frequent ("điện", "người", "tiền"): they tell no subject apart

    def terms_in(self, text: str) -> tuple[Term, ...]:
        """Glossary terms a text uses, in order of appearance."""
        return self.glossary.terms_in(text)

    def new_terms(self, lesson_id: str, card: int) -> tuple[Term, ...]:
        """Terms this card is the first of its lesson to use: candidates for a "… là gì?" button."""
        cards = self.first_terms.get(lesson_id, ())
        return cards[card] if 0 <= card < len(cards) else ()

    def topic_of(self, answer: Answer) -> str | None:
        """The topic nearest to a question: where to count it when nothing answered it."""
        for match in answer.matches:
            if match.kind == "faq":
                return self.groups.faq_entries[match.item_id or ""].topic
            lesson = self.library.lesson(match.lesson_id) if match.lesson_id else None
            if lesson is not None:
                return lesson.topic
        return None

    def ask(self, text: str) -> Answer:
        """The short answer to a typed question, how sure it is, and the ranked matches."""
        text = text[:SEARCHED_CHARS]
        typed = _without_amounts(words(text))
        fixed, _ = self.speller.correct(typed)
        tokens = content_tokens(fixed)
        matches = self._rank(tokens) if tokens else ()
        term = self.glossary.define(text) or self.glossary.by_typed.get(" ".join(typed))
        if term is not None:  # "otp là gì", or only the term typed: its definition
            return self._define(term, matches)
        term = self._term_asked(text, typed, matches)
        if term is not None:  # "cái ocop mà người ta hay nói là gì": a term inside the subject
            return self._define(term, matches)
        if not matches:
            return NO_ANSWER
        source = self._preferred(matches)
        reply, facts = self._text_of(source)
        evidence = self._evidence(typed, fixed, source, self._asking_clause(text))
        confident = self._confident(source, evidence, matches)
        shown = self._shown(matches, source)
        return Answer(reply, confident, shown, source.lesson_id or matches[0].lesson_id, source, facts)

    def _term_asked(self, text: str, typed: Sequence[str], matches: tuple[Match, ...]) -> Term | None:
        """In a "what is" question whose subject holds a term among other words, the term,
        unless the best other match has the term's words and another word of the subject
        too: "bình dân học AI là gì" asks about the movement, "trang dịch vụ công địa chỉ là
        gì" for the address; "cái ocop mà người ta hay nói là gì" asks about OCOP."""
        subject = self._meaning_subject(text) if asks_meaning(typed) else None
        found = self.glossary.first_within(subject) if subject else None
        if found is None:
            return None
        term, typed_as, rest = found
        other = next((m for m in matches if m.kind != "term"), None)
        if other is None:
            return term
        have = self.groups.words_of(other)
        extra = {w for w in rest if w not in STOPWORDS and w not in self.common_words}
        if set(content_tokens(typed_as)) <= have and extra & have:
            return None
        return term

    @staticmethod
    def _meaning_subject(text: str) -> str | None:
        """What a "what is" question asks about, read in the clause that asks it ("Bác ơi cháu
        hỏi chút, cái căn cước gắn chíp là gì mà ai cũng bảo làm" -> "cai can cuoc gan chip")."""
        for clause in _CLAUSE_END.split(text):
            found = words(clause)
            if asks_meaning(found):
                return words_before_meaning(found) or asked_subject(clause)
        return asked_subject(text)

    def _rank(self, tokens: list[str]) -> tuple[Match, ...]:
        asked = self.asking.best(tokens) if self.tuning.variant_weight else None
        scored = self.groups.score(self.bm25.get_scores(tokens), self.tuning, asked)
        return tuple(self._match(item) for item in scored)

    def _shown(self, matches: tuple[Match, ...], source: Match) -> tuple[Match, ...]:
        """The matches to show: best first, one per lesson (the answer's own kept), so the
        first few offer different lessons to open."""
        seen: set[str] = set()
        kept: list[Match] = []
        for match in matches:
            if match is not source and match.lesson_id in seen:
                continue
            seen |= {match.lesson_id} if match.lesson_id else set()
            kept.append(match)
        return tuple(kept[: self.tuning.top])

    def _match(self, item: Scored) -> Match:
        if item.kind == "faq":
            entry = self.groups.faq_entries[item.key]
            return Match("faq", entry.lesson, None, entry.id, item.score)
        if item.kind == "term":
            return Match("term", None, None, item.key, item.score)
        return Match("lesson", item.key, item.card, None, item.score)

    def _preferred(self, matches: tuple[Match, ...]) -> Match:
        """An FAQ entry of the best card's own lesson, scoring nearly as well, answers instead:
        it was written to answer questions, a card is a piece of a lesson. An entry about
        another lesson answers only when it is among the first three and all but level with
        the card: further behind, it answered a different question more often than not."""
        best = matches[0]
        if best.kind != "lesson":
            return best
        tuning = self.tuning
        floor = best.score * tuning.prefer_faq
        own = (m for m in matches if m.kind == "faq" and m.lesson_id == best.lesson_id and m.score >= floor)
        level = best.score * tuning.prefer_other_faq
        other = (m for m in matches[:3] if m.kind == "faq" and m.score >= level)
        return next(own, None) or next(other, best)

    def _asking_clause(self, text: str) -> frozenset[str]:
        """The words of the last clause of a text of several ("Nhà có cháu lên chơi một tuần,
        có phải khai báo không"): where the question is; empty for a text of one clause."""
        if not _CLAUSE_END.search(text.rstrip(",.;!? \n")):
            return frozenset()
        clauses = [found for clause in _CLAUSE_END.split(text) if (found := words(clause))]
        return frozenset(self.speller.correct(clauses[-1])[0]) if len(clauses) > 1 else frozenset()

    def _evidence(
        self, typed: Sequence[str], fixed: Sequence[str], source: Match, asking: frozenset[str] = frozenset()
    ) -> Evidence:
        """How much of the question the answer's own words cover. A word of the clauses before
        the last that the answer does not have counts for less: the answer need not name the
        story's people and places. One it has counts fully: a learner often names the subject
        first ("điện thoại báo có bản cập nhật mới, bấm vào có mất dữ liệu không")."""
        asked = [w for w in dict.fromkeys(fixed) if w not in STOPWORDS]
        have = self.groups.words_of(source)
        guessed = set(fixed) - set(typed)
        story = self.tuning.story_weight
        share = {w: 1.0 if not asking or w in asking or w in have else story for w in asked}
        total = sum(self.idf.get(w, self.unknown_idf) * share[w] for w in asked)
        weight = self.tuning.corrected_weight
        got = sum(self.idf[w] * (weight if w in guessed else 1.0) * share[w] for w in asked if w in have)
        common = self.common_pairs
        pairs = sum(1 for token in content_tokens(fixed) if "_" in token and token in have and token not in common)
        named = NAMED.intersection(fixed)
        other = bool(named) and not named & have and bool(NAMED & have)
        return Evidence(got / total if total else 0.0, pairs, other)

    def _confident(self, source: Match, evidence: Evidence, matches: tuple[Match, ...]) -> bool:
        """A good score, and the question's words found in the answer's own words.

        A shared word pair ("mat khau", "chuyen khoan") is strong evidence, unless it is one
        of the library's everyday pairs ("dien thoai"); single syllables are weak, since
        folding makes "giá lúa" and "giả lừa" the same "gia lua". An FAQ entry far ahead of
        every match about another lesson is a clear first match and needs less coverage.
        """
        if source.score < self.tuning.min_score or evidence.other_name:
            return False
        tuning = self.tuning
        many = evidence.pairs >= tuning.many_pairs
        one = tuning.min_coverage_with_pair if evidence.pairs else tuning.min_coverage
        needed = tuning.min_coverage_with_pairs if many else one
        return evidence.coverage >= needed or self._clear(source, evidence, matches)

    def _clear(self, source: Match, evidence: Evidence, matches: tuple[Match, ...]) -> bool:
        """An FAQ entry far ahead of every match about another lesson: 1.5 times with half the
        question in its words, or twice with a fifth (the question told in other words)."""
        tuning = self.tuning
        if source.kind != "faq" or source.score < tuning.clear_score:
            return False
        other = next((m.score for m in matches if m.lesson_id != source.lesson_id), 0.0)
        if source.score >= tuning.very_clear_margin * other:
            return evidence.coverage >= tuning.very_clear_coverage
        return source.score >= tuning.clear_margin * other and evidence.coverage >= tuning.clear_coverage

    def _define(self, term: Term, matches: tuple[Match, ...]) -> Answer:
        own = Match("term", None, None, term.id, matches[0].score if matches else 0.0)
        rest = self._shown(tuple(m for m in matches if m.item_id != term.id), own)
        lesson = next((m.lesson_id for m in rest if m.lesson_id), None)
        return Answer(term.definition, True, (own, *rest), lesson, own, term.facts)

    def _text_of(self, match: Match) -> tuple[str, tuple[str, ...]]:
        if match.kind == "faq":
            entry = self.groups.faq_entries[match.item_id or ""]
            return entry.answer, entry.facts
        if match.kind == "term":
            term = self.groups.terms[match.item_id or ""]
            return term.definition, term.facts
        card = self.library.lessons[match.lesson_id or ""].cards[match.card or 0]
        return card.simple or card.text, card.facts


def _without_amounts(typed: list[str]) -> list[str]:
    """The question without the sums of money its story names ("vay 20 triệu mua laptop",
    "mất 50tr"): they match the library's own figures ("trên 10 triệu, 20 triệu một ngày")
    by chance. The money word stays: "triệu" still says the question is about money."""
    return [
        word
        for word, after in itertools.zip_longest(typed, typed[1:], fillvalue="")
        if not (_AMOUNT.fullmatch(word) and (after in _MONEY or not word.isdigit()))
    ]


def _idf(docs: Sequence[Document]) -> tuple[dict[str, float], float]:
    frequency: Counter[str] = Counter()
    for doc in docs:
        frequency.update({w for w in doc.words if w not in STOPWORDS})
    n = len(docs)
    idf = {w: math.log(1 + (n - df + 0.5) / (df + 0.5)) for w, df in frequency.items()}
    return idf, math.log(1 + (n + 0.5) / 0.5)


def _first_terms(library: Library, glossary: Glossary) -> Mapping[str, tuple[tuple[Term, ...], ...]]:
    found: dict[str, tuple[tuple[Term, ...], ...]] = {}
    for lesson in library.lessons.values():
        seen: set[str] = set()
        per_card = []
        for card in lesson.cards:
            terms = tuple(term for term in glossary.terms_in(card.text) if term.id not in seen)
            seen |= {term.id for term in terms}
            per_card.append(terms)
        found[lesson.id] = tuple(per_card)
    return MappingProxyType(found)


def _common_tokens(docs: Sequence[Document], share: float, *, pairs: bool) -> frozenset[str]:
    """Word pairs (or single words) found in `share` of the documents or more."""
    frequency: Counter[str] = Counter()
    for doc in docs:
        frequency.update({t for t in doc.tokens if ("_" in t) == pairs})
    return frozenset(token for token, df in frequency.items() if df >= share * len(docs))


def build_index(library: Library, tuning: Tuning | None = None) -> SearchIndex:
    """Everything a query needs, computed once: tokens, BM25 matrix, vocabulary, groups."""
    tuning = tuning or Tuning()
    docs = documents(library)
    bm25 = bm25s.BM25(k1=tuning.k1, b=tuning.b)
    # bm25s needs at least one token per document and one document.
    bm25.index([list(doc.tokens) or ["_"] for doc in docs] or [["_"]], show_progress=False)
    idf, unknown = _idf(docs)
    glossary = Glossary.build(library.glossary)
    return SearchIndex(
        library,
        glossary,
        Speller.build(doc.words for doc in docs),
        Groups.build(library, docs),
        idf,
        unknown,
        tuning,
        bm25,
        WaysOfAsking.build(library, tuning),
        _first_terms(library, glossary),
        _common_tokens(docs, tuning.common_pair_share, pairs=True),
        _common_tokens(docs, tuning.common_pair_share, pairs=False),
    )
