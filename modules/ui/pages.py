"""Every screen of the app by name, so navigation and links between pages use one definition."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

UI = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Screen:
    title: str
    url_path: str
    icon: str
    script: str  # relative to modules/ui/; file pages let AppTest switch to them by path


SCREENS: dict[str, Screen] = {
    "course_map": Screen("Course", "course", ":material/map:", "trainee/course_map.py"),
    "lesson": Screen("Lesson", "lesson", ":material/menu_book:", "trainee/lesson.py"),
    "glossary": Screen("Glossary", "glossary", ":material/dictionary:", "trainee/glossary.py"),
    "content_check": Screen(
        "Content check", "content-check", ":material/fact_check:", "admin/content_check.py"
    ),
}


def page(name: str, default: bool = False) -> st.Page:
    """The st.Page for a screen; pages with the same url_path are the same page to Streamlit,
    so a link built here reaches the page that app.py put in the navigation."""
    screen = SCREENS[name]
    return st.Page(
        UI / screen.script,
        title=screen.title,
        url_path=screen.url_path,
        icon=screen.icon,
        default=default,
    )
