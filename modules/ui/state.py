"""The one place that reads and writes st.session_state, with a typed name for everything kept."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st

from modules.accounts import SignedIn
from modules.learning import QuizPlan


@dataclass
class QuizFeedback:
    """What the trainee just answered, shown until they move on."""

    question_id: str
    response: Any
    score: float | None
    correct: bool | None


def _get(name: str, default: Any = None) -> Any:
    return st.session_state.get(name, default)


def _set(name: str, value: Any) -> None:
    st.session_state[name] = value


def token() -> str | None:
    return _get("auth.token")


def set_token(value: str | None) -> None:
    _set("auth.token", value)


def person() -> SignedIn | None:
    """The signed-in person for this rerun (checked against the database by app.py)."""
    return _get("auth.person")


def set_person(value: SignedIn | None) -> None:
    _set("auth.person", value)


def cookie_action() -> tuple[str, str | None] | None:
    """A cookie to set ('set', token) or clear ('clear', None) at the next render."""
    return _get("auth.cookie_action")


def set_cookie_action(action: tuple[str, str | None] | None) -> None:
    _set("auth.cookie_action", action)


def flash() -> str | None:
    """A one-time message for the next page shown (e.g. after signing out)."""
    return st.session_state.pop("ui.flash", None)


def set_flash(message: str) -> None:
    _set("ui.flash", message)


def quiz_plan(module_id: str) -> QuizPlan | None:
    return _get(f"quiz.plan.{module_id}")


def set_quiz_plan(module_id: str, plan: QuizPlan | None) -> None:
    _set(f"quiz.plan.{module_id}", plan)


def quiz_feedback(module_id: str) -> QuizFeedback | None:
    return _get(f"quiz.feedback.{module_id}")


def set_quiz_feedback(module_id: str, feedback: QuizFeedback | None) -> None:
    _set(f"quiz.feedback.{module_id}", feedback)


def case_play(vignette_id: str) -> Any:
    """The case being played in this tab (a modules.learning.cases.CasePlay), if any."""
    return _get(f"case.play.{vignette_id}")


def set_case_play(vignette_id: str, play: Any) -> None:
    _set(f"case.play.{vignette_id}", play)


def shown_at(question_key: str) -> float | None:
    return _get(f"quiz.shown_at.{question_key}")


def set_shown_at(question_key: str, value: float) -> None:
    _set(f"quiz.shown_at.{question_key}", value)


def sign_out_locally() -> None:
    """Forget everything this browser tab kept for the person."""
    for name in list(st.session_state.keys()):
        if str(name).startswith(("auth.", "quiz.", "case.")):
            del st.session_state[name]
