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
