"""Read scam_signals.yaml and scam_brands.yaml, refusing broken ones with the file and field named."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from content.loader import DATA_DIR, ContentError, load_allowed_domains
from content.scam.learned import LearnedOpinion
from content.scam.links import LinkReader
from content.scam.schema import KINDS, Brand, BrandFile, SignalFile
from content.scam.text import compile_patterns

SIGNALS_FILE = "scam_signals.yaml"
BRANDS_FILE = "scam_brands.yaml"
MODEL_FILE = "scam_model.json"
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MARKED = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.I)
_WORD = re.compile(r"[^\W\d_]+")
_NAME = re.compile(r"^[a-z0-9]{2,}$")
_PATTERN_TEXT = re.compile(r"^[a-z0-9 |()?*+{}\[\]\\,.:^$~!<=-]+$")
# What no answer may tell a learner to do, unless "không"/"đừng" comes first (the same rule
# the tests hold every verdict to): open the link, call the number in it, install, share a code.
_FORBIDDEN = re.compile(
    r"\b(?:bấm|nhấn|mở|truy cập|vào)\s+(?:vào\s+)?(?:link|đường link|liên kết|đường dẫn)"
    r"|\bgọi\s+(?:lại\s+|vào\s+)?số\s+(?:trong|ở|của)\s+tin"
    r"|\b(?:cài|tải|cài đặt)\s+(?:ứng dụng|app|phần mềm|tệp|file)"
    r"|\b(?:đưa|gửi|đọc|cung cấp|nhập|chia sẻ)\s+(?:mã|otp|mật khẩu|số thẻ)",
    re.I,
)
_NEGATION_BEFORE = re.compile(r"\b(?:không|đừng|chớ|chưa|không bao giờ)\s+(?:\S+\s+){0,3}$", re.I)
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class ScamBook:
    """Everything the checker is built from, validated."""

    signals: SignalFile
    brands: tuple[Brand, ...]
    official: tuple[str, ...]  # allowed_domains.txt and the brands' real domains
    opinion: LearnedOpinion | None = None  # scam_model.json, when it is there


def load_scam_book(data_dir: Path = DATA_DIR) -> ScamBook:
    signals = _parse(data_dir / SIGNALS_FILE, SignalFile)
    brands = _parse(data_dir / BRANDS_FILE, BrandFile).brands
    official = (*_allowed(data_dir), *(d for b in brands for d in b.domains))
    book = ScamBook(signals, brands, official, _opinion(data_dir / MODEL_FILE))
    problems = list(_problems(book, _fact_ids(data_dir)))
    if problems:
        raise ContentError(problems)
    return book


def scam_problems(data_dir: Path = DATA_DIR) -> list[str]:
    """For `hocvuso content check`: every hard error, or none when the files are absent."""
    if not (data_dir / SIGNALS_FILE).exists():
        return []
    try:
        load_scam_book(data_dir)
    except ContentError as error:
        return error.problems
    return []


def _parse(path: Path, model: type[M]) -> M:
    try:
        text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
        data: Any = yaml.load(text, Loader=_LOADER)  # noqa: S506 — a safe loader
    except (OSError, UnicodeDecodeError) as error:
        raise ContentError([f"{path.name}: cannot read the file: {error}"]) from error
    except yaml.YAMLError as error:
        raise ContentError([f"{path.name}: not valid YAML: {error}"]) from error
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise ContentError([_field_problem(path.name, item) for item in error.errors()]) from error


def _field_problem(name: str, item: Any) -> str:
    where = ".".join(str(part) for part in item["loc"]) or "(file)"
    return f"{name}: {where}: {item['msg']}"


class _ModelFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    trained_on: int = Field(gt=0)
    bias: float
    weights: dict[str, float] = Field(min_length=1)


def _opinion(path: Path) -> LearnedOpinion | None:
    """The learned second opinion; a missing file leaves the checker to its signals alone."""
    if not path.exists():
        return None
    try:
        data = _ModelFile.model_validate_json(path.read_bytes())
    except OSError as error:
        raise ContentError([f"{path.name}: cannot read the file: {error}"]) from error
    except ValidationError as error:
        raise ContentError([_field_problem(path.name, item) for item in error.errors()]) from error
    return LearnedOpinion.build(data.bias, data.weights, data.trained_on)


def _allowed(data_dir: Path) -> tuple[str, ...]:
    try:
        return load_allowed_domains(data_dir)
    except (OSError, UnicodeDecodeError) as error:
        raise ContentError([f"allowed_domains.txt: cannot read the file: {error}"]) from error


def _fact_ids(data_dir: Path) -> frozenset[str]:
    path = data_dir / "facts_index.yaml"
    if not path.exists():
        return frozenset()
    facts = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER) or {}  # noqa: S506 — a safe loader
    return frozenset(str(key) for key in facts) if isinstance(facts, dict) else frozenset()


def _problems(book: ScamBook, facts: frozenset[str]) -> Iterator[str]:
    yield from _duplicates(SIGNALS_FILE, "signals", (s.id for s in book.signals.signals))
    yield from _duplicates(BRANDS_FILE, "brands", (b.id for b in book.brands))
    yield from _signal_problems(book, facts)
    yield from _advice_problems(book, facts)
    yield from _brand_problems(book)


def _duplicates(name: str, what: str, values: Iterable[str]) -> Iterator[str]:
    for value, count in Counter(values).items():
        if count > 1:
            yield f"{name}: {what}: id {value} appears {count} times"


def _signal_problems(book: ScamBook, facts: frozenset[str]) -> Iterator[str]:
    names = {s.id for s in book.signals.signals} | set(KINDS)
    reader = _reader(book)
    for s in book.signals.signals:
        where = f"{SIGNALS_FILE}: signals.{s.id}"
        for i, pattern in enumerate(s.patterns):
            yield from (f"{where}.patterns.{i}: {p}" for p in _pattern_problems(pattern))
        for i, pattern in enumerate(s.together):
            yield from (f"{where}.together.{i}: {p}" for p in _pattern_problems(pattern))
        for ref in (*s.requires_any, *s.unless_any):
            if ref not in names:
                yield f"{where}: unknown signal id or kind {ref}"
        yield from (f"{where}.explanation: {p}" for p in _text_problems(s.explanation, reader, links_ok=False))
        yield from (f"{where}.facts: unknown fact id {f}" for f in s.facts if facts and f not in facts)


def _advice_problems(book: ScamBook, facts: frozenset[str]) -> Iterator[str]:
    names = {s.id for s in book.signals.signals} | set(KINDS)
    reader = _reader(book)
    for i, line in enumerate(book.signals.advice):
        where = f"{SIGNALS_FILE}: advice.{i}"
        yield from (f"{where}: unknown signal id or kind {ref}" for ref in line.when_any if ref not in names)
        yield from (f"{where}.text: {p}" for p in _text_problems(line.text, reader, links_ok=True))
        yield from (f"{where}.facts: unknown fact id {f}" for f in line.facts if facts and f not in facts)
    for shape in book.signals.shapes:
        for ref in (*shape.needs_any, *shape.with_any, *shape.unless_any):
            if ref not in names:
                yield f"{SIGNALS_FILE}: shapes.{shape.id}: unknown signal id or kind {ref}"
    ids = {s.id for s in book.signals.signals}
    for ref in book.signals.count_once:
        if ref not in ids:
            yield f"{SIGNALS_FILE}: count_once: unknown signal id {ref}"
    for grade in book.signals.grades:
        if not any(grade in line.grades and not line.when_any for line in book.signals.advice):
            yield f"{SIGNALS_FILE}: advice: no line for every '{grade}' verdict (one without `when_any`)"


def _brand_problems(book: ScamBook) -> Iterator[str]:
    brand_signals = {s.id for s in book.signals.signals if s.detector == "brand_named"}
    for brand in book.brands:
        where = f"{BRANDS_FILE}: brands.{brand.id}"
        bad_names = [n for n in brand.names if not _NAME.match(n)]
        yield from (f"{where}.names: '{n}' must be folded letters and digits" for n in bad_names)
        if brand.signal is not None and brand.signal not in brand_signals:
            yield f"{where}.signal: {brand.signal} is not a signal with `detector: brand_named`"
        for domain in brand.domains:
            if "." not in domain or domain != domain.lower() or domain.endswith(".gov.vn"):
                yield f"{where}.domains: '{domain}' is not one lower-case site (.gov.vn needs no entry)"
        if not brand.domains and not brand.gov:
            yield f"{where}: no real `domains` and not `gov: true`: every address with its name would be a fake"


def _pattern_problems(pattern: str) -> Iterator[str]:
    if not _PATTERN_TEXT.match(pattern):
        yield "write patterns as normalised text: lower case, no diacritics (see docs/scamcheck.md)"
    if "~" in pattern.replace(" ~ ", ""):
        yield "write ~ between two spaces: 'tai ~ ung dung'"
    try:
        compile_patterns((pattern,))
    except re.error as error:
        yield f"not a valid pattern: {error}"


def _reader(book: ScamBook) -> LinkReader:
    lists = book.signals.lists
    return LinkReader(book.official, lists.shorteners, lists.risky_tlds, lists.lookalike_letters, ())


def _text_problems(text: str, reader: LinkReader, *, links_ok: bool) -> Iterator[str]:
    words = _WORD.findall(text)
    marked = sum(1 for word in words if _MARKED.search(word))
    if len(words) >= 3 and marked * 5 < len(words):
        yield "Vietnamese text without diacritics: write every word with its marks"
    for address in reader.addresses(text):
        if not links_ok or address.placeholder or not reader.official(address.host):
            yield f"an address a learner could open ({address.host or 'a link'}): name no link here"
    for match in _FORBIDDEN.finditer(text):
        if not _NEGATION_BEFORE.search(text[: match.start()]):
            yield f"tells the learner to '{match.group(0)}': say what not to do, never what the scam asks"
