"""The FAQ and the glossary: a broken file is refused with the file and the field named,
and the shipped ones keep the writing rules (short answers, one-sentence definitions)."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from content.library import Library
from content.loader import ContentError, load_library
from content.readability import HARD_SYLLABLES, sentences, syllables
from content.textnorm import normalize

FIXTURES = Path(__file__).parent / "fixtures"
# A full stop, question or exclamation mark ends a sentence; a colon or semicolon does not.
FULL_STOP = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s|$)")
MARKS = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.I)
LONG_ANSWER = "Chỉ tải VNeID ở App Store hoặc CH Play, không cài từ đường link lạ. " * 7


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """The shared tiny library with this file's FAQ and glossary fixtures added."""
    root = Path(shutil.copytree(FIXTURES / "content", tmp_path / "data"))
    shutil.copytree(FIXTURES / "faq" / "faq", root / "faq")
    shutil.copy(FIXTURES / "faq" / "glossary.yaml", root / "glossary.yaml")
    return root


def edit(data: Path, name: str, old: str, new: str) -> None:
    path = data / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_fixture_loads_with_its_faq_and_glossary(data: Path) -> None:
    library = load_library(data)
    assert [entry.id for entry in library.faq] == ["bao-lua-dao", "vneid-tai-o-dau"]
    assert [term.id for term in library.glossary] == ["otp", "link"]


BROKEN = [
    # (file, old, new, where the problem is named, what it says)
    (
        "faq/vneid.yaml",
        '["Tải VNeID ở đâu?", "cai vneid o dau"]',
        '["Tải VNeID ở đâu?"]',
        "faq/vneid.yaml: 0.questions:",
        "at least 2",
    ),
    ("faq/vneid.yaml", "facts: [vneid.fake]", "facts: []", "faq/vneid.yaml: 0.facts:", "at least 1"),
    (
        "faq/vneid.yaml",
        "facts: [vneid.fake]",
        "facts: [vneid.khong-co]",
        "faq/vneid.yaml: vneid-tai-o-dau.answer:",
        "unknown fact id vneid.khong-co",
    ),
    (
        "faq/vneid.yaml",
        "lesson: vneid-mau-tai-ung-dung",
        "lesson: vneid-khong-co",
        "faq/vneid.yaml: vneid-tai-o-dau.lesson:",
        "unknown lesson vneid-khong-co",
    ),
    (
        "faq/vneid.yaml",
        '"Chỉ tải VNeID ở App Store hoặc CH Play. Ai gửi link bảo cài thì đừng cài."',
        '"Chi tai VNeID o App Store hoac CH Play. Ai gui link bao cai thi dung cai."',
        "faq/vneid.yaml: vneid-tai-o-dau.answer:",
        "without diacritics",
    ),
    (
        "faq/vneid.yaml",
        "ở App Store hoặc CH Play.",
        "ở trang tai-vneid.com cho nhanh.",
        "faq/vneid.yaml: vneid-tai-o-dau.answer:",
        "address tai-vneid.com is not an official domain",
    ),
    (
        "faq/vneid.yaml",
        "Chỉ tải VNeID ở App Store hoặc CH Play.",
        "Chào {chau}, chỉ tải VNeID ở App Store.",
        "faq/vneid.yaml: vneid-tai-o-dau.answer:",
        "unknown placeholder {chau}",
    ),
    (
        "faq/vneid.yaml",
        '"Chỉ tải VNeID ở App Store hoặc CH Play. Ai gửi link bảo cài thì đừng cài."',
        f'"{LONG_ANSWER}"',
        "faq/vneid.yaml: 0.answer:",
        "at most 420 characters",
    ),
    ("faq/vneid.yaml", "id: vneid-tai-o-dau", "id: bao-lua-dao", "faq: id:", "bao-lua-dao appears 2 times"),
    ("faq/vneid.yaml", "  topic: vneid", "  chu_de: vneid", "faq/vneid.yaml: 0.chu_de:", "Extra inputs"),
    ("faq/vneid.yaml", "  facts: [vneid.fake]", "  facts: [vneid.fake", "faq/vneid.yaml: line", "not valid YAML"),
    (
        "glossary.yaml",
        '"Đường link là địa chỉ của một trang trên mạng."',
        '"Đường link là địa chỉ của một trang trên mạng, ' + "bấm vào thì mở trang ấy, " * 9 + 'rồi thôi."',
        "glossary.yaml: 1.definition:",
        "at most 220 characters",
    ),
    ("glossary.yaml", 'term: "đường link"', 'term: "Mã OTP"', "glossary.yaml: term:", "mã otp appears 2 times"),
    (
        "glossary.yaml",
        "facts: [pay.otp]",
        "facts: [pay.khong-co]",
        "glossary.yaml: otp.definition:",
        "unknown fact id pay.khong-co",
    ),
    (
        "glossary.yaml",
        "Đường link là địa chỉ của một trang trên mạng.",
        "Duong link la dia chi cua mot trang tren mang.",
        "glossary.yaml: link.definition:",
        "without diacritics",
    ),
    ("glossary.yaml", "- id: link", "- id: Link!", "glossary.yaml: 1.id:", "pattern"),
]


@pytest.mark.parametrize(("name", "old", "new", "where", "says"), BROKEN)
def test_a_broken_faq_or_glossary_is_refused_naming_file_and_field(
    data: Path, name: str, old: str, new: str, where: str, says: str
) -> None:
    load_library(data)  # loads before the edit: the edit alone is what breaks it
    edit(data, name, old, new)
    with pytest.raises(ContentError) as refused:
        load_library(data)
    problems = refused.value.problems
    assert any(problem.startswith(where) and says in problem for problem in problems), problems


# --- the shipped FAQ and glossary ------------------------------------------------------------


def full_sentences(text: str) -> list[str]:
    return [part for part in FULL_STOP.split(text) if part.strip()]


def test_faq_answers_are_at_most_three_short_sentences(library: Library) -> None:
    too_many = [e.id for e in library.faq if len(full_sentences(e.answer)) > 3]
    too_long = [e.id for e in library.faq if max(map(syllables, sentences(e.answer))) > HARD_SYLLABLES]
    assert (too_many, too_long) == ([], [])


def test_glossary_definitions_are_one_sentence(library: Library) -> None:
    assert [t.id for t in library.glossary if len(full_sentences(t.definition)) != 1] == []
    assert [t.id for t in library.glossary if max(map(syllables, sentences(t.definition))) > HARD_SYLLABLES] == []


def test_faq_covers_every_topic_with_questions_as_learners_type_them(library: Library) -> None:
    topics = {topic.id for topic in library.topics}
    per_topic = Counter(entry.topic for entry in library.faq)
    assert set(per_topic) <= topics, set(per_topic) - topics
    assert {topic for topic in topics if per_topic[topic] < 2} == set()
    assert 80 <= len(library.faq) <= 150
    # Most learners type without marks: every entry is findable the way they type.
    assert [e.id for e in library.faq if all(MARKS.search(q) for q in e.questions)] == []


def test_every_glossary_spelling_means_one_term(library: Library) -> None:
    forms = [{normalize(form) for form in (term.term, *term.variants)} for term in library.glossary]
    spellings = Counter(form for term_forms in forms for form in term_forms)
    assert [form for form, count in spellings.items() if count > 1] == []
    assert len(library.glossary) >= 40
