"""Right and wrong answers to any question, built from the question itself."""

from __future__ import annotations

from typing import Any

from modules.course import QuestionBase

REFLECTION = "I would first validate the frustration, then ask what got in the way."


def right_answer(question: QuestionBase) -> Any:
    kind = question.type  # type: ignore[attr-defined]
    if kind == "single":
        return next(o.id for o in question.options if o.correct)  # type: ignore[attr-defined]
    if kind == "multiple":
        return [o.id for o in question.options if o.correct]  # type: ignore[attr-defined]
    if kind == "ordering":
        return [s.id for s in question.steps]  # type: ignore[attr-defined]
    if kind == "matching":
        return {p.id: p.match for p in question.premises}  # type: ignore[attr-defined]
    return REFLECTION


def wrong_answer(question: QuestionBase) -> Any:
    kind = question.type  # type: ignore[attr-defined]
    if kind == "single":
        return next(o.id for o in question.options if not o.correct)  # type: ignore[attr-defined]
    if kind == "multiple":
        return [o.id for o in question.options if not o.correct]  # type: ignore[attr-defined]
    if kind == "ordering":
        return [s.id for s in reversed(question.steps)]  # type: ignore[attr-defined]
    if kind == "matching":
        ids = {r.id for r in question.responses}  # type: ignore[attr-defined]
        return {p.id: min(ids - {p.match}) for p in question.premises}  # type: ignore[attr-defined]
    raise ValueError(f"a {kind} question has no wrong answer")
