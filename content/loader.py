"""Load lesson files, refusing broken ones with the file and field named."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError

from content.library import Library
from content.schema import Lesson, Module, Question, Topic

DATA_DIR = Path(__file__).parent / "data"
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
ALLOWED_PLACEHOLDERS = {"{ban}", "{Ban}"}
_DOMAIN = re.compile(
    r"(?i)\b(?:https?://)?((?:[a-z0-9-]+\.)+"
    r"(?:vn|com|net|org|top|co|io|xyz|info|me|app|site|online|shop|cc|link|biz))\b"
)
_VIETNAMESE_MARKS = re.compile(
    r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.I
)
M = TypeVar("M", bound=BaseModel)


class ContentError(Exception):
    """A hard error: the library refuses to load."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise ContentError([f"{path}: cannot read: {error}"]) from error


def _validation_problems(path: Path, error: ValidationError) -> list[str]:
    problems = []
    for item in error.errors():
        where = ".".join(str(part) for part in item["loc"]) or "(file)"
        problems.append(f"{path}: {where}: {item['msg']}")
    return problems


def _parse(path: Path, model: type[M], data: Any) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise ContentError(_validation_problems(path, error)) from error


def _parse_list(path: Path, model: type[M]) -> tuple[M, ...]:
    try:
        return tuple(TypeAdapter(list[model]).validate_python(_read_yaml(path)))  # type: ignore[valid-type]
    except ValidationError as error:
        raise ContentError(_validation_problems(path, error)) from error


def lesson_texts(lesson: Lesson) -> Iterator[tuple[str, str]]:
    """Every learner-facing text of a lesson, with the field path naming it."""
    yield "title", lesson.title
    for i, card in enumerate(lesson.cards):
        yield f"cards.{i}.text", card.text
        if card.simple:
            yield f"cards.{i}.simple", card.simple
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
    return tuple(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def _domain_allowed(domain: str, allowed: tuple[str, ...]) -> bool:
    return any(domain == a or domain.endswith("." + a) for a in allowed)


def _text_problems(path: Path, lesson: Lesson, allowed: tuple[str, ...]) -> list[str]:
    problems = []
    for where, text in lesson_texts(lesson):
        for found in PLACEHOLDER.findall(text):
            if found not in ALLOWED_PLACEHOLDERS:
                problems.append(f"{path}: {where}: unknown placeholder {found}")
        for match in _DOMAIN.finditer(text):
            if not _domain_allowed(match.group(1).lower(), allowed):
                problems.append(f"{path}: {where}: address {match.group(1)} is not an official domain")
        if len(text) > 30 and not _VIETNAMESE_MARKS.search(text):
            problems.append(f"{path}: {where}: Vietnamese text without diacritics")
    return problems


def _fact_problems(path: Path, lesson: Lesson, facts: set[str]) -> list[str]:
    cited = [(f"cards.{i}.facts", f) for i, c in enumerate(lesson.cards) for f in c.facts]
    cited += [(f"quiz.{i}.facts", f) for i, q in enumerate(lesson.quiz) for f in q.facts]
    return [f"{path}: {where}: unknown fact id {fact}" for where, fact in cited if fact not in facts]


def _load_lesson(path: Path, allowed: tuple[str, ...], facts: set[str]) -> Lesson:
    lesson = _parse(path, Lesson, _read_yaml(path))
    problems = _text_problems(path, lesson, allowed) + _fact_problems(path, lesson, facts)
    if lesson.id != path.stem:
        problems.append(f"{path}: id: '{lesson.id}' differs from the file name")
    if lesson.topic != path.parent.name:
        problems.append(f"{path}: topic: '{lesson.topic}' differs from the folder name")
    if problems:
        raise ContentError(problems)
    return lesson


def _load_lessons(data_dir: Path) -> tuple[dict[str, Lesson], list[str]]:
    allowed = load_allowed_domains(data_dir)
    facts = set(_read_yaml(data_dir / "facts_index.yaml") or {})
    lessons: dict[str, Lesson] = {}
    problems: list[str] = []
    for path in sorted((data_dir / "lessons").glob("*/*.yaml")):
        try:
            lesson = _load_lesson(path, allowed, facts)
        except ContentError as error:
            problems.extend(error.problems)
            continue
        if lesson.id in lessons:
            problems.append(f"{path}: id: duplicate lesson id {lesson.id}")
        lessons[lesson.id] = lesson
    return lessons, problems


def _index_questions(
    lessons: dict[str, Lesson],
) -> tuple[dict[str, tuple[Lesson, Question]], dict[str, str], list[str]]:
    questions: dict[str, tuple[Lesson, Question]] = {}
    replaced: dict[str, str] = {}
    problems: list[str] = []
    for lesson in lessons.values():
        for question in lesson.quiz:
            if question.id in questions:
                problems.append(f"lesson {lesson.id}: quiz: duplicate question id {question.id}")
            questions[question.id] = (lesson, question)
            if question.replaces:
                replaced[question.replaces] = question.id
    problems += [
        f"question {old}: replaced by {new} but still present" for old, new in replaced.items() if old in questions
    ]
    return questions, replaced, problems


def _reference_problems(
    topics: tuple[Topic, ...], modules: tuple[Module, ...], lessons: dict[str, Lesson]
) -> list[str]:
    problems = []
    listed: set[str] = set()
    for topic in topics:
        for lesson_id in topic.lessons:
            lesson = lessons.get(lesson_id)
            if lesson is None:
                problems.append(f"topics.yaml: {topic.id}.lessons: no lesson file for {lesson_id}")
            elif lesson.topic != topic.id:
                problems.append(f"topics.yaml: {topic.id}.lessons: {lesson_id} belongs to {lesson.topic}")
            listed.add(lesson_id)
    problems += [f"lessons/{lesson.topic}/{lesson.id}.yaml: not listed in topics.yaml" for lesson in lessons.values() if lesson.id not in listed]
    for module in modules:
        problems += [f"modules.yaml: {module.id}.lessons: unknown lesson {lid}" for lid in module.lessons if lid not in lessons]
    return problems


def load_library(data_dir: Path = DATA_DIR) -> Library:
    """Load and cross-check everything; raise ContentError listing every hard error."""
    topics = _parse_list(data_dir / "topics.yaml", Topic)
    modules = _parse_list(data_dir / "modules.yaml", Module)
    lessons, problems = _load_lessons(data_dir)
    questions, replaced, question_problems = _index_questions(lessons)
    problems += question_problems + _reference_problems(topics, modules, lessons)
    if problems:
        raise ContentError(problems)
    return Library(topics, lessons, modules, questions, replaced)
