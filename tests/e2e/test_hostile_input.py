"""What a person types is shown as typed in the browser: HTML is not run, Markdown is not read.
A name full of HTML and Markdown goes through registration and the account page, and a cohort
name and a roster's rows through the cohorts page (a workshop display name is checked in
tests/ui/test_workshop_pages.py)."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.accounts import ensure_admin_exists, fill, register, sign_in_as_new
from tests.e2e.conftest import Server

PAYLOAD = ('<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> '
           "**bold** [link](javascript:window.__pwned=3) _x_")  # fmt: skip


def assert_inert(page: Page) -> None:
    assert page.evaluate("window.__pwned") is None
    assert page.locator("main img[src='x']").count() == 0
    assert page.locator("main a[href^='javascript']").count() == 0
    bold = page.locator("main strong").filter(has_text=re.compile(r"^bold$"))
    assert bold.count() == 0  # "**bold**" stays two asterisks, a word, two asterisks


def test_a_hostile_name_is_shown_as_typed(server: Server, page: Page) -> None:
    ensure_admin_exists(page, server.url, "hostile-admin@example.org")
    register(page, server.url, PAYLOAD, "hostile@example.org")
    page.goto(server.url + "/account")
    expect(page.get_by_role("heading", name="Your account")).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Signed in as"))).to_be_visible()  # drawn after the title
    text = page.locator("main").inner_text()
    assert PAYLOAD in text, text[:500]
    assert_inert(page)


def test_a_hostile_cohort_name_and_roster_are_shown_as_typed(
    server: Server, page: Page, tmp_path
) -> None:
    ensure_admin_exists(page, server.url, "hostile-admin@example.org")
    sign_in_as_new(page, server.url, server.db_path, "hostile.cora@example.org", "Cora",
                   "coordinator", "Cohort dashboard")  # fmt: skip
    page.goto(server.url + "/cohorts")
    page.get_by_text("Create a cohort").click()
    fill(page, "Name", PAYLOAD)
    page.get_by_role("button", name="Create cohort").click()
    expect(page.get_by_text(re.compile(r"its invitation code is"))).to_be_visible()
    assert f"Created {PAYLOAD}; its invitation code is" in page.locator("main").inner_text()
    assert_inert(page)
    roster = tmp_path / "roster.csv"
    roster.write_text(f'name,email\n"{PAYLOAD}",**x**@[a](javascript:b)\n', encoding="utf-8")
    page.get_by_text("Import a roster (CSV with columns name, email)").click()
    page.locator("[data-testid=stFileUploaderDropzone] input[type=file]").set_input_files(
        str(roster)
    )
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_text(re.compile(r"^Roster line 2:"))).to_be_visible()
    assert "'**x**@[a](javascript:b)' is not an email address" in page.locator("main").inner_text()
    assert_inert(page)
