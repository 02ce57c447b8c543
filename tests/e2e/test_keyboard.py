"""The trainee's journey with the keyboard alone: sign in, open a lesson from the course map,
mark it complete, open the quiz, choose an answer and submit it, and read the feedback. No
mouse click anywhere: Tab moves the focus, Enter and Space act, arrow keys pick an option."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from modules.course import load_course
from tests.e2e.accounts import PASSWORD, ensure_admin_exists, register, sign_out
from tests.e2e.conftest import COURSE_OK, Server

COURSE = load_course(COURSE_OK).course
FOCUSED = "() => { const e = document.activeElement; return e ? [e.tagName, (e.getAttribute('aria-label') || e.innerText || e.value || '').trim().slice(0, 200), e.type || ''] : null; }"  # noqa: E501


def tab_to(page: Page, matches, limit: int = 120) -> None:
    """Press Tab until the focused element satisfies `matches(tag, text, type)`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        tag, text, kind = page.evaluate(FOCUSED) or ("", "", "")
        if matches(tag, text, kind):
            return
    raise AssertionError("the keyboard never reached the element")


def test_the_trainee_journey_with_the_keyboard_alone(server: Server, page: Page) -> None:
    ensure_admin_exists(page, server.url, "keys-admin@example.org")
    register(page, server.url, "Kim Keys", "kim.keys@example.org")
    sign_out(page, server.url)

    page.goto(server.url)
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    tab_to(page, lambda tag, text, kind: tag == "INPUT" and kind == "text")
    page.keyboard.type("kim.keys@example.org")
    tab_to(page, lambda tag, text, kind: tag == "INPUT" and kind == "password")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")  # submits the sign-in form
    expect(page.get_by_role("heading", name="DBT for clinicians")).to_be_visible()

    lesson = COURSE.lessons_of("biosocial")[0]
    # a link's text starts with its icon's name ("article"), then the lesson's title
    tab_to(
        page, lambda tag, text, kind: tag == "A" and text.split("\n")[-1].startswith(lesson.title)
    )
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=lesson.title)).to_be_visible()
    tab_to(page, lambda tag, text, kind: tag == "BUTTON" and text == "Mark as complete")
    page.keyboard.press("Space")
    expect(page.get_by_text("You have completed this lesson.")).to_be_visible()

    page.goto(server.url + "/quiz?module=biosocial")  # an address typed, not a click
    bank = COURSE.practice_questions("biosocial")
    kinds = set()
    for number in range(1, len(bank) + 1):  # every item of the quiz, so every type in it
        expect(page.get_by_text(re.compile(rf"^Question {number} of \d+$"))).to_be_visible()
        question = next(
            q for q in bank if page.get_by_text(q.scenario.strip().splitlines()[0]).count()
        )
        kinds.add(question.type)
        answer(page, question)
        tab_to(page, lambda tag, text, kind: tag == "BUTTON" and text == "Submit answer")
        page.keyboard.press("Enter")
        expect(page.get_by_text("Saved. That is the best response.")).to_be_visible()
        expect(page.get_by_text(question.rationale)).to_be_visible()
        label = "Next question" if number < len(bank) else "See your result"
        tab_to(page, lambda tag, text, kind, label=label: tag == "BUTTON" and text == label)
        page.keyboard.press("Enter")
    assert kinds == {"single", "ordering"}
    expect(page.get_by_text(re.compile(r"^You passed this quiz\."))).to_be_visible()


def answer(page: Page, question) -> None:
    if question.type == "single":
        right = next(o for o in question.options if o.correct)
        tab_to(page, lambda tag, text, kind: tag == "INPUT" and kind == "radio")
        for _ in range(len(question.options)):  # arrow keys move the choice within the group
            if page.get_by_role("radio", name=right.text, exact=True).is_checked():
                break
            page.keyboard.press("ArrowDown")
        expect(page.get_by_role("radio", name=right.text, exact=True)).to_be_checked()
    else:  # ordering: each step's select box takes typed text and Enter
        for step in question.steps:
            tab_to(page, lambda tag, text, kind: tag == "INPUT" and kind == "text")
            page.keyboard.type(step.text[:24])
            page.keyboard.press("Enter")
