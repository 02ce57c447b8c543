"""Answers the quiz page's current item through its widgets, as a trainee would."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from modules.course import Course


def current_question_id(at: AppTest, module_id: str) -> str | None:
    return at.session_state[f"quiz.plan.{module_id}"].next_item


def answer(at: AppTest, course: Course, module_id: str, correctly: bool = True) -> str:
    """Fill in the current item (right or wrong), submit it, and return its id."""
    plan = at.session_state[f"quiz.plan.{module_id}"]
    question = course.question(plan.next_item)
    key = f"quiz.{plan.seed}.{question.id}"
    if question.type == "single":
        right = next(o.id for o in question.options if o.correct)
        wrong = next(o.id for o in question.options if not o.correct)
        at.radio(key=key).set_value(right if correctly else wrong)
    elif question.type == "multiple":
        for option in question.options:
            at.checkbox(key=f"{key}.{option.id}").set_value(option.correct == correctly)
    elif question.type == "ordering":
        steps = [s.id for s in question.steps]
        if not correctly:
            steps = steps[::-1]
        for position, step_id in enumerate(steps, start=1):
            at.selectbox(key=f"{key}.{position}").set_value(step_id)
    elif question.type == "matching":
        response_ids = [r.id for r in question.responses]
        for premise in question.premises:
            wrong = next(r for r in response_ids if r != premise.match)
            at.selectbox(key=f"{key}.{premise.id}").set_value(premise.match if correctly else wrong)
    else:
        at.text_area(key=key).input(
            "I would validate her frustration first, then ask what got in the way."
        )
    next(b for b in at.button if b.label == "Submit answer").click()
    at.run()
    assert not at.exception, at.exception
    return question.id


def press(at: AppTest, label: str) -> None:
    next(b for b in at.button if b.label == label).click()
    at.run()
    assert not at.exception, at.exception
