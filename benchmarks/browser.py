"""Click-to-feedback in Chromium: from a click on Submit to the feedback on screen, on the real
`streamlit run` server (the same helpers the browser tests use)."""

from __future__ import annotations

import re
import statistics
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.e2e.conftest import CHROMIUM_FLAGS, chromium_path, new_page, start_server, stop_server
from tests.e2e.test_journey import fill_answer, visible_question

RETAKE = "Retake with a fresh mix of questions"


def _to_next_question(page) -> None:
    """From an item's feedback to the next unanswered item, retaking the quiz when finished."""
    onward = page.get_by_role("button", name=re.compile(r"^(Next question|See your result)$"))
    onward.wait_for()
    finished = onward.inner_text().strip() == "See your result"
    onward.click()
    if finished:
        page.get_by_role("button", name=RETAKE).click()
    page.get_by_role("button", name="Submit answer").wait_for()


def click_to_feedback(repeats: int) -> dict:
    from tests.e2e.accounts import register, set_up_admin, sign_out

    timings = []
    with tempfile.TemporaryDirectory() as folder:
        server = start_server(Path(folder))
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=chromium_path(), args=CHROMIUM_FLAGS
                )
                page = new_page(browser)
                set_up_admin(page, server.url)
                sign_out(page, server.url)
                register(page, server.url, "Bea Bench", "bea@example.org")
                page.goto(server.url + "/quiz?module=biosocial")
                page.get_by_role("button", name="Submit answer").wait_for()
                while len(timings) < repeats:
                    if timings:
                        _to_next_question(page)
                    question = visible_question(page, "biosocial", any_position=True)
                    fill_answer(page, question)
                    submit = page.get_by_role("button", name="Submit answer")
                    start = time.perf_counter()
                    submit.click()
                    page.get_by_text("Saved. That is the best response.").wait_for()
                    timings.append((time.perf_counter() - start) * 1000)
                browser.close()
        finally:
            stop_server(server)
    return {
        "name": "click on Submit to feedback on screen, Chromium",
        "value": round(statistics.median(timings), 1),
        "unit": "ms",
        "target": "< 300 ms",
        "repeats": repeats,
    }


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def memory_with_sessions(sessions: int) -> list[dict]:
    """The `streamlit run` server's resident memory with `sessions` people signed in, each in
    their own browser context with the course map open (sessions made with one precomputed
    password check each in this process and handed over as the session cookie, so the server's
    figure is the sessions' cost, not argon2's 64 MiB per sign-in in progress)."""
    from datetime import UTC, datetime

    from argon2 import PasswordHasher

    from modules.accounts import AccountsService
    from modules.tracking import StoreFactory
    from modules.ui.auth import COOKIE

    password = "amber lantern orbit meadow"
    fast = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    with tempfile.TemporaryDirectory() as folder:
        server = start_server(Path(folder))
        try:
            now = datetime.now(UTC)
            with StoreFactory(server.db_path).connection() as db:
                accounts = AccountsService(db, hasher=fast)
                accounts.create_first_admin("Ada Admin", "ada@example.org", password, now)
                tokens = []
                for n in range(sessions):
                    accounts.register_trainee(f"Trainee {n}", f"t{n}@example.org", password, now)
                    tokens.append(accounts.sign_in(f"t{n}@example.org", password, now))
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=chromium_path(), args=CHROMIUM_FLAGS
                )
                first = new_page(browser)
                first.goto(server.url)
                first.get_by_role("heading", name="Sign in").wait_for()
                first.context.close()
                idle = _rss_kib(server.process.pid)
                pages = []
                for token in tokens:
                    page = new_page(browser)
                    cookie = {"name": COOKIE, "value": token, "url": server.url,
                              "sameSite": "Strict"}  # fmt: skip
                    page.context.add_cookies([cookie])
                    page.goto(server.url)
                    page.get_by_role("heading", name="DBT for clinicians").wait_for()
                    pages.append(page)
                time.sleep(2)  # let every session settle
                loaded = _rss_kib(server.process.pid)
                for page in pages:
                    page.context.close()
                browser.close()
        finally:
            stop_server(server)
    label = f"server memory (RSS), {sessions} signed-in sessions on the course map"
    return [
        {"name": "server memory (RSS), started, one page served", "value": round(idle / 1024, 1),
         "unit": "MiB", "target": None},
        {"name": label, "value": round(loaded / 1024, 1), "unit": "MiB", "target": None,
         "per_session_mib": round((loaded - idle) / 1024 / sessions, 2)},
    ]  # fmt: skip
