"""The question types, a pydantic union tagged on `type`; each states its own authoring rules."""

from __future__ import annotations

import hashlib
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from .schema import DottedId, LocalId, ReferenceKey, Slug, Strict, Text


class OptionTags(Strict):
    """What an option exemplifies, for feedback and for analysis of a cohort's choices."""

    strategy: Slug | None = None
    validation_level: int | None = Field(default=None, ge=1, le=6)
    pole: Literal["acceptance", "change"] | None = None


class Option(Strict):
    id: LocalId
    text: Text
    correct: bool = False
    feedback: Text
    tags: OptionTags = OptionTags()
    misconception: Slug | None = None
    models_error: bool = Field(
        default=False, description="the option deliberately shows a clinician's mistake"
    )


class OrderingStep(Strict):
    id: LocalId
    text: Text
    feedback: Text
    tags: OptionTags = OptionTags()


class MatchPremise(Strict):
    id: LocalId
    text: Text
    match: LocalId
    feedback: Text
    tags: OptionTags = OptionTags()
    misconception: Slug | None = None


class MatchResponse(Strict):
    id: LocalId
    text: Text


class QuestionBase(Strict):
    id: DottedId
    objective: DottedId
    difficulty: int = Field(ge=1, le=3)
    scenario: Text
    prompt: Text
    rationale: Text
    references: tuple[ReferenceKey, ...] = Field(min_length=1)
    must_pass: bool = False
    exam: bool = False

    @property
    def module(self) -> str:
        return self.id.split(".", 1)[0]

    @property
    def content_hash(self) -> str:
        """Changes whenever anything a trainee sees or is scored on changes."""
        return hashlib.sha256(self.model_dump_json().encode()).hexdigest()[:16]

    @property
    def scored(self) -> bool:
        return True


def _unique(ids: list[str], what: str) -> None:
    seen: set[str] = set()
    for item_id in ids:
        if item_id in seen:
            raise ValueError(f"{what} id {item_id!r} appears twice")
        seen.add(item_id)


def _check_options(options: tuple[Option, ...]) -> None:
    _unique([o.id for o in options], "option")
    for option in options:
        if option.correct and option.misconception:
            raise ValueError(f"option {option.id!r} is correct, so it cannot name a misconception")


class SingleChoice(QuestionBase):
    """One best answer."""

    type: Literal["single"]
    options: tuple[Option, ...] = Field(min_length=2, max_length=6)

    @field_validator("options")
    @classmethod
    def _one_correct(cls, options: tuple[Option, ...]) -> tuple[Option, ...]:
        _check_options(options)
        correct = [o.id for o in options if o.correct]
        if len(correct) != 1:
            raise ValueError(f"needs exactly one option with correct: true, found {len(correct)}")
        return options


class MultipleChoice(QuestionBase):
    """Select all that apply; see `modules/assessment/multiple.py` for the partial-credit rule."""

    type: Literal["multiple"]
    options: tuple[Option, ...] = Field(min_length=3, max_length=8)

    @field_validator("options")
    @classmethod
    def _some_correct_some_not(cls, options: tuple[Option, ...]) -> tuple[Option, ...]:
        _check_options(options)
        correct = sum(o.correct for o in options)
        if correct == 0 or correct == len(options):
            raise ValueError("needs at least one correct and at least one incorrect option")
        return options


class Ordering(QuestionBase):
    """Put steps in order; the authored order is the correct one (they are shown shuffled)."""

    type: Literal["ordering"]
    steps: tuple[OrderingStep, ...] = Field(min_length=3, max_length=8)

    @field_validator("steps")
    @classmethod
    def _unique_steps(cls, steps: tuple[OrderingStep, ...]) -> tuple[OrderingStep, ...]:
        _unique([s.id for s in steps], "step")
        return steps


class Matching(QuestionBase):
    """Match each premise (e.g. a therapist's statement) to one response (e.g. a level)."""

    type: Literal["matching"]
    premises: tuple[MatchPremise, ...] = Field(min_length=2, max_length=8)
    responses: tuple[MatchResponse, ...] = Field(min_length=2, max_length=8)

    @model_validator(mode="after")
    def _matches_exist(self) -> Matching:
        _unique([p.id for p in self.premises], "premise")
        _unique([r.id for r in self.responses], "response")
        response_ids = {r.id for r in self.responses}
        for premise in self.premises:
            if premise.match not in response_ids:
                raise ValueError(
                    f"premise {premise.id!r} matches {premise.match!r}, which is not a response id"
                )
        return self


class Reflection(QuestionBase):
    """Free text, not scored: a model answer and a self-check list appear after submitting."""

    type: Literal["reflection"]
    model_answer: Text
    self_check: tuple[Text, ...] = Field(min_length=1)

    @property
    def scored(self) -> bool:
        return False

    @model_validator(mode="after")
    def _not_scored(self) -> Reflection:
        if self.must_pass or self.exam:
            raise ValueError("a reflection is not scored, so it cannot be must_pass or exam")
        return self


Question = Annotated[
    SingleChoice | MultipleChoice | Ordering | Matching | Reflection,
    Field(discriminator="type"),
]

QUESTION_TYPES: tuple[str, ...] = ("single", "multiple", "ordering", "matching", "reflection")
