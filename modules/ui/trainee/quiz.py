"""A module quiz: one item at a time, explained feedback after each, the result at the end."""

from __future__ import annotations

import random
import time

import streamlit as st

from modules.learning import QuizPlan
from modules.learning.service import LearningError, display_order
from modules.tracking import StoreError
from modules.tracking.progress import AlreadyAnswered
from modules.ui import services, state
from modules.ui.pages import page
from modules.ui.widgets import renderer_for
from modules.ui.widgets.confidence import confidence_radio


def render() -> None:
    person = state.person()
    with services.opened() as svc:
        module = svc.course.module(st.query_params.get("module", ""))
        if module is None or not svc.course.practice_questions(module.id):
            choose_module(svc.course)
            return
        plan = state.quiz_plan(module.id)
        if plan is None:
            try:
                plan = svc.learning.open_quiz(person, module.id, random.Random())
            except LearningError as error:
                st.warning(str(error))
                return
            state.set_quiz_plan(module.id, plan)
        st.title(f"Quiz: {module.title}")
        feedback = state.quiz_feedback(module.id)
        if feedback is not None:
            show_feedback(svc, module, plan, feedback)
        elif plan.finished:
            show_result(svc, module, plan)
        else:
            ask(svc, person, module, plan)


def choose_module(course) -> None:
    st.title("Quizzes")
    st.write("Each module ends with a quiz of clinical moments. Choose one:")
    for module in course.modules:
        if course.practice_questions(module.id):
            st.page_link(page("quiz"), label=module.title, icon=":material/quiz:",
                         query_params={"module": module.id})  # fmt: skip


def _counter(plan: QuizPlan) -> str:
    return f"Question {len(plan.answered) + 1} of {len(plan.item_ids)}"


def ask(svc, person, module, plan: QuizPlan) -> None:
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
        state.set_quiz_plan(module.id, None)  # answered in another tab: reload from the record
        st.info("This question was already answered (perhaps in another tab). Reloading the quiz.")
        return
    except StoreError as error:
        st.error(f"Your answer was NOT saved: {error} Please submit it again.")
        return
    state.set_quiz_plan(module.id, done.plan)
    state.set_quiz_feedback(
        module.id, state.QuizFeedback(question.id, response, done.score, done.correct)
    )
    st.rerun()


def show_feedback(svc, module, plan: QuizPlan, feedback: state.QuizFeedback) -> None:
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
    renderer_for(question.type).feedback(question, order, feedback.response)
    st.markdown(f"**Why:** {question.rationale}")
    cited = [svc.course.references[k].citation for k in question.references
             if k in svc.course.references]  # fmt: skip
    if cited:
        st.caption("References: " + " · ".join(cited))
    label = "See your result" if plan.finished else "Next question"
    if st.button(label, type="primary", key=f"quiz.next.{plan.seed}.{question.id}"):
        state.set_quiz_feedback(module.id, None)
        st.rerun()


def show_result(svc, module, plan: QuizPlan) -> None:
    result = svc.learning.result_of(plan)
    if result.percent is None:
        st.info("This quiz had no scored items.")
    else:
        verdict = "You passed this quiz." if result.passed else "Not passed yet."
        (st.success if result.passed else st.warning)(
            f"{verdict} Your score: {result.percent:.0f}% (pass mark {module.pass_mark}%)."
        )
    for question_id in result.must_pass_missed:
        question = svc.course.question(question_id)
        st.error(
            "Safety-critical item answered incorrectly: the module is not passed until it is "
            f"answered correctly, whatever the total. *{question.prompt}*",
            icon=":material/priority_high:",
        )
    st.page_link(page("my_progress"), label="See your progress", icon=":material/insights:")
    if st.button("Retake with a fresh mix of questions", key=f"quiz.retake.{plan.seed}"):
        person = state.person()
        state.set_quiz_plan(module.id, svc.learning.new_quiz(person, module.id, random.Random()))
        st.rerun()


render()
