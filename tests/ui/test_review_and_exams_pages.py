"""AppTest tests of the Review and Exams pages."""

from modules.course import load_course
from tests.ui.conftest import COURSE_OK
from tests.ui.quiz_driver import answer, press

COURSE = load_course(COURSE_OK).course


def finish_quiz(at, module_id: str, wrong: set[str]) -> None:
    while True:
        plan = at.session_state[f"quiz.plan.{module_id}"]
        if plan.next_item is None:
            return
        answer(at, COURSE, module_id, correctly=plan.next_item not in wrong)
        plan = at.session_state[f"quiz.plan.{module_id}"]
        press(at, "Next question" if plan.next_item else "See your result")


def test_a_missed_item_is_due_in_review_and_moves_up_when_right(open_screen) -> None:
    at = open_screen("quiz", module="biosocial")
    finish_quiz(at, "biosocial", wrong={"biosocial.q01"})
    at.switch_page("modules/ui/trainee/review.py").run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Due now"] == "1" and metrics["In the queue"] == "1"
    plan = at.session_state["quiz.plan.review"]
    assert plan.item_ids == ("biosocial.q01",) and plan.kind == "review"
    answer(at, COURSE, "review", correctly=True)
    assert at.success[0].value == "Saved. That is the best response."
    press(at, "See your result")
    assert at.success[0].value == "Review session done: 100% right."
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Due now"] == "0" and metrics["In the queue"] == "1"  # box 2, due tomorrow
    assert "The next item is due" in at.info[0].value


def test_nothing_due_offers_practice_of_weak_objectives(open_screen) -> None:
    at = open_screen("review")
    assert {m.label: m.value for m in at.metric}["Due now"] == "0"
    press(at, "Practise my weakest objectives")
    assert at.info[-1].value.startswith("Nothing to review right now")


def test_entry_check_gives_feedback_only_at_the_end(open_screen) -> None:
    at = open_screen("exams")
    assert "The final exam opens when these modules are passed" in at.caption[0].value
    press(at, "Start the entry check")
    plan = at.session_state["quiz.plan.exam-entry"]
    assert plan.kind == "entry" and set(plan.item_ids) <= {q.id for q in COURSE.exam_questions()}
    assert at.caption[0].value == "Feedback comes after the last item."
    for _ in plan.item_ids:
        answer(at, COURSE, "exam-entry", correctly=True)
        assert not at.success or "Saved" not in at.success[0].value  # no feedback yet
    assert {m.label: m.value for m in at.metric}["Your entry check score"] == "100%"
    numbered = [e for e in at.expander if e.label[:1].isdigit()]  # one per item, explained
    assert len(numbered) == len(plan.item_ids)
    assert any(e.label == "Every option explained" for e in at.expander)
    press(at, "Back to exams")
    assert {m.label: m.value for m in at.metric}["Entry check"] == "100%"
    assert not any(b.label == "Start the entry check" for b in at.button)  # taken once
