"""The projector view of the real course at 1920x1080: the decision points and items with the
most text fit the screen without scrolling, before and after the answers are revealed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Browser, expect

from modules.accounts.passwords import hash_password
from modules.accounts.roles import Role
from modules.accounts.service import SignedIn
from modules.course import load_course
from modules.tracking import StoreFactory, write_transaction
from modules.tracking import users as user_store
from modules.workshop import WorkshopService
from tests.e2e.accounts import PASSWORD, fill
from tests.e2e.conftest import ROOT, Server, main_height, start_server, stop_server

COURSE = load_course(ROOT).course
EMAIL = "fit.admin@example.org"


def largest(count_cases: int = 3, count_items: int = 2) -> list[tuple[str, str, str]]:
    """(kind, subject, step) with the most text on screen once revealed."""
    cases = sorted(
        ((sum(3 * len(c.text) + len(c.feedback) + len(c.principle) for c in n.choices)
          + len(n.narrative), v.id, n.id) for v in COURSE.vignettes for n in v.nodes),
        reverse=True,
    )  # fmt: skip
    items = sorted(
        ((sum(3 * len(o.text) + len(o.feedback) for o in q.options) + len(q.scenario), q.id)
         for m in COURSE.modules for q in COURSE.practice_questions(m.id)
         if q.type in ("single", "multiple")),
        reverse=True,
    )  # fmt: skip
    return [("case", v, n) for _, v, n in cases[:count_cases]] + [
        ("items", q, q) for _, q in items[:count_items]
    ]


@pytest.fixture(scope="module")
def real_server(tmp_path_factory) -> Iterator[Server]:
    running = start_server(tmp_path_factory.mktemp("fit"), content=ROOT)
    yield running
    stop_server(running)


def test_the_longest_steps_fit_the_projector(real_server: Server, browser: Browser) -> None:
    now = datetime.now(UTC)
    with StoreFactory(real_server.db_path).connection() as db:
        admin = user_store.insert_user(db, email=EMAIL, name="Fit Admin", role="admin",
                                       password_hash=hash_password(PASSWORD), now=now)  # fmt: skip
        service = WorkshopService(db, COURSE)
        leader = SignedIn(admin, "Fit Admin", EMAIL, Role.ADMIN, 0)
        sessions = []
        for kind, subject, step in largest():
            sid = service.start(leader, kind, subject if kind == "case" else [subject], now)
            with write_transaction(db):  # put the session straight on the step to measure
                db.execute("UPDATE workshop_sessions SET path = ? WHERE id = ?",
                           [json.dumps([step]), sid])  # fmt: skip
            sessions.append((sid, subject, step))
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(real_server.url)
    fill(page, "Email", EMAIL)
    fill(page, "Password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="DBT for clinicians")).to_be_visible()
    measured = []
    for sid, subject, step in sessions:
        for revealed in (False, True):
            if revealed:
                with StoreFactory(real_server.db_path).connection() as db:
                    service = WorkshopService(db, COURSE)
                    service.set_flag(leader, sid, "revealed", True, datetime.now(UTC))
                    service.set_flag(leader, sid, "tally_shown", True, datetime.now(UTC))
            page.goto(f"{real_server.url}/projector?session={sid}")
            expect(page.locator(".st-key-proj_choices p").first).to_be_visible()
            if revealed:
                expect(page.get_by_text("0 (0%)").first).to_be_visible()
            height, visible = main_height(page)
            measured.append((subject, step, revealed, height, visible))
    context.close()
    too_tall = [m for m in measured if m[3] > m[4] + 1]
    assert not too_tall, f"these steps scroll at 1920x1080: {too_tall}"
    assert len(measured) == 10
