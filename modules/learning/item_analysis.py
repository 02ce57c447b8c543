"""Item analysis for a cohort (a coordinator's) or everyone (an admin's): which items work."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from modules.accounts.access import require_cohort
from modules.accounts.roles import PermissionDenied, Role
from modules.accounts.service import SignedIn
from modules.assessment.item_stats import choice_table, item_table, pairwise_alpha, score_matrix
from modules.tracking import cohort_analytics as analytics
from modules.tracking import cohorts as cohort_store

from .service import LearningService


@dataclass(frozen=True)
class ModuleAnalysis:
    module_id: str
    items: pd.DataFrame  # item_table rows, plus prompt and type
    kr20: float | None
    alpha: float | None
    respondents: int


def _people(learning: LearningService, actor: SignedIn, cohort_id: int | None) -> list[int] | None:
    if cohort_id is None:
        if actor.role is not Role.ADMIN:
            raise PermissionDenied("Only an administrator analyses everyone's answers.")
        return None
    require_cohort(learning.db, actor, cohort_id)
    return [m.user_id for m in cohort_store.members(learning.db, cohort_id)]


def analyse(
    learning: LearningService, actor: SignedIn, cohort_id: int | None
) -> tuple[list[ModuleAnalysis], pd.DataFrame]:
    """Per module: every item's figures and the bank's reliability; and the case choices."""
    people = _people(learning, actor, cohort_id)
    answers = analytics.first_answers(learning.db, people)
    course = learning.course
    results = []
    for module in course.modules:
        questions = {q.id: q for q in course.questions_of(module.id) if q.scored}
        mine = answers[answers["question_id"].isin(questions)]
        keys = {qid: next(o.id for o in q.options if o.correct)
                for qid, q in questions.items() if q.type == "single"}  # type: ignore[attr-defined]  # fmt: skip
        table = item_table(mine, keys) if not mine.empty else pd.DataFrame()
        if not table.empty:
            table.insert(1, "prompt", [questions[q].prompt for q in table["question_id"]])
            table.insert(2, "type", [questions[q].type for q in table["question_id"]])  # type: ignore[attr-defined]
        reliability_kr20 = reliability_alpha = None
        if not mine.empty:  # quizzes draw from the bank, so few people answer every item
            reliability_kr20 = pairwise_alpha(score_matrix(mine, correct_only=True))
            reliability_alpha = pairwise_alpha(score_matrix(mine))
        respondents = int(mine["user_id"].nunique()) if not mine.empty else 0
        results.append(
            ModuleAnalysis(module.id, table, reliability_kr20, reliability_alpha, respondents)
        )
    choices = analytics.first_choices(learning.db, people)
    return results, choice_table(choices) if not choices.empty else pd.DataFrame()
