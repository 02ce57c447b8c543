"""A module quiz: one item at a time, explained feedback after each, the result at the end."""

from __future__ import annotations

import random

import streamlit as st

from modules.learning import QuizPlan
from modules.learning.service import LearningError
from modules.ui import quiz_flow, services, state
from modules.ui.pages import page


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
            quiz_flow.show_feedback(svc, module.id, plan, feedback)
        elif plan.finished:
            show_result(svc, module, plan)
        else:
            quiz_flow.ask(svc, person, module.id, plan)


def choose_module(course) -> None:
    st.title("Quizzes")
    st.write("Each module ends with a quiz of clinical moments. Choose one:")
    for module in course.modules:
        if course.practice_questions(module.id):
            st.page_link(page("quiz"), label=module.title, icon=":material/quiz:",
                         query_params={"module": module.id})  # fmt: skip


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
