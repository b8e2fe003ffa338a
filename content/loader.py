"""Load lesson files, refusing broken ones with the file and field named."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError

from content.library import Library
from content.schema import FaqEntry, Lesson, Module, Question, Term, Topic

DATA_DIR = Path(__file__).parent / "data"
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
ALLOWED_PLACEHOLDERS = {"{ban}", "{Ban}"}
# The same two buttons, worded the same way, in the same place, for every item of a kind.
FIXED_OPTIONS = {
    ("truefalse", 2): ("Đúng", "Sai"),
    ("scam", 2): ("Là lừa đảo", "Không phải lừa đảo"),
    ("scam", 3): ("Là lừa đảo", "Đáng ngờ — kiểm tra trước", "Bình thường"),
}
MEDIA_DIR = Path(__file__).parent / "media"
MAX_IMAGE_BYTES = 300_000  # a cheap phone on 3G: a picture should arrive in seconds
MAX_AUDIO_BYTES = 1_000_000
# Naming a suffix ("a real address ends in .gov.vn") teaches; it is not an address anyone can open.
SUFFIX_MENTIONS = frozenset({"gov.vn"})
# Families of addresses: listing one in allowed_domains.txt would bless every site under it.
_TOO_BROAD = frozenset({"vn", "gov.vn", "com.vn", "net.vn", "org.vn", "edu.vn", "com", "net", "org"})
_TLDS = (
    "vn|com|net|org|top|co|io|xyz|info|me|app|site|online|shop|cc|link|biz|ly|ru|cn|tk|ml|ga|cf|gq|pro|vip"
    "|club|live|asia|store|tech|website|space|click|icu|cyou|life|bond|sbs|tv|us|ws|to|gg"
)
_DOMAIN = re.compile(rf"(?i)\b((?:[a-z0-9-]+\.)+(?:{_TLDS}))\b")
_URL = re.compile(r"(?i)\b(?:https?://|www\.)([^\s/?#:\"'<>()\[\]]+)")
# "bhxh[.]co": a scam address written so that nobody can tap it.
_DEFANGED = re.compile(r"\S*\[\.\]\S*")
_NOT_PROSE = re.compile(r"\S*\[\.\]\S*|(?i:https?://|www\.)\S*|\{[^{}]*\}")
_WORD = re.compile(r"[^\W\d_]+")
_VIETNAMESE_MARKS = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.I)
M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")


class ContentError(Exception):
    """A hard error: the library refuses to load."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class _Rules:
    data_dir: Path
    allowed: tuple[str, ...]
    facts: frozenset[str]
    media_dir: Path = MEDIA_DIR

    def shown(self, path: Path) -> str:
        return _shown(path, self.data_dir)


def _shown(path: Path, data_dir: Path) -> str:
    """A file as the report names it: relative to the data folder."""
    try:
        return path.relative_to(data_dir).as_posix()
    except ValueError:
        return str(path)


def _read_yaml(path: Path, name: str) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ContentError([f"{name}: cannot read the file: {error}"]) from error
    try:
        # Keyboards differ in how they encode Vietnamese marks; compare and hash one form.
        return yaml.load(unicodedata.normalize("NFC", text), Loader=_SAFE_LOADER)  # noqa: S506 — a safe loader
    except yaml.YAMLError as error:
        raise ContentError([f"{name}: {_yaml_problem(error)}"]) from error


# libyaml's safe loader, where PyYAML was built with it, reads the library ~5x faster.
_SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _yaml_problem(error: yaml.YAMLError) -> str:
    if isinstance(error, yaml.MarkedYAMLError) and error.problem_mark is not None:
        mark = error.problem_mark
        return f"line {mark.line + 1}, column {mark.column + 1}: not valid YAML: {error.problem}"
    return f"not valid YAML: {error}"


