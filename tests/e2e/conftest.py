"""Starts `streamlit run app.py` on a free port (log to a file, printed when a test fails) and
drives it with Playwright in the system's Chromium (Playwright cannot download a browser here)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
COURSE_OK = ROOT / "tests" / "fixtures" / "course_ok"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


_STARTED: list[Server] = []  # every server started in this run, for the logs of a failure


@dataclass
class Server:
    url: str
    log: Path
    process: subprocess.Popen
    db_path: Path

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(
    folder: Path, content: Path = COURSE_OK, timeout: float = 60, db_path: Path | None = None
) -> Server:
    """Start the app as a person would, and wait until its health check answers."""
    port = free_port()
    log = folder / f"streamlit-{port}.log"
    db_path = db_path or folder / "training.db"
    env = {
        **os.environ,
        "DBT_COURSE_CONTENT": str(content),
        "DBT_COURSE_DB": str(db_path),
        "PYTHONUNBUFFERED": "1",
    }
    command = [
        sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.headless", "true", "--server.fileWatcherType", "none",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    with log.open("w") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    server = Server(f"http://127.0.0.1:{port}", log, process, db_path)
    _STARTED.append(server)
    deadline = time.monotonic() + timeout
    pause = threading.Event()
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}:\n{server.log_text()}")
        try:
            with urllib.request.urlopen(server.url + "/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            pause.wait(0.2)  # poll interval while the server starts
    stop_server(server)
    raise RuntimeError(f"streamlit did not answer within {timeout} s:\n{server.log_text()}")


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = start_server(tmp_path_factory.mktemp("server"))
    yield running
    stop_server(running)


def chromium_path() -> str:
    return os.environ.get("DBT_COURSE_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = chromium_path()
    if not Path(executable).exists():
        pytest.fail(
            f"Chromium not found at {executable}: run the tests through scripts/test.sh, which "
            "installs it, or set DBT_COURSE_CHROMIUM"
        )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


def new_page(browser: Browser) -> Page:
    """A page in a new browser context: its own cookies, like a different browser."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    return context.new_page()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    opened = new_page(browser)
    yield opened
    opened.context.close()


def main_height(page: Page) -> tuple[int, int]:
    """(content height, visible height) of the page's main area: equal when nothing scrolls.
    The smallest of three readings: a fragment's refresh may briefly show old and new elements
    together."""
    samples = []
    for _ in range(3):
        page.wait_for_timeout(400)
        samples.append(tuple(page.evaluate(
            "() => { const m = document.querySelector('[data-testid=\"stMain\"]');"
            " return [m.scrollHeight, m.clientHeight]; }"
        )))  # fmt: skip
    return min(samples)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    if report.when == "call" and report.failed:
        for running in _STARTED[-2:]:
            report.sections.append((f"streamlit log {running.url}", running.log_text()[-20_000:]))
    return report
