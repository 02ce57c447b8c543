"""Scores ordering questions by the share of pairs of steps placed in the right relative order.

The authored order of `steps` is the correct order. The score is pairwise agreement (one minus
the normalised Kendall tau distance): concordant pairs / all pairs. Reversing the order scores 0;
swapping two neighbours in four steps scores 5/6, so nearly right earns nearly full credit.

A response is a sequence (list or tuple) of step ids in the trainee's order. It is complete only
when every step is placed exactly once; a repeated or unknown id is an InvalidResponse.
"""

from __future__ import annotations

from itertools import combinations
from typing import TYPE_CHECKING, Any

from .registry import COMPLETE, Completion, InvalidResponse, Scorer, count_phrase, register

if TYPE_CHECKING:
    from modules.course.questions import Ordering


class OrderingScorer(Scorer):
    type_name = "ordering"

    def read(self, question: Ordering, response: Any) -> tuple[str, ...] | None:
        if response is None:
            return None
        if not isinstance(response, (list, tuple)):
            raise InvalidResponse(
                f"an ordering response is a list of step ids, not {type(response).__name__}"
            )
        if not all(isinstance(step_id, str) for step_id in response):
            raise InvalidResponse("every placed step must be given by its id (a string)")
        repeated = sorted({step_id for step_id in response if response.count(step_id) > 1})
        if repeated:
            raise InvalidResponse(f"step(s) {', '.join(repeated)} placed more than once")
        unknown = sorted(set(response) - {step.id for step in question.steps})
        if unknown:
            raise InvalidResponse(f"{question.id} has no step(s) {', '.join(unknown)}")
        return tuple(response) or None

    def completion(self, question: Ordering, answer: tuple[str, ...] | None) -> Completion:
        total = len(question.steps)
        unplaced = total - len(answer or ())
        if unplaced == 0:
            return COMPLETE
        return Completion(
            False,
            f"Place all {total} steps in order; "
            f"{count_phrase(unplaced, 'is', 'are')} still unplaced.",
        )

    def points(self, question: Ordering, answer: tuple[str, ...]) -> float:
        authored = {step.id: rank for rank, step in enumerate(question.steps)}
        ranks = [authored[step_id] for step_id in answer]
        pairs = list(combinations(ranks, 2))
        return sum(first < second for first, second in pairs) / len(pairs)

    def key(self, question: Ordering, answer: tuple[str, ...]) -> str:
        return ">".join(answer)


register(OrderingScorer())
