"""A coordinator creates a cohort, a trainee joins with its code and answers, and the coordinator
sees that answer on the dashboard, all in Chromium."""

import re

from playwright.sync_api import Page, expect

from tests.e2e.accounts import PASSWORD, ensure_admin_exists, fill, sign_in_as_new, sign_out
from tests.e2e.conftest import Server
from tests.e2e.test_journey import visible_question
from tests.e2e.test_review import answer_wrongly


def test_a_trainee_joins_by_code_and_the_coordinator_sees_the_answer(
    server: Server, page: Page
) -> None:
    ensure_admin_exists(page, server.url, "cohort-admin@example.org")
    sign_in_as_new(page, server.url, server.db_path, "cora@example.org", "Cora Coordinator",
                   "coordinator", "Cohort dashboard")  # fmt: skip
    page.goto(server.url + "/cohorts")
    page.get_by_text("Create a cohort").click()
    fill(page, "Name", "Evening group")
    page.get_by_role("button", name="Create cohort").click()
    created = page.get_by_text(re.compile(r"^Created Evening group; its invitation code is"))
    expect(created).to_be_visible()
    code = created.inner_text().rsplit(" ", 1)[-1].rstrip(".")
    sign_out(page, server.url)

    page.goto(server.url + f"/register?code={code}")
    expect(
        page.get_by_label("Invitation code from your coordinator (if you have one)")
    ).to_have_value(code)
    fill(page, "Your name", "Joy Joiner")
    fill(page, "Email", "joy@example.org")
    fill(page, "Password", PASSWORD)
    fill(page, "Password again", PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="DBT for clinicians")).to_be_visible()
    page.goto(server.url + "/quiz?module=biosocial")
    answer_wrongly(page, visible_question(page, "biosocial"))
    expect(page.get_by_text(re.compile(r"^Saved\. Score for this item"))).to_be_visible()
    sign_out(page, server.url)

    sign_in_as_coordinator = page.goto(server.url)
    del sign_in_as_coordinator
    fill(page, "Email", "cora@example.org")
    fill(page, "Password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Cohort dashboard")).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Review queue: 1 items, 1 due"))).to_be_visible()
    expect(page.get_by_test_id("stMetricValue").first).to_have_text("1")  # one trainee


def test_a_trainee_typing_a_coordinator_address_sees_nothing_of_it(
    server: Server, page: Page
) -> None:
    ensure_admin_exists(page, server.url, "cohort-admin@example.org")
    page.goto(server.url + "/register")
    fill(page, "Your name", "Tess Typist")
    fill(page, "Email", "tess@example.org")
    fill(page, "Password", PASSWORD)
    fill(page, "Password again", PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="DBT for clinicians")).to_be_visible()
    for address in ("/dashboard", "/cohorts", "/people", "/content-check"):
        page.goto(server.url + address)
        expect(page.get_by_role("heading", name="DBT for clinicians")).to_be_visible()
        for heading in ("Cohort dashboard", "Cohorts", "People", "Content check"):
            expect(page.get_by_role("heading", name=heading, exact=True)).to_have_count(0)
