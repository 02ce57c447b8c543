"""A trainee misses an item in Chromium and finds it due in Review."""

import re

from playwright.sync_api import Page, expect

from modules.course import load_course
from tests.e2e.accounts import ensure_admin_exists, register
from tests.e2e.conftest import COURSE_OK, Server
from tests.e2e.test_journey import visible_question

COURSE = load_course(COURSE_OK).course


def answer_wrongly(page: Page, question) -> None:
    """The biosocial bank holds a single-choice and an ordering item."""
    if question.type == "single":
        wrong = next(o for o in question.options if not o.correct)
        page.get_by_text(wrong.text, exact=True).click()
    else:
        for position, step in enumerate(reversed(question.steps), start=1):
            page.get_by_label(f"Step {position}", exact=True).click()
            page.get_by_role("option", name=step.text, exact=True).click()
    page.get_by_role("button", name="Submit answer").click()


def test_a_missed_item_is_due_in_review(server: Server, page: Page) -> None:
    ensure_admin_exists(page, server.url, "review-admin@example.org")
    register(page, server.url, "Rev Learner", "rev@example.org")
    page.goto(server.url + "/quiz?module=biosocial")
    question = visible_question(page, "biosocial")
    answer_wrongly(page, question)
    expect(page.get_by_text(re.compile(r"^Saved\. Score for this item"))).to_be_visible()
    page.goto(server.url + "/review")
    expect(page.get_by_role("heading", name="Review")).to_be_visible()
    expect(page.get_by_text(question.scenario.strip().splitlines()[0], exact=False)).to_be_visible()
    expect(page.get_by_role("button", name="Submit answer")).to_be_visible()
