"""The trainee's journey on a fresh database, across a reload and a server restart."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from modules.course import load_course
from tests.e2e.accounts import register, set_up_admin, sign_in, sign_out
from tests.e2e.conftest import COURSE_OK, new_page, start_server, stop_server

COURSE = load_course(COURSE_OK).course
COOKIE = "dbt_session"


def visible_question(page: Page, module_id: str, any_position: bool = False):
    """The quiz item on screen, found by its scenario text."""
    counter = r"^Question \d+ of \d+$" if any_position else r"^Question 1 of \d+$"
    expect(page.get_by_text(re.compile(counter))).to_be_visible()
    for question in COURSE.practice_questions(module_id):
        first_line = question.scenario.strip().splitlines()[0]
        if page.get_by_text(first_line, exact=False).count():
            return question
    raise AssertionError("no question of the module is on screen")


def choose(page: Page, label: str, option: str) -> None:
    page.get_by_label(label, exact=True).click()  # a Streamlit select box
    page.get_by_role("option", name=option, exact=True).click()


def answer_correctly(page: Page, question) -> None:
    fill_answer(page, question)
    page.get_by_role("button", name="Submit answer").click()


def fill_answer(page: Page, question) -> None:
    if question.type == "single":
        right = next(o for o in question.options if o.correct)
        page.get_by_text(right.text, exact=True).click()
    elif question.type == "ordering":
        for position, step in enumerate(question.steps, start=1):
            choose(page, f"Step {position}", step.text)
    else:  # the biosocial bank holds only these two types
        raise AssertionError(f"unexpected type {question.type}")


@pytest.fixture
def fresh(tmp_path: Path):
    servers = []

    def start():
        servers.append(start_server(tmp_path))
        return servers[-1]

    yield start
    for server in servers:
        stop_server(server)


def test_the_trainee_journey(fresh, browser: Browser) -> None:
    server = fresh()
    page = new_page(browser)
    set_up_admin(page, server.url)
    sign_out(page, server.url)
    register(page, server.url, "Tam Trainee", "tam@example.org")

    # read a lesson and mark it complete
    page.get_by_role("link", name=re.compile(r"^Two roots of emotion dysregulation")).first.click()
    expect(page.get_by_role("heading", name="Two roots of emotion dysregulation")).to_be_visible()
    page.get_by_role("button", name="Mark as complete").click()
    expect(page.get_by_text("You have completed this lesson.")).to_be_visible()

    # answer a question and see its explained feedback and references
    page.goto(server.url + "/quiz?module=biosocial")
    question = visible_question(page, "biosocial")
    answer_correctly(page, question)
    expect(page.get_by_text("Saved. That is the best response.")).to_be_visible()
    expect(page.get_by_text(question.rationale)).to_be_visible()
    expect(page.get_by_text(re.compile("^References: Linehan"))).to_be_visible()

    # a reload keeps the person signed in, through the cookie
    cookie = next(c for c in page.context.cookies() if c["name"] == COOKIE)
    assert cookie["sameSite"] == "Strict" and len(cookie["value"]) >= 43
    page.reload()
    expect(page.get_by_role("heading", name="Quiz: The biosocial theory")).to_be_visible()
    expect(page.get_by_text("Question 2 of 2")).to_be_visible()  # the answer was kept

    # restart the server; sign in again in a new browser; the progress is still there
    stop_server(server)
    server = fresh()  # same database file, new process
    page.context.close()
    page = new_page(browser)
    sign_in(page, server.url, "tam@example.org")
    expect(page.get_by_text(re.compile(r"^1 of 2 lessons"))).to_be_visible()
    page.get_by_role("link", name="Continue where you left off: The biosocial theory quiz").click()
    expect(page.get_by_text("Question 2 of 2")).to_be_visible()

    # sign out; the old cookie no longer opens a session
    old = next(c for c in page.context.cookies() if c["name"] == COOKIE)
    sign_out(page, server.url)
    page.context.add_cookies([old])
    page.goto(server.url + "/progress")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(page.get_by_role("heading", name="My progress")).to_have_count(0)
