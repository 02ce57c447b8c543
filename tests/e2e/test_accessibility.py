"""axe-core (the copy bundled in axe-playwright-python) on every page each role can open, in
Chromium: no serious or critical WCAG 2.1 A/AA violation. Streamlit's own markup needs no
exception at present; one would be listed in EXCEPTIONS with its selector and reason."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import axe_playwright_python
import pytest
from playwright.sync_api import Browser, Page, expect

from modules.accounts.passwords import hash_password
from modules.accounts.roles import Role
from modules.accounts.service import SignedIn
from modules.course import load_course
from modules.tracking import StoreFactory
from modules.tracking import users as user_store
from modules.ui.pages import SCREENS, screens_for
from modules.workshop import WorkshopService
from tests.e2e.accounts import PASSWORD, fill
from tests.e2e.conftest import COURSE_OK, Server, start_server, stop_server

AXE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
EXCEPTIONS: dict[tuple[str, str], str] = {}  # (rule id, CSS selector) -> why it is accepted
# pages that show more with an address: the deep page is checked as well as the bare one
DEEP = {
    "lesson": "?id=biosocial.two-roots",
    "quiz": "?module=biosocial",
    "cases": "?case=late-again",
}


def violations(page: Page) -> list[dict]:
    page.evaluate(AXE)
    found = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
        ".violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' '))}))",
        TAGS,
    )
    serious = []
    for v in found:
        if v["impact"] not in ("serious", "critical"):
            continue
        nodes = [n for n in v["nodes"] if (v["id"], n) not in EXCEPTIONS]
        if nodes:
            serious.append({**v, "nodes": nodes[:3]})
    return serious


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[tuple[Server, int, str]]:
    """A server with one account per role, a live workshop and a participant in it."""
    running = start_server(tmp_path_factory.mktemp("axe"))
    now = datetime.now(UTC)
    with StoreFactory(running.db_path).connection() as db:
        ids = {role: user_store.insert_user(db, email=f"axe.{role.value}@example.org",
                                            name=f"Axe {role.value}", role=role.value,
                                            password_hash=hash_password(PASSWORD), now=now)
               for role in Role}  # fmt: skip
        service = WorkshopService(db, load_course(COURSE_OK).course)
        leader = SignedIn(ids[Role.LEADER], "Axe leader", "", Role.LEADER, 0)
        sid = service.start(leader, "case", "late-again", now)
        token = service.join(service.session(sid).code, "Axe phone", now).token
    yield running, sid, token
    stop_server(running)


ORDER = [None, Role.TRAINEE, Role.LEADER, Role.COORDINATOR, Role.ADMIN]


def pages_to_check() -> dict[Role | None, list[str]]:
    """Every screen, checked in the first role (in ORDER) that can open it: the study pages are
    drawn the same for every role, so each page is checked once, signed in as someone who sees
    it, and each role's own pages as that role."""
    seen: set[str] = set()
    plan: dict[Role | None, list[str]] = {}
    for role in ORDER:
        person = SignedIn(0, "", "", role, 0) if role else None
        names = [n for n in screens_for(person, first_run=False) if n not in seen]
        seen.update(names)
        plan[role] = names
    return plan


PLAN = pages_to_check()


@pytest.mark.parametrize("role", ORDER, ids=lambda r: r.value if r else "signed-out")
def test_no_serious_violation_on_any_page(site, browser: Browser, role: Role | None) -> None:
    server, session_id, token = site
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(server.url)
    if role is not None:
        fill(page, "Email", f"axe.{role.value}@example.org")
        fill(page, "Password", PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", name="Sign in")).to_have_count(0)
    addresses = []
    for name in PLAN[role]:
        path = "/" + SCREENS[name].url_path
        addresses.append(path)
        if name in DEEP:
            addresses.append(path + DEEP[name])
        if name == "join":
            addresses.append(f"{path}?p={token}")
        if name in ("workshops", "projector") and role is Role.LEADER:
            addresses.append(f"{path}?session={session_id}")
    problems = {}
    for address in addresses:
        page.goto(server.url + address)
        expect(page.locator("[data-testid='stMain']")).to_be_visible()
        page.wait_for_timeout(1000)  # let Streamlit finish drawing
        found = violations(page)
        if found:
            problems[address] = found
    context.close()
    assert addresses
    assert not problems, problems


def test_every_screen_is_checked() -> None:
    assert {n for names in PLAN.values() for n in names} == set(SCREENS) - {"setup"}
