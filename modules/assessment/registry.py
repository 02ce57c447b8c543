"""The contract every question type's scorer meets, and the registry that finds one by type name."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

NO_ANSWER = "(no answer)"
"""The `classify` key for an empty response; no local id can look like it (ids have no spaces)."""


@dataclass(frozen=True)
class Completion:
    """Whether a response can be submitted and, if not, a sentence saying what to do next."""

    complete: bool
    message: str | None = None


COMPLETE = Completion(complete=True)


class IncompleteResponse(ValueError):
    """Scoring was asked of a response the trainee has not finished."""

    def __init__(self, completion: Completion) -> None:
        super().__init__(completion.message)
        self.completion = completion
        self.message = completion.message


class InvalidResponse(ValueError):
    """The response has the wrong shape or names ids the question does not have: a caller's bug."""


class DuplicateScorerError(ValueError):
    """Two scorers claim one type name; the second would silently replace the first."""


class UnknownQuestionType(LookupError):
    """No scorer is registered for the type name."""


class Scorer:
    """Scores one question type; subclasses implement `read`, `completion`, `points` and `key`.

    `read` turns a raw response into a normalised answer (None when there is no answer) and
    raises InvalidResponse, so every public method rejects a malformed response the same way.
    """

    type_name: ClassVar[str]

    def read(self, question: Any, response: Any) -> Any:
        raise NotImplementedError

    def completion(self, question: Any, answer: Any) -> Completion:
        raise NotImplementedError

    def points(self, question: Any, answer: Any) -> float | None:
        raise NotImplementedError

    def key(self, question: Any, answer: Any) -> str:
        raise NotImplementedError

    def _answer(self, question: Any, response: Any) -> Any:
        if getattr(question, "type", None) != self.type_name:
            raise TypeError(
                f"the {self.type_name!r} scorer cannot score a "
                f"{getattr(question, 'type', type(question).__name__)!r} question"
            )
        return self.read(question, response)

    def is_complete(self, question: Any, response: Any) -> Completion:
        return self.completion(question, self._answer(question, response))

    def score(self, question: Any, response: Any) -> float | None:
        """A share of full credit in [0, 1], or None for a type that is not auto-scored."""
        answer = self._answer(question, response)
        completion = self.completion(question, answer)
        if not completion.complete:
            raise IncompleteResponse(completion)
        return self.points(question, answer)

    def classify(self, question: Any, response: Any) -> str:
        """A stable key for counting how a cohort answered; NO_ANSWER when nothing was given."""
        answer = self._answer(question, response)
        return NO_ANSWER if answer is None else self.key(question, answer)

    def is_correct(self, question: Any, response: Any) -> bool | None:
        points = self.score(question, response)
        return None if points is None else points == 1.0


class ScorerRegistry:
    """Scorers by type name; a class so tests can build their own without touching the default."""

    def __init__(self) -> None:
        self._scorers: dict[str, Scorer] = {}

    def register(self, scorer: Scorer) -> Scorer:
        name = scorer.type_name
        if name in self._scorers:
            raise DuplicateScorerError(
                f"a scorer for {name!r} is already registered "
                f"({type(self._scorers[name]).__name__})"
            )
        self._scorers[name] = scorer
        return scorer

    def scorer_for(self, type_name: str) -> Scorer:
        try:
            return self._scorers[type_name]
        except KeyError:
            known = ", ".join(self._scorers) or "none"
            raise UnknownQuestionType(
                f"no scorer for question type {type_name!r} (registered: {known})"
            ) from None

    def registered_types(self) -> tuple[str, ...]:
        return tuple(self._scorers)


default_registry = ScorerRegistry()
register = default_registry.register
scorer_for = default_registry.scorer_for
registered_types = default_registry.registered_types


def count_phrase(count: int, singular: str, plural: str) -> str:
    """'1 is unmatched' / '3 are unmatched': completion messages are read by clinicians."""
    return f"{count} {singular if count == 1 else plural}"
