"""The validated course: one immutable object the whole app reads, with lookups and counts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from .markdown import count_words
from .questions import QUESTION_TYPES, QuestionBase
from .schema import (
    CourseModule,
    GlossaryTerm,
    Lesson,
    Misconception,
    Objective,
    Reference,
    Strategy,
)
from .vignettes import Vignette


@dataclass(frozen=True)
class Course:
    modules: tuple[CourseModule, ...] = ()
    lessons: MappingProxyType[str, tuple[Lesson, ...]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    questions: MappingProxyType[str, tuple[QuestionBase, ...]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    lesson_html: MappingProxyType[str, str] = field(default_factory=lambda: MappingProxyType({}))
    glossary: tuple[GlossaryTerm, ...] = ()
    references: MappingProxyType[str, Reference] = field(
        default_factory=lambda: MappingProxyType({})
    )
    misconceptions: MappingProxyType[str, Misconception] = field(
        default_factory=lambda: MappingProxyType({})
    )
    strategies: MappingProxyType[str, Strategy] = field(
        default_factory=lambda: MappingProxyType({})
    )
    vignettes: tuple[Vignette, ...] = ()

    def __post_init__(self) -> None:
        index: dict[str, Any] = {}
        for module in self.modules:
            index[module.id] = module
            index.update((o.id, o) for o in module.objectives)
        for lessons in self.lessons.values():
            index.update((lesson.id, lesson) for lesson in lessons)
        for questions in self.questions.values():
            index.update((q.id, q) for q in questions)
        object.__setattr__(self, "_index", MappingProxyType(index))

    def _get(self, item_id: str, kind: type) -> Any:
        item = self._index.get(item_id)  # type: ignore[attr-defined]
        return item if isinstance(item, kind) else None

    def module(self, module_id: str) -> CourseModule | None:
        return self._get(module_id, CourseModule)

    def lesson(self, lesson_id: str) -> Lesson | None:
        return self._get(lesson_id, Lesson)

    def question(self, question_id: str) -> QuestionBase | None:
        return self._get(question_id, QuestionBase)

    def objective(self, objective_id: str) -> Objective | None:
        return self._get(objective_id, Objective)

    def lessons_of(self, module_id: str) -> tuple[Lesson, ...]:
        return self.lessons.get(module_id, ())

    def questions_of(self, module_id: str) -> tuple[QuestionBase, ...]:
        return self.questions.get(module_id, ())

    def practice_questions(self, module_id: str) -> tuple[QuestionBase, ...]:
        """The module quiz's bank: everything but the items kept for the exams."""
        return tuple(q for q in self.questions_of(module_id) if not q.exam)

    def exam_questions(self) -> tuple[QuestionBase, ...]:
        return tuple(q for m in self.modules for q in self.questions_of(m.id) if q.exam)

    def all_questions(self) -> tuple[QuestionBase, ...]:
        return tuple(q for m in self.modules for q in self.questions_of(m.id))

    def all_lessons(self) -> tuple[Lesson, ...]:
        return tuple(lesson for m in self.modules for lesson in self.lessons_of(m.id))

    def vignette(self, vignette_id: str) -> Vignette | None:
        return next((v for v in self.vignettes if v.id == vignette_id), None)

    def vignettes_of(self, module_id: str) -> tuple[Vignette, ...]:
        return tuple(v for v in self.vignettes if module_id in v.modules)

    def neighbours(self, lesson_id: str) -> tuple[Lesson | None, Lesson | None]:
        """The lessons before and after this one in course order."""
        lessons = self.all_lessons()
        ids = [lesson.id for lesson in lessons]
        if lesson_id not in ids:
            return None, None
        at = ids.index(lesson_id)
        return (lessons[at - 1] if at > 0 else None, lessons[at + 1] if at + 1 < len(ids) else None)

    def stats(self) -> dict[str, Any]:
        questions = self.all_questions()
        by_type = Counter(q.type for q in questions)  # type: ignore[attr-defined]
        return {
            "modules": len(self.modules),
            "lessons": len(self.all_lessons()),
            "objectives": sum(len(m.objectives) for m in self.modules),
            "lesson_words": sum(count_words(lesson.body) for lesson in self.all_lessons()),
            "questions": len(questions),
            "questions_by_type": {name: by_type.get(name, 0) for name in QUESTION_TYPES},
            "practice_items": sum(1 for q in questions if not q.exam),
            "exam_items": sum(1 for q in questions if q.exam),
            "must_pass_items": sum(1 for q in questions if q.must_pass),
            "vignettes": len(self.vignettes),
            "vignette_decision_nodes": sum(len(v.decision_nodes) for v in self.vignettes),
            "glossary_terms": len(self.glossary),
            "references": len(self.references),
            "misconceptions": len(self.misconceptions),
            "strategies": len(self.strategies),
        }
