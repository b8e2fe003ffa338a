"""The loaded, cross-checked lesson library the dialogs read from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from content.schema import FaqEntry, Lesson, Module, Question, Term, Topic


@dataclass(frozen=True)
class Library:
    topics: tuple[Topic, ...]
    lessons: Mapping[str, Lesson]
    modules: tuple[Module, ...]
    questions: Mapping[str, tuple[Lesson, Question]] = field(default_factory=dict)
    # Old question id -> the id that replaced it (see schema `replaces`).
    replaced: Mapping[str, str] = field(default_factory=dict)
    glossary: tuple[Term, ...] = ()
    faq: tuple[FaqEntry, ...] = ()

    def topic(self, topic_id: str) -> Topic | None:
        return next((t for t in self.topics if t.id == topic_id), None)

    def lesson(self, lesson_id: str) -> Lesson | None:
        return self.lessons.get(lesson_id)

    def module(self, module_id: str) -> Module | None:
        return next((m for m in self.modules if m.id == module_id), None)

    def question(self, question_id: str) -> tuple[Lesson, Question] | None:
        """The question, following fixes (`replaces`) so a learner's old record still resolves."""
        current, seen = question_id, set()
        while current in self.replaced and current not in seen:
            seen.add(current)
            current = self.replaced[current]
        return self.questions.get(current)

    def lesson_order(self) -> tuple[str, ...]:
        """The starting path (the first module) first, then every topic in order."""
        first = self.modules[0].lessons if self.modules else ()
        rest = (lid for topic in self.topics for lid in topic.lessons if lid not in first)
        return (*first, *rest)

    def next_lesson(self, lesson_id: str) -> str | None:
        """The lesson after this one in its topic, or None at the topic's end."""
        for topic in self.topics:
            if lesson_id in topic.lessons:
                index = topic.lessons.index(lesson_id)
                rest = topic.lessons[index + 1 :]
                return rest[0] if rest else None
        return None
