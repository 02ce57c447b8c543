"""Typing the address of a page one's role may not open shows nothing of it: Streamlit shows the
role's first page instead (signed out: sign-in)."""

from __future__ import annotations

from datetime import UTC, datetime

from playwright.sync_api import Page, expect

from modules.accounts.passwords import hash_password
from modules.tracking import StoreFactory
from modules.tracking import users as user_store
from tests.e2e.accounts import PASSWORD, ensure_admin_exists, fill
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
    with StoreFactory(server.db_path).connection() as db:
        if user_store.user_by_email(db, "typed.trainee@example.org") is None:
            user_store.insert_user(db, email="typed.trainee@example.org", name="Typed Trainee",
                                   role="trainee", password_hash=hash_password(PASSWORD),
                                   now=datetime.now(UTC))  # fmt: skip
    page.goto(server.url)
    fill(page, "Email", "typed.trainee@example.org")
    fill(page, "Password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="DBT for clinicians")).to_be_visible()
    for address, heading in STAFF_PAGES.items():
        page.goto(server.url + address)
        expect(page.get_by_role("heading", name="DBT for clinicians")).to_be_visible()
        expect(page.get_by_role("heading", name=heading, exact=True)).to_have_count(0)
        assert "Join code" not in page.locator("main").inner_text()
