"""AppTest tests of the trainee's screens: course map, lesson, quiz, progress and glossary."""

from pathlib import Path

import pytest

from modules.course import load_course
from tests.ui.conftest import COURSE_OK, page_link_labels
from tests.ui.quiz_driver import answer, press

COURSE = load_course(COURSE_OK).course


def next_label(at, module_id: str) -> str:
    plan = at.session_state[f"quiz.plan.{module_id}"]
    return "Next question" if plan.next_item else "See your result"


def test_course_map_lists_modules_lessons_quizzes_and_where_to_start(open_screen) -> None:
    at = open_screen("course_map")
    assert [s.value for s in at.subheader] == ["1. The biosocial theory", "2. Validation"]
    assert page_link_labels(at) == [
        "Start with: Two roots of emotion dysregulation",
        "Two roots of emotion dysregulation (10 min)",
        "The transaction over time (12 min)",
        "Quiz: The biosocial theory",
        "The six levels of validation (15 min)",
        "Case: Late again",
        "Quiz: Validation",
    ]
    bars = [p.proto.text for p in at.get("progress")]
    assert bars[0] == "0 of 2 lessons · quiz not taken yet (pass mark 80%)"
    assert any("Best taken after: The biosocial theory" in c.value for c in at.caption)
    assert not at.warning


def test_lesson_renders_and_can_be_marked_complete(open_screen) -> None:
    at = open_screen("lesson", id="validation.levels")
    html = at.get("html")[0].proto.body
    assert "<h1>The six levels of validation</h1>" in html
    assert "&lt;script&gt;" in html and "<script>" not in html
    markdown = " ".join(m.value for m in at.markdown)
    assert "Match therapist statements to Linehan's levels of validation." in markdown
    assert "Validation and psychotherapy" in markdown
    assert page_link_labels(at) == ["Previous: The transaction over time"]
    press(at, "Mark as complete")
    assert at.success[0].value == "You have completed this lesson."
    at.switch_page("modules/ui/trainee/course_map.py").run()
    bars = [p.proto.text for p in at.get("progress")]
    assert bars[1].startswith("1 of 1 lessons")


def test_unknown_lesson_says_so_and_links_back(open_screen) -> None:
    at = open_screen("lesson", id="validation.nope")
    assert "not in the course" in at.warning[0].value
    assert page_link_labels(at) == ["Choose a lesson on the course map"]


def test_quiz_gives_explained_feedback_then_a_result(open_screen) -> None:
    at = open_screen("quiz", module="validation")
    assert at.title[0].value == "Quiz: Validation"
    bank = {q.id for q in COURSE.practice_questions("validation")}
    seen = []
    for _ in range(len(bank)):
        question_id = answer(at, COURSE, "validation", correctly=True)
        seen.append(question_id)
        question = COURSE.question(question_id)
        text = " ".join(m.value for m in at.markdown)
        assert question.rationale in text  # the why, after every item
        assert "References:" in " ".join(c.value for c in at.caption)
        press(at, "Next question" if len(seen) < len(bank) else "See your result")
    assert set(seen) == bank and "validation.q05" not in seen  # the exam item is never drawn
    assert at.success[0].value == "You passed this quiz. Your score: 100% (pass mark 75%)."


def test_a_wrong_must_pass_answer_blocks_the_pass_and_is_named(open_screen) -> None:
    at = open_screen("quiz", module="validation")
    for _ in range(4):
        answer(at, COURSE, "validation", correctly=True)
        press(at, next_label(at, "validation"))
    assert at.success[0].value.startswith("You passed this quiz.")
    press(at, "Retake with a fresh mix of questions")
    for _ in range(4):
        plan = at.session_state["quiz.plan.validation"]
        wrong = plan.next_item == "validation.q04"
        answer(at, COURSE, "validation", correctly=not wrong)
        if wrong:
            assert at.warning[0].value.startswith("Saved. Score for this item: 0%")
            assert any("not the best response" in e.value for e in at.error)
        press(at, next_label(at, "validation"))
    assert at.warning[0].value.startswith("Not passed yet. Your score: 67%")
    assert "Safety-critical item answered incorrectly" in at.error[0].value


def test_my_progress_shows_attempts_and_mastery(open_screen) -> None:
    at = open_screen("quiz", module="biosocial")
    for _ in range(2):
        answer(at, COURSE, "biosocial", correctly=True)
        press(at, next_label(at, "biosocial"))
    at.switch_page("modules/ui/trainee/my_progress.py").run()
    modules, attempts, objectives = (d.value for d in at.dataframe)
    assert modules.to_dict("records")[0] == {
        "Module": "The biosocial theory",
        "Lessons": "0/2",
        "Best score %": 100,
        "Pass mark %": 80,
        "Passed": "yes",
    }
    assert attempts[["Module", "Answered", "Score %", "Result"]].to_dict("records") == [
        {"Module": "The biosocial theory", "Answered": "2/2", "Score %": 100, "Result": "passed"}
    ]
    first = objectives.iloc[0]
    assert first["Evidence"] == 1 and first["Status"] == "not enough evidence yet"
    assert at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")


def test_glossary_shows_the_linked_term_first_and_filters(open_screen) -> None:
    at = open_screen("glossary", term="validation")
    bold = [m.value for m in at.markdown if m.value.startswith("**")]
    assert bold[0] == "**Validation**" and len(bold) == 5
    at.text_input(key="glossary.search").input("transact").run()
    assert [m.value for m in at.markdown if m.value.startswith("**")] == ["**Biosocial theory**"]
    at.text_input(key="glossary.search").input("zzz").run()
    assert at.info[0].value == "No term matches that search."


def test_a_course_without_content_still_opens(open_screen, tmp_path: Path) -> None:
    at = open_screen("course_map", content=tmp_path)
    assert "could not be opened (1 content problem)" in at.warning[0].value
    assert at.info[0].value == "The course has no modules yet."


@pytest.mark.parametrize("page", ["quiz", "my_progress", "course_map"])
def test_pages_open_for_a_new_trainee(open_screen, page: str) -> None:
    at = open_screen(page)
    assert at.title


def test_an_answer_that_cannot_be_saved_says_so_and_can_be_sent_again(
    open_screen, monkeypatch
) -> None:
    from modules.tracking import StoreWriteError
    from modules.tracking import progress as progress_store

    at = open_screen("quiz", module="biosocial")
    real_save = progress_store.save_response

    def refuse(*args, **kwargs):
        raise StoreWriteError("The progress database is busy or read-only (disk I/O error).")

    monkeypatch.setattr(progress_store, "save_response", refuse)
    question_id = answer(at, COURSE, "biosocial", correctly=True)
    assert at.error[0].value.startswith("Your answer was NOT saved: The progress database is busy")
    assert at.session_state["quiz.plan.biosocial"].answered == {}  # nothing pretends to be saved
    assert not at.success
    monkeypatch.setattr(progress_store, "save_response", real_save)
    assert answer(at, COURSE, "biosocial", correctly=True) == question_id  # the same item again
    assert at.success[0].value == "Saved. That is the best response."
