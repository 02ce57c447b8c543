"""The course, loaded once per server process and content folder, shared by every session."""

from __future__ import annotations

import streamlit as st

from modules.course import LoadResult, load_course
from modules.settings import load_settings


@st.cache_resource(show_spinner="Opening the course ...")
def _load(content_root: str) -> LoadResult:
    # keyed by the folder, so tests that point DBT_COURSE_CONTENT elsewhere never share a course
    return load_course(content_root)


def reload() -> None:
    """Forget the loaded course, so the next rerun reads the files again (no restart needed)."""
    _load.clear()


def current() -> LoadResult:
    """The loaded course and the problems found in it, for the configured content folder."""
    return _load(str(load_settings().content_root))
