"""A trainee plays a case vignette to its end in Chromium and finds the run in My progress."""

import re

from playwright.sync_api import Page, expect

from modules.course import load_course
from tests.e2e.accounts import ensure_admin_exists, register, sign_in, sign_out
from tests.e2e.conftest import COURSE_OK, Server

VIGNETTE = load_course(COURSE_OK).course.vignette("late-again")


def test_play_a_case_to_its_end_and_find_the_run(server: Server, page: Page) -> None:
    ensure_admin_exists(page, server.url, "case-admin@example.org")
    register(page, server.url, "Cas Player", "cas@example.org")
    page.goto(server.url + "/cases?case=late-again")
    expect(page.get_by_role("heading", name="Late again")).to_be_visible()
    for number, (_node, choice) in enumerate(VIGNETTE.optimal_path(), start=1):
        expect(page.get_by_text(f"Decision {number}", exact=True)).to_be_visible()
        page.get_by_text(choice.text, exact=True).click()
        page.get_by_role("button", name="Choose").click()
        expect(page.get_by_text(re.compile(r"^The best move here\."))).to_be_visible()
        page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Debrief")).to_be_visible()
    expect(page.get_by_text("Jo leaves saying the session helped.")).to_be_visible()
    page.goto(server.url + "/progress")
    expect(page.get_by_role("heading", name="Case vignettes")).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Replay: Late again, "))).to_be_visible()
    sign_out(page, server.url)
    sign_in(page, server.url, "cas@example.org")  # the run is kept for the person, not the tab
    page.goto(server.url + "/progress")
    expect(page.get_by_text(re.compile(r"^Replay: Late again, "))).to_be_visible()
