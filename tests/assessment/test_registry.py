"""Scorers cover exactly the schema's question types; duplicate and unknown names are refused."""

from __future__ import annotations

import pytest

from modules.assessment import (
    DuplicateScorerError,
    Scorer,
    ScorerRegistry,
    SingleChoiceScorer,
    UnknownQuestionType,
    default_registry,
    registered_types,
    scorer_for,
)
from modules.course import QUESTION_TYPES


def test_every_schema_type_has_a_scorer_and_nothing_else_does() -> None:
    assert sorted(registered_types()) == sorted(QUESTION_TYPES)
    assert len(registered_types()) == len(set(registered_types()))


@pytest.mark.parametrize("type_name", QUESTION_TYPES)
def test_scorer_for_returns_the_scorer_named_for_the_type(type_name: str) -> None:
    scorer = scorer_for(type_name)
    assert isinstance(scorer, Scorer)
    assert scorer.type_name == type_name


def test_a_second_scorer_with_a_taken_name_is_refused() -> None:
    registry = ScorerRegistry()
    first = registry.register(SingleChoiceScorer())
    with pytest.raises(DuplicateScorerError, match="'single' is already registered"):
        registry.register(SingleChoiceScorer())
    assert registry.scorer_for("single") is first
    assert registry.registered_types() == ("single",)


def test_the_default_registry_refuses_a_duplicate_and_keeps_its_scorer() -> None:
    before = scorer_for("single")
    with pytest.raises(DuplicateScorerError):
        default_registry.register(SingleChoiceScorer())
    assert scorer_for("single") is before


def test_an_unknown_type_is_refused() -> None:
    with pytest.raises(UnknownQuestionType, match="'essay'"):
        scorer_for("essay")
    with pytest.raises(UnknownQuestionType):
        ScorerRegistry().scorer_for("single")
