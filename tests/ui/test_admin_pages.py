"""AppTest tests of the content check screen."""

import shutil
from pathlib import Path

import pytest

from modules.accounts import Role
from tests.ui.conftest import COURSE_OK
from tests.ui.quiz_driver import press


def test_content_check_on_a_clean_course(open_screen) -> None:
    at = open_screen("content_check", role=Role.ADMIN)
    assert at.success[0].value == "No problems found in the course's files."
    assert [m.value for m in at.metric] == ["2", "3", "7", "5"]


def test_content_check_lists_problems_and_keeps_the_rest(open_screen, tmp_path: Path) -> None:
    root = tmp_path / "course"
    shutil.copytree(COURSE_OK, root)
    lesson = root / "content" / "02-validation" / "01-levels.md"
    lesson.write_text(lesson.read_text().replace("references: [linehan1997]", "references: [nope]"))
    at = open_screen("content_check", content=root, role=Role.ADMIN)
    assert "1 problem." in at.error[0].value
    table = at.dataframe[0].value
    assert table.to_dict("records") == [
        {
            "file": "content/02-validation/01-levels.md",
            "line": 6,
            "field": "references[0]",
            "problem": "unknown reference key 'nope'",
        }
    ]
    assert [m.value for m in at.metric] == ["2", "2", "7", "5"]


@pytest.mark.parametrize("role", [Role.TRAINEE, Role.COORDINATOR, Role.LEADER, None])
def test_content_check_is_not_in_the_navigation_of_others(open_screen, role) -> None:
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        open_screen("content_check", role=role)


def test_reload_content_reads_an_edited_course_without_a_restart(
    open_screen, tmp_path: Path
) -> None:
    root = tmp_path / "course"
    shutil.copytree(COURSE_OK, root)
    at = open_screen("content_check", content=root, role=Role.ADMIN)
    assert at.success[0].value == "No problems found in the course's files."
    lesson = root / "content" / "02-validation" / "01-levels.md"
    lesson.write_text(lesson.read_text().replace("references: [linehan1997]", "references: [gone]"))
    at.run()
    assert at.success  # still the cached course
    press(at, "Reload content")
    assert "1 problem." in at.error[0].value


def test_an_admin_exports_and_erases_a_person(open_screen, make_person, db_path) -> None:
    from modules.tracking import StoreFactory
    from modules.tracking import users as user_store

    trainee = make_person(Role.TRAINEE, "Quinn Erasable")
    at = open_screen("people", role=Role.ADMIN)
    at.selectbox(key="people.chosen").select(trainee.user_id).run()
    next(b for b in at.button if b.label == "Prepare their data (JSON)").click()
    at.run()
    assert not at.exception, at.exception
    (download,) = at.get("download_button")
    assert download.proto.label == "Download their data"
    at.text_input[-1].input("someone.else@example.org")
    next(b for b in at.button if b.label == "Erase this person").click()
    at.run()
    assert "nothing was erased" in at.error[0].value
    at.text_input[-1].input(trainee.email)
    next(b for b in at.button if b.label == "Erase this person").click()
    at.run()
    assert any(s.value.startswith("Erased.") for s in at.success)
    with StoreFactory(db_path).connection() as db:
        assert user_store.user_by_id(db, trainee.user_id) is None
