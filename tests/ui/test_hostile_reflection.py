"""A reflection full of HTML and Markdown is shown back to its author as plain text (st.text),
never through Markdown, and no other element repeats it."""

from __future__ import annotations

from modules.course import load_course
from tests.ui.conftest import COURSE_OK
from tests.ui.quiz_driver import answer, current_question_id

PAYLOAD = '<img src=x onerror="alert(1)"> **bold** [link](javascript:alert(2)) # heading'


def test_a_hostile_reflection_is_shown_as_typed(open_screen) -> None:
    course = load_course(COURSE_OK).course
    at = open_screen("quiz", module="validation")
    for _ in range(len(course.practice_questions("validation"))):
        question = course.question(current_question_id(at, "validation"))
        if question.type == "reflection":
            plan = at.session_state["quiz.plan.validation"]
            at.text_area(key=f"quiz.{plan.seed}.{question.id}").input(PAYLOAD)
            next(b for b in at.button if b.label == "Submit answer").click()
            at.run()
            assert not at.exception, at.exception
            break
        answer(at, course, "validation")
        next(b for b in at.button if b.label == "Next question").click()
        at.run()
    else:
        raise AssertionError("the quiz drew no reflection")
    assert PAYLOAD in [t.value for t in at.text]  # preformatted text, as typed
    markdown = [m.value for m in [*at.markdown, *at.caption, *at.info, *at.success]]
    assert not any("**bold**" in value for value in markdown)
