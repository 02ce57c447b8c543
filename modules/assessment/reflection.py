"""Checks reflections are written before submitting; they are never auto-scored."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .registry import COMPLETE, Completion, InvalidResponse, Scorer, register

if TYPE_CHECKING:
    from modules.course.questions import Reflection

MINIMUM_CHARACTERS = 20
"""Roughly one short sentence: enough to stop an empty click-through, not a word count to game."""


class ReflectionScorer(Scorer):
    """A response is free text; `score` is None because a reflection has no right answer."""

    type_name = "reflection"

    def read(self, question: Reflection, response: Any) -> str:
        if response is None:
            return ""
        if not isinstance(response, str):
            raise InvalidResponse(f"a reflection is text, not {type(response).__name__}")
        return response.strip()

    def completion(self, question: Reflection, answer: str) -> Completion:
        if len(answer) >= MINIMUM_CHARACTERS:
            return COMPLETE
        return Completion(False, "Write at least a sentence before submitting.")

    def points(self, question: Reflection, answer: str) -> None:
        return None

    def key(self, question: Reflection, answer: str) -> str:
        return "written" if answer else "blank"


register(ReflectionScorer())
