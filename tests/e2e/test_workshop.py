"""A live workshop in Chromium: a leader's control page and projector page, and three
participants' phone pages. The participants vote, the leader reveals and shows the tally, the
projector shows it, and the clicker's Right key moves everyone to the next step."""

from __future__ import annotations

import os
import re
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from modules.course import load_course
from tests.e2e.accounts import ensure_admin_exists, fill, sign_in_as_new
from tests.e2e.conftest import COURSE_OK, Server, main_height, new_page

VIGNETTE = load_course(COURSE_OK).course.vignette("late-again")
LEADER = "lee.leader@example.org"


def join(page: Page, url: str, code: str, name: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.goto(f"{url}/join?code={code}")
    expect(page.get_by_role("heading", name="Join a workshop")).to_be_visible()
    fill(page, "A name for this workshop", name)
    page.get_by_role("button", name="Join").click()
    expect(page.get_by_role("heading", name="Step 1")).to_be_visible()
    assert "p=" in page.url  # the identity lives in the address: a reload keeps it


CONTRAST = """() => {
  const lum = (c) => { const v = c / 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  let worst = 21;
  for (const p of document.querySelectorAll('[data-testid="stMain"] p')) {
    if (!p.innerText.trim()) continue;
    let opacity = 1;
    for (let e = p; e; e = e.parentElement) opacity *= parseFloat(getComputedStyle(e).opacity);
    const [r, g, b] = getComputedStyle(p).color.match(/[0-9.]+/g).map(Number);
    const mix = [r, g, b].map((c) => c * opacity + 255 * (1 - opacity));  // on white
    const l = 0.2126 * lum(mix[0]) + 0.7152 * lum(mix[1]) + 0.0722 * lum(mix[2]);
    worst = Math.min(worst, 1.05 / (l + 0.05));
  }
  return worst;
}"""


def min_contrast(page: Page) -> float:
    """The lowest contrast ratio of any paragraph's text against the white page, with the
    opacity of every element around it applied."""
    return page.evaluate(CONTRAST)


def test_a_room_votes_and_the_projector_shows_the_tally(
    server: Server, page: Page, browser: Browser, tmp_path: Path
) -> None:
    ensure_admin_exists(page, server.url, "workshop-admin@example.org")
    sign_in_as_new(page, server.url, server.db_path, LEADER, "Lee Leader", "leader", "Workshops")
    page.get_by_role("button", name="Start").click()
    expect(page.get_by_role("heading", name="Late again")).to_be_visible()
    code = re.search(r"Join code ([A-Z0-9]{6})", page.get_by_text("Join code").inner_text())[1]
    session_id = re.search(r"session=(\d+)", page.url)[1]

    projector = page.context.new_page()  # the same browser: the leader's own window
    projector.set_viewport_size({"width": 1920, "height": 1080})
    projector.goto(f"{server.url}/projector?session={session_id}")
    choices = list(VIGNETTE.node(VIGNETTE.start).choices)
    for choice in choices:
        expect(projector.get_by_text(choice.text)).to_be_visible()

    phones = [new_page(browser) for _ in range(3)]
    for n, phone in enumerate(phones):
        join(phone, server.url, code, f"Person {n}")
    letters = {}
    for phone, choice in zip(phones, [choices[0], choices[0], choices[2]], strict=True):
        button = phone.get_by_role("button", name=re.compile(re.escape(choice.text)))
        label = button.inner_text()
        letters[choice.id] = label[0]
        button.click()
        expect(phone.get_by_text(f"Your vote: {label[0]}.", exact=False)).to_be_visible()
    phones[2].reload()  # a phone that slept: still the same person, vote still there
    expect(phones[2].get_by_text(f"Your vote: {letters[choices[2].id]}.")).to_be_visible()

    expect(projector.get_by_text("2 (67%)")).to_have_count(0)  # hidden until shown
    page.get_by_role("button", name="Reveal answers").click()
    expect(page.get_by_role("button", name="Hide answers")).to_be_visible()
    page.get_by_role("button", name="Show tally").click()
    expect(page.get_by_role("button", name="Hide tally")).to_be_visible()
    expect(projector.get_by_text("2 (67%)")).to_be_visible(timeout=10_000)
    expect(projector.get_by_text("1 (33%)")).to_be_visible()
    expect(projector.get_by_text("Best move.", exact=False).first).to_be_visible()
    for n in range(3):
        expect(projector.get_by_text(f"Person {n}")).to_have_count(0)  # no names on the wall

    sizes = projector.evaluate(
        "() => [...document.querySelectorAll('.st-key-proj_choices p')]"
        ".map(p => parseFloat(getComputedStyle(p).fontSize))"
    )
    assert sizes and max(sizes) >= 32
    scroll = main_height(projector)
    assert scroll[0] <= scroll[1] + 1, f"the projector scrolls at 1920x1080: {scroll}"
    assert min_contrast(projector) >= 4.5  # WCAG AA for every paragraph on the wall
    shots = Path(os.environ.get("DBT_COURSE_SCREENSHOTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    projector.screenshot(path=str(shots / "projector-1920x1080.png"))

    page.keyboard.press("ArrowRight")  # the clicker: next step (follows the room's majority)
    expect(page.get_by_text("Step 2", exact=True)).to_be_visible()
    for phone in phones:
        expect(phone.get_by_role("heading", name="Step 2")).to_be_visible(timeout=10_000)
    following = VIGNETTE.node(choices[0].next).narrative
    expect(projector.get_by_text(following)).to_be_visible(timeout=10_000)
    projector.keyboard.press("ArrowLeft")  # a clicker on the projector's machine: back
    expect(page.get_by_text("Step 1", exact=True)).to_be_visible(timeout=10_000)
    for phone in phones:
        expect(phone.get_by_role("heading", name="Step 1")).to_be_visible(timeout=10_000)
    for phone in phones:
        phone.context.close()
    projector.close()
