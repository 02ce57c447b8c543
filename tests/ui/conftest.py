"""AppTest helpers: run app.py on a chosen content folder and switch to a screen by name."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from modules.ui.pages import SCREENS

ROOT = Path(__file__).resolve().parents[2]
COURSE_OK = ROOT / "tests" / "fixtures" / "course_ok"


@pytest.fixture
def open_screen(monkeypatch: pytest.MonkeyPatch) -> Callable[..., AppTest]:
    """Open a screen of app.py on a content folder (the fixture course unless told otherwise)."""

    def open_(name: str, content: Path = COURSE_OK, **query: str) -> AppTest:
        monkeypatch.setenv("DBT_COURSE_CONTENT", str(content))
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
        if name != "course_map":
            for key, value in query.items():
                at.query_params[key] = value
            at.switch_page(f"modules/ui/{SCREENS[name].script}").run()
        assert not at.exception, at.exception
        return at

    return open_


def page_link_labels(at: AppTest) -> list[str]:
    return [element.proto.label for element in at.get("page_link")]