def _validation_problems(name: str, error: ValidationError) -> list[str]:
    items = error.errors()
    # A list with a broken item also reports "too short" (it counts valid items only): noise.
    broken = {item["loc"][:i] for item in items for i in range(1, len(item["loc"]))}
    problems = []
    for item in items:
        if item["type"] == "too_short" and item["loc"] in broken:
            continue
        where = ".".join(str(part) for part in item["loc"]) or "(file)"
        problems.append(f"{name}: {where}: {item['msg']}")
    return problems


def _parse(name: str, model: type[M], data: Any) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise ContentError(_validation_problems(name, error)) from error


def _parse_list(data_dir: Path, name: str, model: type[M]) -> tuple[M, ...]:
    data = _read_yaml(data_dir / name, name)
    try:
        return tuple(TypeAdapter(list[model]).validate_python(data))  # type: ignore[valid-type]
    except ValidationError as error:
        raise ContentError(_validation_problems(name, error)) from error


def lesson_texts(lesson: Lesson) -> Iterator[tuple[str, str]]:
    """Every learner-facing text of a lesson, with the field path naming it."""
    yield "title", lesson.title
    for i, card in enumerate(lesson.cards):
        yield f"cards.{i}.text", card.text
        if card.simple:
            yield f"cards.{i}.simple", card.simple
        if card.image:
            yield f"cards.{i}.image.alt", card.image.alt
        if card.audio:
            yield f"cards.{i}.audio.transcript", card.audio.transcript
    for q_index, question in enumerate(lesson.quiz):
        yield from _question_texts(f"quiz.{q_index}", question)


def _question_texts(where: str, question: Question) -> Iterator[tuple[str, str]]:
    yield f"{where}.prompt", question.prompt
    if question.message:
        yield f"{where}.message", question.message
    for i, option in enumerate(question.options):
        yield f"{where}.options.{i}.text", option.text
        yield f"{where}.options.{i}.why", option.why


def load_allowed_domains(data_dir: Path) -> tuple[str, ...]:
    lines = (data_dir / "allowed_domains.txt").read_text(encoding="utf-8").splitlines()
    entries = (line.split("#", 1)[0].strip().lower() for line in lines)
    return tuple(entry for entry in entries if entry)


def _domain_allowed(domain: str, allowed: Iterable[str]) -> bool:
    return any(domain == a or domain.endswith("." + a) for a in allowed)


def _addresses(text: str) -> list[str]:
    """Every web address a learner could open from this text, once each."""
    live = _DEFANGED.sub(" ", text)
    found = [match.group(1).lower().rstrip(".") for match in _URL.finditer(live)]
    found += [host for match in _DOMAIN.finditer(live) if (host := match.group(1).lower()) not in SUFFIX_MENTIONS]
    return list(dict.fromkeys(found))


def _lacks_diacritics(text: str) -> bool:
    """Typed without accents: 3+ words and not one mark, or 10+ words and under a tenth marked.

    Brand names (App Store, CH Play, Zalo) have no marks, so short texts only need one.
    """
    words = _WORD.findall(_DOMAIN.sub(" ", _NOT_PROSE.sub(" ", text)))
    marked = sum(1 for word in words if _VIETNAMESE_MARKS.search(word))
    return (len(words) >= 3 and marked == 0) or (len(words) >= 10 and marked * 10 < len(words))


def _text_messages(text: str, allowed: tuple[str, ...]) -> Iterator[str]:
    for found in PLACEHOLDER.findall(text):
        if found not in ALLOWED_PLACEHOLDERS:
            yield f"unknown placeholder {found} (only {{ban}} and {{Ban}} are filled in)"
    for host in _addresses(text):
        if not _domain_allowed(host, allowed):
            yield f"address {host} is not an official domain listed in allowed_domains.txt"
    if _lacks_diacritics(text):
        yield "Vietnamese text without diacritics: write every word with its marks"


