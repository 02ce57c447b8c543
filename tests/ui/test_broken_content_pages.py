"""Every broken content fixture leaves the app running: a trainee still opens the course map,
lessons and quizzes of what loaded, and an admin sees the problems on the Content check page."""

from __future__ import annotations

from pathlib import Path

import pytest

from modules.accounts import Role
from modules.course import load_course
from tests.course.broken_fixtures import expected_problems, kinds, materialise


@pytest.mark.parametrize("kind", kinds())
def test_a_broken_course_keeps_the_app_running(kind: str, open_screen, make_person,
                                               tmp_path: Path) -> None:  # fmt: skip
    root = materialise(kind, tmp_path)
    loaded = load_course(root)
    assert loaded.problems  # the fixture is broken
    trainee = make_person(Role.TRAINEE)
    at = open_screen("course_map", content=root, person=trainee)
    assert not at.exception, at.exception
    assert at.title[0].value == "DBT for clinicians"
    shown = " ".join(m.value for m in [*at.markdown, *at.subheader, *at.caption])
    for module in loaded.course.modules:  # what loaded is still there to study
        assert module.title in shown
    if loaded.course.modules:
        first = loaded.course.modules[0]
        lessons = loaded.course.lessons_of(first.id)
        if lessons:
            page = open_screen("lesson", content=root, person=trainee, id=lessons[0].id)
            assert not page.exception, page.exception
    check = open_screen("content_check", content=root, role=Role.ADMIN)
    assert not check.exception, check.exception
    listed = check.dataframe[0].value
    assert len(listed) == len(expected_problems(kind))
