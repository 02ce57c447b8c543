"""Browser steps shared by the journeys: set-up, registration, sign-in and sign-out."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from playwright.sync_api import Page, expect

from modules.accounts.passwords import hash_password
from modules.tracking import StoreFactory
from modules.tracking import users as user_store

PASSWORD = "amber lantern orbit meadow"


def fill(page: Page, label: str, value: str) -> None:
    page.get_by_label(label, exact=True).fill(value)


def set_up_admin(page: Page, url: str, email: str = "ada@example.org") -> None:
    page.goto(url)
    expect(page.get_by_role("heading", name="Set up the course")).to_be_visible()
    fill(page, "Administrator's name", "Ada Admin")
    fill(page, "Email", email)
    fill(page, "Password (at least 15 characters)", PASSWORD)
    page.get_by_role("button", name="Create administrator").click()
    expect(page.get_by_role("heading", name="DBT for clinicians")).to_be_visible()


def register(page: Page, url: str, name: str, email: str) -> None:
    page.goto(url + "/register")
    expect(page.get_by_role("heading", name="Create your account")).to_be_visible()
    fill(page, "Your name", name)
    fill(page, "Email", email)
    fill(page, "Password", PASSWORD)
    fill(page, "Password again", PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="DBT for clinicians")).to_be_visible()


def sign_in(page: Page, url: str, email: str) -> None:
    page.goto(url)
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    fill(page, "Email", email)
    fill(page, "Password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="DBT for clinicians")).to_be_visible()


def sign_out(page: Page, url: str) -> None:
    page.goto(url + "/account")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def ensure_admin_exists(page: Page, url: str, email: str) -> None:
    """On a server shared by several tests: create the administrator if nobody has yet, and
    leave the browser signed out either way."""
    page.goto(url)
    first = page.get_by_role("heading", name=re.compile("^(Set up the course|Sign in)$"))
    expect(first).to_be_visible()
    if first.inner_text() == "Set up the course":
        set_up_admin(page, url, email=email)
        sign_out(page, url)


def sign_in_as_new(page: Page, url: str, db_path: Path, email: str, name: str, role: str,
                   first_heading: str) -> None:  # fmt: skip
    """Make an account of `role` in the database (once: servers are shared by several tests),
    sign in through the page, and wait for the role's first screen."""
    with StoreFactory(db_path).connection() as db:
        if user_store.user_by_email(db, email) is None:
            hashed = hash_password(PASSWORD)
            user_store.insert_user(db, email=email, name=name, role=role, password_hash=hashed,
                                   now=datetime.now(UTC))  # fmt: skip
    page.goto(url)
    fill(page, "Email", email)
    fill(page, "Password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name=first_heading)).to_be_visible()
