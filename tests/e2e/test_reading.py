"""A trainee opens the course in Chromium, finds a lesson and reads it."""

import re

from playwright.sync_api import Page, expect

from tests.e2e.accounts import ensure_admin_exists, register
from tests.e2e.conftest import Server


def test_open_the_course_and_read_a_lesson(server: Server, page: Page) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    ensure_admin_exists(page, server.url, "reader-admin@example.org")
    register(page, server.url, "Rae Reader", "rae@example.org")
    page.get_by_role("link", name=re.compile(r"^The six levels of validation")).click()
    expect(page.get_by_role("heading", name="The six levels of validation")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/lesson\?id=validation\.levels$"))
    # the <script> an author typed is shown as text and never runs
    expect(page.get_by_text("<script>alert(“x”)</script>", exact=False)).to_be_visible()
    assert dialogs == []
    glossary_link = page.locator("a.glossary-term", has_text="Validating")
    expect(glossary_link).to_have_attribute("title", re.compile("^Validation: "))
    expect(page.get_by_text("Linehan, M. M. (1997). Validation and psychotherapy")).to_be_visible()
    page.goto(server.url + "/lesson?id=biosocial.transaction")
    expect(page.get_by_role("heading", name="The transaction over time")).to_be_visible()
    expect(page.get_by_text("Caution", exact=True)).to_be_visible()
