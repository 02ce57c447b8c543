"""What a person types is shown as typed in the browser: HTML is not run, Markdown is not read.
A name full of HTML and Markdown goes through registration, the account page and a workshop."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.accounts import ensure_admin_exists, register
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
    text = page.locator("main").inner_text()
    assert PAYLOAD in text, text[:500]
    assert_inert(page)
