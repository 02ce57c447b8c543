"""Typing the address of a page one's role may not open shows nothing of it: Streamlit shows the
role's first page instead (signed out: sign-in)."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.accounts import ensure_admin_exists, sign_in_as_new
from tests.e2e.conftest import Server

STAFF_PAGES = {
    "/dashboard": "Cohort dashboard",
    "/cohorts": "Cohorts",
    "/item-analysis": "Item analysis",
    "/people": "People",
    "/content-check": "Content check",
    "/workshops": "Workshops",
    "/projector?session=1": "Projector",
}


def test_typed_addresses_of_other_roles_pages_show_nothing(server: Server, page: Page) -> None:
    ensure_admin_exists(page, server.url, "typed-admin@example.org")
    for address in ["/course", "/dashboard", "/people", "/progress"]:
        page.goto(server.url + address)
        expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
        expect(page.get_by_role("heading", name="DBT for clinicians")).to_have_count(0)
    sign_in_as_new(page, server.url, server.db_path, "typed.trainee@example.org",
                   "Typed Trainee", "trainee", "DBT for clinicians")  # fmt: skip
    for address, heading in STAFF_PAGES.items():
        page.goto(server.url + address)
        expect(page.get_by_role("heading", name="DBT for clinicians")).to_be_visible()
        expect(page.get_by_role("heading", name=heading, exact=True)).to_have_count(0)
        assert "Join code" not in page.locator("main").inner_text()
