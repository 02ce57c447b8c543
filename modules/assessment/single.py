"""Scores single-choice questions: full credit for the one correct option, none otherwise."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .registry import COMPLETE, Completion, InvalidResponse, Scorer, register

if TYPE_CHECKING:
    from modules.course.questions import SingleChoice


class SingleChoiceScorer(Scorer):
    """A response is the chosen option's id; None or "" means nothing is chosen yet."""

    type_name = "single"

    def read(self, question: SingleChoice, response: Any) -> str | None:
        if response is None or response == "":
            return None
        if not isinstance(response, str):
            raise InvalidResponse(
                f"a single-choice response is one option id, not {type(response).__name__}"
            )
        if response not in {option.id for option in question.options}:
            raise InvalidResponse(f"{question.id} has no option {response!r}")
        return response

    def completion(self, question: SingleChoice, answer: str | None) -> Completion:
        return COMPLETE if answer is not None else Completion(False, "Choose one option.")

    def points(self, question: SingleChoice, answer: str) -> float:
        correct = next(option.id for option in question.options if option.correct)
        return 1.0 if answer == correct else 0.0

    def key(self, question: SingleChoice, answer: str) -> str:
        return answer


register(SingleChoiceScorer())
