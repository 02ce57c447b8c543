"""The broken fixtures are well formed: overlays of course_ok with a checkable expected.txt."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.course.broken_fixtures import (
    COURSE_BROKEN,
    COURSE_OK,
    EXPECTED,
    REMOVE,
    expected_problems,
    kinds,
    materialise,
    overlay_files,
    removed_paths,
)

REQUIRED_KINDS = {
    "yaml_syntax",
    "lesson_front_matter_syntax",
    "lesson_no_front_matter",
    "missing_field",
    "unknown_field",
    "bad_question_type",
    "two_correct",
    "matching_unknown_response",
    "unknown_objective",
    "unknown_reference",
    "unknown_glossary_term",
    "unknown_misconception",
    "unknown_strategy",
    "duplicate_id",
    "prerequisite_cycle",
    "pejorative_language",
    "bad_callout",
    "wrong_folder_name",
    "quiz_for_unknown_module",
    "missing_shared_file",
}


def parse(problem: str) -> tuple[str, int, str, str]:
    """`path:line: field: message` back into the fields `Problem` sorts by."""
    path, line, rest = problem.split(":", 2)
    field, message = rest.strip().split(": ", 1)
    return path, int(line), field, message


def test_every_required_kind_has_a_fixture() -> None:
    assert set(kinds()) >= REQUIRED_KINDS


@pytest.mark.parametrize("kind", kinds())
def test_a_kind_changes_something_and_expects_something(kind: str) -> None:
    assert (COURSE_BROKEN / kind / EXPECTED).is_file()
    assert overlay_files(kind) or removed_paths(kind)
    lines = expected_problems(kind)
    assert lines
    assert all(line.strip() == line and line for line in lines)


@pytest.mark.parametrize("kind", kinds())
def test_overlaid_files_differ_from_the_good_ones(kind: str) -> None:
    for relative in overlay_files(kind):
        good = COURSE_OK / relative
        broken = (COURSE_BROKEN / kind / relative).read_bytes()
        assert not good.exists() or good.read_bytes() != broken, f"{kind}/{relative} is unchanged"


@pytest.mark.parametrize("kind", kinds())
def test_expected_problems_are_in_the_order_the_loader_sorts_them(kind: str) -> None:
    parsed = [parse(line) for line in expected_problems(kind)]
    assert parsed == sorted(set(parsed))


@pytest.mark.parametrize("kind", kinds())
def test_expected_problems_name_a_line_the_file_has(kind: str, tmp_path: Path) -> None:
    root = materialise(kind, tmp_path)
    for line in expected_problems(kind):
        path, number, _field, _message = parse(line)
        file = root / path
        if file.is_file():
            assert 1 <= number <= len(file.read_text(encoding="utf-8").splitlines()), line
        else:  # a missing file or folder is reported on line 1
            assert number == 1, line


def test_materialise_overlays_removes_and_leaves_out_the_bookkeeping(tmp_path: Path) -> None:
    root = materialise("wrong_folder_name", tmp_path)
    assert root.parent == tmp_path
    assert not (root / "content/02-validation").exists()
    assert (root / "content/02-validations/module.yaml").is_file()
    assert (root / "content/01-biosocial/module.yaml").is_file()
    assert not (root / EXPECTED).exists()
    assert not (root / REMOVE).exists()
    assert not (COURSE_OK / "content/02-validations").exists()  # the good course is untouched


def test_materialise_replaces_a_file_with_the_kinds_version(tmp_path: Path) -> None:
    root = materialise("missing_field", tmp_path)
    relative = Path("quizzes/biosocial.yaml")
    assert overlay_files("missing_field") == [relative]
    overlay = COURSE_BROKEN / "missing_field" / relative
    assert (root / relative).read_bytes() == overlay.read_bytes()
    assert (root / "quizzes/validation.yaml").read_bytes() == (
        COURSE_OK / "quizzes/validation.yaml"
    ).read_bytes()


def test_materialise_refuses_an_unknown_kind(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no broken fixture named 'no_such_kind'"):
        materialise("no_such_kind", tmp_path)
