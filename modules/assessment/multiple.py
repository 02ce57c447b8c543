"""Scores select-all-that-apply questions with partial credit that penalises false alarms.

The rule: score = max(0, (correct options selected - incorrect options selected) / number of
correct options). Full credit only for exactly the correct set; selecting every option earns
nothing more than selecting none would, so guessing "all of them" does not pay. One hit and one
false alarm out of two correct options scores 0.0.

A response is a collection (list, tuple, set or frozenset) of option ids. Selecting the same
option twice is an InvalidResponse rather than being quietly counted once: a checkbox can only be
ticked once, so a repeat means the caller built the response wrongly, and hiding that would hide
the bug. A bare string is refused too, since it would otherwise be read letter by letter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .registry import COMPLETE, Completion, InvalidResponse, Scorer, register

if TYPE_CHECKING:
    from modules.course.questions import MultipleChoice


class MultipleChoiceScorer(Scorer):
    type_name = "multiple"

    def read(self, question: MultipleChoice, response: Any) -> frozenset[str] | None:
        if response is None:
            return None
        if not isinstance(response, (list, tuple, set, frozenset)):
            raise InvalidResponse(
                "a multiple-choice response is a list or set of option ids, "
                f"not {type(response).__name__}"
            )
        chosen = list(response)
        if not all(isinstance(option_id, str) for option_id in chosen):
            raise InvalidResponse("every selected option must be given by its id (a string)")
        repeated = sorted({option_id for option_id in chosen if chosen.count(option_id) > 1})
        if repeated:
            raise InvalidResponse(f"option(s) {', '.join(repeated)} selected more than once")
        unknown = sorted(set(chosen) - {option.id for option in question.options})
        if unknown:
            raise InvalidResponse(f"{question.id} has no option(s) {', '.join(unknown)}")
        return frozenset(chosen) or None

    def completion(self, question: MultipleChoice, answer: frozenset[str] | None) -> Completion:
        if answer is None:
            return Completion(False, "Choose at least one option.")
        return COMPLETE

    def points(self, question: MultipleChoice, answer: frozenset[str]) -> float:
        correct = {option.id for option in question.options if option.correct}
        hits = len(answer & correct)
        false_alarms = len(answer - correct)
        return max(0.0, (hits - false_alarms) / len(correct))

    def key(self, question: MultipleChoice, answer: frozenset[str]) -> str:
        return "+".join(sorted(answer))


register(MultipleChoiceScorer())
