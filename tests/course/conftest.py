"""Shared fixtures for the course tests: the good course, loaded once, and copies of it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from modules.course import LoadResult, load_course
from tests.course.broken_fixtures import COURSE_OK


@pytest.fixture(scope="session")
def good_result() -> LoadResult:
    """The good fixture course, loaded once (the result is immutable)."""
    return load_course(COURSE_OK)


@pytest.fixture
def course_copy(tmp_path: Path) -> Path:
    """A writable copy of the good course, for a test that breaks one thing itself."""
    root = tmp_path / "course"
    shutil.copytree(COURSE_OK, root)
    return root