def _text_findings(lesson: Lesson, allowed: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    for where, text in lesson_texts(lesson):
        for message in _text_messages(text, allowed):
            yield where, message


def _fact_findings(lesson: Lesson, facts: frozenset[str]) -> Iterator[tuple[str, str]]:
    cited = [(f"cards.{i}.facts", f) for i, c in enumerate(lesson.cards) for f in c.facts]
    cited += [(f"quiz.{i}.facts", f) for i, q in enumerate(lesson.quiz) for f in q.facts]
    return ((where, f"unknown fact id {fact}") for where, fact in cited if fact not in facts)


def _option_findings(lesson: Lesson) -> Iterator[tuple[str, str]]:
    for i, question in enumerate(lesson.quiz):
        texts = tuple(option.text for option in question.options)
        fixed = FIXED_OPTIONS.get((question.kind, len(texts)))
        # Options are shuffled for each learner, so the file's order carries no meaning.
        if fixed is not None and sorted(texts) != sorted(fixed):
            wanted = " / ".join(f'"{text}"' for text in fixed)
            yield f"quiz.{i}.options", f"a {question.kind} question has exactly the options {wanted}"
        for text, count in Counter(texts).items():
            if count > 1:
                yield f"quiz.{i}.options", f'{count} options say "{text}"'


def _media_findings(lesson: Lesson, media_dir: Path) -> Iterator[tuple[str, str]]:
    for i, card in enumerate(lesson.cards):
        wanted = [(f"cards.{i}.image", card.image.file, MAX_IMAGE_BYTES)] if card.image else []
        wanted += [(f"cards.{i}.audio", card.audio.file, MAX_AUDIO_BYTES)] if card.audio else []
        for where, name, limit in wanted:
            path = media_dir / name
            if not path.is_file():
                yield where, f"no file media/{name}"
            elif path.stat().st_size > limit:
                size = path.stat().st_size
                yield where, f"media/{name} has {size} bytes; at most {limit} reach a cheap phone quickly"


def _lesson_findings(path: Path, lesson: Lesson, rules: _Rules) -> Iterator[tuple[str, str]]:
    yield from _text_findings(lesson, rules.allowed)
    yield from _media_findings(lesson, rules.media_dir)
    yield from _fact_findings(lesson, rules.facts)
    yield from _option_findings(lesson)
    if lesson.id != path.stem:
        yield "id", f"'{lesson.id}' differs from the file name"
    if lesson.topic != path.parent.name:
        yield "topic", f"'{lesson.topic}' differs from the folder name"


def _load_lesson(path: Path, rules: _Rules) -> Lesson:
    name = rules.shown(path)
    lesson = _parse(name, Lesson, _read_yaml(path, name))
    problems = [f"{name}: {where}: {message}" for where, message in _lesson_findings(path, lesson, rules)]
    if problems:
        raise ContentError(problems)
    return lesson


def _lesson_name(lesson: Lesson) -> str:
    return f"lessons/{lesson.topic}/{lesson.id}.yaml"


def _stray_files(rules: _Rules) -> list[str]:
    """Files under lessons/ that would be silently skipped: say so instead."""
    root = rules.data_dir / "lessons"
    stray = (p for p in sorted(root.rglob("*")) if p.is_file() and not p.name.startswith("."))
    return [
        f"{rules.shown(p)}: not read: a lesson file ends in .yaml and sits in its topic's folder"
        for p in stray
        if p.suffix != ".yaml" or p.parent.parent != root
    ]


def _load_lessons(rules: _Rules) -> tuple[dict[str, Lesson], set[str], list[str]]:
    """The lessons that loaded, the ids of every lesson file, and the problems."""
    lessons: dict[str, Lesson] = {}
    files: set[str] = set()
    problems = _stray_files(rules)
    for path in sorted((rules.data_dir / "lessons").glob("*/*.yaml")):
        files.add(path.stem)
        try:
            lesson = _load_lesson(path, rules)
        except ContentError as error:
            problems.extend(error.problems)
            continue
        if lesson.id in lessons:
            problems.append(f"{rules.shown(path)}: id: duplicate lesson id {lesson.id}")
        lessons[lesson.id] = lesson
    return lessons, files, problems


def _load_rules(data_dir: Path) -> _Rules:
    facts = _read_yaml(data_dir / "facts_index.yaml", "facts_index.yaml") or {}
    if not isinstance(facts, dict):
        raise ContentError(["facts_index.yaml: (file): must map each fact id to where the fact sheet states it"])
    try:
        allowed = load_allowed_domains(data_dir)
    except (OSError, UnicodeDecodeError) as error:
        raise ContentError([f"allowed_domains.txt: cannot read the file: {error}"]) from error
    broad = [f"allowed_domains.txt: {a}: a whole family of addresses, not one site" for a in allowed if a in _TOO_BROAD]
    if broad:
        raise ContentError(broad)
    return _Rules(data_dir, allowed, frozenset(str(key) for key in facts), data_dir.parent / "media")


def _index_questions(
    lessons: dict[str, Lesson],
) -> tuple[dict[str, tuple[Lesson, Question]], dict[str, str], list[str]]:
    questions: dict[str, tuple[Lesson, Question]] = {}
    replaced: dict[str, str] = {}
    problems: list[str] = []
    for lesson in lessons.values():
        for question in lesson.quiz:
            if question.id in questions:
                problems.append(f"{_lesson_name(lesson)}: quiz: duplicate question id {question.id}")
            questions[question.id] = (lesson, question)
            old = question.replaces
            if old is None:
                continue
            if old in replaced:
                problems.append(f"{_lesson_name(lesson)}: quiz: {question.id} and {replaced[old]} both replace {old}")
            replaced[old] = question.id
    problems += [
        f"{_lesson_name(questions[old][0])}: quiz: {old} is replaced by {new}: remove {old}"
        for old, new in replaced.items()
        if old in questions
    ]
    return questions, replaced, problems


def _duplicates(name: str, what: str, values: Iterable[str]) -> list[str]:
    return [f"{name}: {what}: {value} appears {n} times" for value, n in Counter(values).items() if n > 1]


def _title_problems(lessons: dict[str, Lesson]) -> list[str]:
    first: dict[str, Lesson] = {}
    problems = []
    for lesson in lessons.values():
        other = first.setdefault(lesson.title, lesson)
        if other is not lesson:
            problems.append(f"{_lesson_name(lesson)}: title: same title as lesson {other.id}")
    return problems


def _listing_problem(topic: Topic, lesson_id: str, lessons: dict[str, Lesson], files: set[str]) -> str | None:
    lesson = lessons.get(lesson_id)
    if lesson_id not in files:
        return f"topics.yaml: {topic.id}.lessons: no lesson file lessons/{topic.id}/{lesson_id}.yaml"
    if lesson is not None and lesson.topic != topic.id:
        return f"topics.yaml: {topic.id}.lessons: {lesson_id} belongs to topic {lesson.topic}"
    return None


def _unlisted_problem(lesson: Lesson, topic_ids: set[str], listed: set[str]) -> str | None:
    if lesson.topic not in topic_ids:
        return f"{_lesson_name(lesson)}: topic: unknown topic {lesson.topic}: add it to topics.yaml"
    if lesson.id not in listed:
        return f"{_lesson_name(lesson)}: not listed in topics.yaml under {lesson.topic}.lessons"
    return None


def _topic_problems(topics: tuple[Topic, ...], lessons: dict[str, Lesson], files: set[str]) -> list[str]:
    listed = [lesson_id for topic in topics for lesson_id in topic.lessons]
    found = [_listing_problem(t, lesson_id, lessons, files) for t in topics for lesson_id in t.lessons]
    topic_ids = {topic.id for topic in topics}
    found += [_unlisted_problem(lesson, topic_ids, set(listed)) for lesson in lessons.values()]
    problems = _duplicates("topics.yaml", "id", (topic.id for topic in topics))
    problems += _duplicates("topics.yaml", "lessons", listed)
    return problems + [problem for problem in found if problem]


def _module_problems(modules: tuple[Module, ...], files: set[str]) -> list[str]:
    problems = _duplicates("modules.yaml", "id", (module.id for module in modules))
    for module in modules:
        where = f"modules.yaml: {module.id}.lessons"
        problems += [f"{where}: unknown lesson {lesson_id}" for lesson_id in module.lessons if lesson_id not in files]
        problems += _duplicates("modules.yaml", f"{module.id}.lessons", module.lessons)
    return problems


def _collect(problems: list[str], load: Callable[[], T]) -> T | None:
    try:
        return load()
    except ContentError as error:
        problems.extend(error.problems)
        return None


def _text_problems(name: str, where: str, text: str, rules: _Rules, facts: Iterable[str]) -> list[str]:
    found = [f"{name}: {where}: {message}" for message in _text_messages(text, rules.allowed)]
    return found + [f"{name}: {where}: unknown fact id {fact}" for fact in facts if fact not in rules.facts]


def _load_glossary(rules: _Rules) -> tuple[tuple[Term, ...], list[str]]:
    """content/data/glossary.yaml: optional; every definition is learner-facing text."""
    name = "glossary.yaml"
    if not (rules.data_dir / name).exists():
        return (), []
    terms = _parse_list(rules.data_dir, name, Term)
    problems = _duplicates(name, "id", (t.id for t in terms))
    problems += _duplicates(name, "term", (t.term.lower() for t in terms))
    for term in terms:
        problems += _text_problems(name, f"{term.id}.definition", term.definition, rules, term.facts)
    return terms, problems


def _load_faq(rules: _Rules, lessons: dict[str, Lesson]) -> tuple[tuple[FaqEntry, ...], list[str]]:
    """content/data/faq/*.yaml: lists of entries; answers cite facts and may open a lesson."""
    entries: list[FaqEntry] = []
    problems: list[str] = []
    for path in sorted((rules.data_dir / "faq").glob("*.yaml")):
        name = rules.shown(path)
        try:
            found = tuple(TypeAdapter(list[FaqEntry]).validate_python(_read_yaml(path, name)))
        except ValidationError as error:
            problems += _validation_problems(name, error)
            continue
        except ContentError as error:
            problems += error.problems
            continue
        for entry in found:
            problems += _text_problems(name, f"{entry.id}.answer", entry.answer, rules, entry.facts)
            if entry.lesson is not None and entry.lesson not in lessons:
                problems.append(f"{name}: {entry.id}.lesson: unknown lesson {entry.lesson}")
        entries.extend(found)
    problems += _duplicates("faq", "id", (e.id for e in entries))
    return tuple(entries), problems


def load_library(data_dir: Path = DATA_DIR) -> Library:
    """Load and cross-check everything; raise ContentError listing every hard error."""
    problems: list[str] = []
    topics = _collect(problems, lambda: _parse_list(data_dir, "topics.yaml", Topic))
    modules = _collect(problems, lambda: _parse_list(data_dir, "modules.yaml", Module))
    rules = _collect(problems, lambda: _load_rules(data_dir))
    if rules is None:
        raise ContentError(problems)
    lessons, files, lesson_problems = _load_lessons(rules)
    questions, replaced, question_problems = _index_questions(lessons)
    problems += lesson_problems + question_problems + _title_problems(lessons)
    glossary = _collect(problems, lambda: _load_glossary(rules)) or ((), [])
    faq = _collect(problems, lambda: _load_faq(rules, lessons)) or ((), [])
    problems += glossary[1] + faq[1]
    if topics is not None:
        problems += _topic_problems(topics, lessons, files)
    if modules is not None:
        problems += _module_problems(modules, files)
    if problems or topics is None or modules is None:
        raise ContentError(problems)
    return Library(topics, lessons, modules, questions, replaced, glossary[0], faq[0])
