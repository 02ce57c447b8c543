"""Asking one item and explaining the answer, shared by module quizzes, review and exams.

Each flow keeps its plan under a *slot* of its own in the session (a module id, "review",
"exam-entry", "exam-final"), so two flows in one tab never mix."""

from __future__ import annotations

import time

import streamlit as st

from modules.learning import QuizPlan
from modules.learning.service import LearningError, display_order
from modules.tracking import StoreError
from modules.tracking.progress import AlreadyAnswered
from modules.ui import services, state
from modules.ui.widgets import renderer_for
from modules.ui.widgets.confidence import confidence_radio


def _counter(plan: QuizPlan) -> str:
    return f"Question {len(plan.answered) + 1} of {len(plan.item_ids)}"


def ask(svc, person, slot: str, plan: QuizPlan, feedback_now: bool = True) -> None:
    """The next unanswered item as a form; saved on submit, then its feedback (or, in an exam,
    straight on to the next item)."""
    question = svc.course.question(plan.next_item)
    order = display_order(question, plan.seed)
    key = f"quiz.{plan.seed}.{question.id}"
    if state.shown_at(key) is None:
        state.set_shown_at(key, time.monotonic())
    st.progress(len(plan.answered) / len(plan.item_ids), text=_counter(plan))
    st.markdown(question.scenario)
    st.markdown(f"**{question.prompt}**")
    with st.form(key=f"{key}.form"):
        response = renderer_for(question.type).answer(question, order, key)
        confidence = None
        if question.scored:
            confidence = confidence_radio(f"{key}.confidence")
        submitted = st.form_submit_button("Submit answer", type="primary")
    if not submitted:
        return
    if isinstance(response, list) and len(set(response)) != len(response):
        st.error("Each step can be placed only once; change the repeated step.")
        return
    seconds = round(time.monotonic() - (state.shown_at(key) or time.monotonic()), 1)
    try:
        done = svc.learning.submit(person, plan, question.id, response, confidence=confidence,
                                   seconds=seconds, now=services.now())  # fmt: skip
    except LearningError as error:
        st.warning(str(error))
        return
    except AlreadyAnswered:
        state.set_quiz_plan(slot, None)  # answered in another tab: reload from the record
        st.info("This question was already answered (perhaps in another tab). Reloading the quiz.")
        return
    except StoreError as error:
        st.error(f"Your answer was NOT saved: {error} Please submit it again.")
        return
    state.set_quiz_plan(slot, done.plan)
    if feedback_now:
        state.set_quiz_feedback(
            slot, state.QuizFeedback(question.id, response, done.score, done.correct)
        )
    st.rerun()


def show_feedback(svc, slot: str, plan: QuizPlan, feedback: state.QuizFeedback) -> None:
    question = svc.course.question(feedback.question_id)
    order = display_order(question, plan.seed)
    st.markdown(question.scenario)
    st.markdown(f"**{question.prompt}**")
    if feedback.score is None:
        st.info("Saved. Reflections are not scored; compare your answer with the model below.")
    elif feedback.correct:
        st.success("Saved. That is the best response.", icon=":material/check_circle:")
    else:
        st.warning(f"Saved. Score for this item: {feedback.score:.0%}.", icon=":material/info:")
    explain(svc, question, order, feedback.response)
    label = "See your result" if plan.finished else "Next question"
    if st.button(label, type="primary", key=f"quiz.next.{plan.seed}.{question.id}"):
        state.set_quiz_feedback(slot, None)
        st.rerun()


def explain(svc, question, order, response) -> None:
    """The feedback on each choice, the rationale and the references of one answered item."""
    renderer_for(question.type).feedback(question, order, response)
    st.markdown(f"**Why:** {question.rationale}")
    cited = [svc.course.references[k].citation for k in question.references
             if k in svc.course.references]  # fmt: skip
    if cited:
        st.caption("References: " + " · ".join(cited))
