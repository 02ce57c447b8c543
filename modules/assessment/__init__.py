"""Scoring, completion checks and response keys for every question type, plus display shuffling."""

# Importing each type module registers its scorer with the default registry.
from .matching import MatchingScorer
from .multiple import MultipleChoiceScorer
from .ordering import OrderingScorer
from .reflection import ReflectionScorer
from .registry import (
    NO_ANSWER,
    Completion,
    DuplicateScorerError,
    IncompleteResponse,
    InvalidResponse,
    Scorer,
    ScorerRegistry,
    UnknownQuestionType,
    default_registry,
    register,
    registered_types,
    scorer_for,
)
from .shuffle import attempt_seed, shown_order, shown_steps
from .single import SingleChoiceScorer

__all__ = [
    "NO_ANSWER",
    "Completion",
    "DuplicateScorerError",
    "IncompleteResponse",
    "InvalidResponse",
    "MatchingScorer",
    "MultipleChoiceScorer",
    "OrderingScorer",
    "ReflectionScorer",
    "Scorer",
    "ScorerRegistry",
    "SingleChoiceScorer",
    "UnknownQuestionType",
    "attempt_seed",
    "default_registry",
    "register",
    "registered_types",
    "scorer_for",
    "shown_order",
    "shown_steps",
]
