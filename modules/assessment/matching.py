"""Scores matching questions by the share of premises matched to their correct response.

A response is a mapping premise id -> response id. A premise mapped to None counts as unmatched
(an unanswered drop-down gives None). The response is complete only when every premise has a
response; an unknown premise or response id is an InvalidResponse. Several premises may share a
response, since a level of validation can fit more than one statement.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .registry import COMPLETE, Completion, InvalidResponse, Scorer, count_phrase, register

if TYPE_CHECKING:
    from modules.course.questions import Matching


class MatchingScorer(Scorer):
    type_name = "matching"

    def read(self, question: Matching, response: Any) -> dict[str, str] | None:
        if response is None:
            return None
        if not isinstance(response, Mapping):
            raise InvalidResponse(
                "a matching response maps premise ids to response ids, "
                f"not {type(response).__name__}"
            )
        premise_ids = {premise.id for premise in question.premises}
        response_ids = {choice.id for choice in question.responses}
        matched: dict[str, str] = {}
        for premise_id, response_id in response.items():
            if not isinstance(premise_id, str) or premise_id not in premise_ids:
                raise InvalidResponse(f"{question.id} has no premise {premise_id!r}")
            if response_id is None:
                continue
            if not isinstance(response_id, str) or response_id not in response_ids:
                raise InvalidResponse(f"{question.id} has no response {response_id!r}")
            matched[premise_id] = response_id
        return matched or None

    def completion(self, question: Matching, answer: dict[str, str] | None) -> Completion:
        unmatched = len(question.premises) - len(answer or {})
        if unmatched == 0:
            return COMPLETE
        return Completion(
            False, f"Match every statement; {count_phrase(unmatched, 'is', 'are')} unmatched."
        )

    def points(self, question: Matching, answer: dict[str, str]) -> float:
        right = sum(answer[premise.id] == premise.match for premise in question.premises)
        return right / len(question.premises)

    def key(self, question: Matching, answer: dict[str, str]) -> str:
        return ";".join(f"{premise}={choice}" for premise, choice in sorted(answer.items()))


register(MatchingScorer())
