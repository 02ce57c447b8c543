"""load_course: each broken fixture gives exactly its expected problems; the rest still loads."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import TypeAdapter

from modules.course import Course, LoadResult, Problem, Question, load_course
from tests.course.broken_fixtures import COURSE_OK, expected_problems, kinds, materialise

QUESTION = TypeAdapter(Question)


def load_kind(kind: str, tmp_path: Path) -> LoadResult:
    return load_course(materialise(kind, tmp_path))


def ids(items: Any) -> list[str]:
    return [item.id for item in items]


# -- every broken fixture -------------------------------------------------------------------------


@pytest.mark.parametrize("kind", kinds())
def test_broken_fixture_reports_exactly_its_expected_problems(kind: str, tmp_path: Path) -> None:
    result = load_kind(kind, tmp_path)
    assert [str(problem) for problem in result.problems] == expected_problems(kind)
    assert not result.ok


# -- the good course ------------------------------------------------------------------------------


def test_good_course_loads_without_problems(good_result: LoadResult) -> None:
    assert good_result.problems == ()
    assert good_result.ok


def test_good_course_counts_match_what_the_fixture_holds(good_result: LoadResult) -> None:
    # counted from tests/fixtures/course_ok by hand: 2 + 3 objectives; lesson words 68 + 52 + 81
    # (digits in the numbered list count, callout fences do not, [[a|b]] counts as b)
    assert good_result.course.stats() == {
        "modules": 2,
        "lessons": 3,
        "objectives": 5,
        "lesson_words": 201,
        "questions": 7,
        "questions_by_type": {
            "single": 3,  # biosocial.q01, validation.q04, validation.q05
            "multiple": 1,
            "ordering": 1,
            "matching": 1,
            "reflection": 1,
        },
        "practice_items": 6,
        "exam_items": 1,  # validation.q05
        "must_pass_items": 1,  # validation.q04
        "vignettes": 1,
        "vignette_decision_nodes": 6,
        "glossary_terms": 5,
        "references": 3,
        "misconceptions": 3,
        "strategies": 7,
    }


def test_good_course_keeps_module_lesson_and_question_order(good_result: LoadResult) -> None:
    course = good_result.course
    assert ids(course.modules) == ["biosocial", "validation"]
    assert ids(course.lessons_of("biosocial")) == ["biosocial.two-roots", "biosocial.transaction"]
    assert [lesson.order for lesson in course.lessons_of("biosocial")] == [1, 2]
    assert ids(course.lessons_of("validation")) == ["validation.levels"]
    assert ids(course.questions_of("biosocial")) == ["biosocial.q01", "biosocial.q02"]
    assert ids(course.questions_of("validation")) == [f"validation.q0{n}" for n in range(1, 6)]
    assert ids(course.exam_questions()) == ["validation.q05"]


def test_good_course_lessons_know_where_their_body_starts(good_result: LoadResult) -> None:
    lesson = good_result.course.lesson("biosocial.two-roots")
    assert lesson is not None
    assert lesson.source == "content/01-biosocial/01-two-roots.md"
    assert lesson.body_line == 8
    assert lesson.body.startswith("# Two roots of emotion dysregulation\n")


# -- a broken file leaves the rest of the course loaded -------------------------------------------


def test_missing_field_drops_only_the_broken_question(tmp_path: Path) -> None:
    course = load_kind("missing_field", tmp_path).course
    assert course.question("biosocial.q01") is None
    assert ids(course.questions_of("biosocial")) == ["biosocial.q02"]
    assert len(course.questions_of("validation")) == 5
    assert ids(course.modules) == ["biosocial", "validation"]
    assert len(course.all_lessons()) == 3


def test_yaml_syntax_drops_that_module_its_lessons_and_quiz_only(tmp_path: Path) -> None:
    course = load_kind("yaml_syntax", tmp_path).course
    assert ids(course.modules) == ["biosocial"]
    assert course.module("validation") is None
    assert course.lesson("validation.levels") is None
    assert "validation.levels" not in course.lesson_html
    assert course.questions_of("validation") == ()
    assert course.objective("validation.o1") is None
    assert ids(course.lessons_of("biosocial")) == ["biosocial.two-roots", "biosocial.transaction"]
    assert ids(course.questions_of("biosocial")) == ["biosocial.q01", "biosocial.q02"]
    assert len(course.glossary) == 5


def test_lesson_front_matter_syntax_drops_only_that_lesson(tmp_path: Path) -> None:
    course = load_kind("lesson_front_matter_syntax", tmp_path).course
    assert course.lesson("biosocial.transaction") is None
    assert "biosocial.transaction" not in course.lesson_html
    assert ids(course.all_lessons()) == ["biosocial.two-roots", "validation.levels"]
    assert len(course.all_questions()) == 7


def test_duplicate_id_keeps_the_first_owner_of_each_id(tmp_path: Path) -> None:
    course = load_kind("duplicate_id", tmp_path).course
    first = course.question("validation.q04")
    assert first is not None and first.must_pass  # the first validation.q04, not the copy
    assert ids(course.questions_of("validation")) == [f"validation.q0{n}" for n in range(1, 5)]
    assert course.objective("biosocial.o2") is not None
    assert ids(course.lessons_of("biosocial")) == ["biosocial.two-roots"]


def test_missing_strategies_file_is_reported_once_and_keeps_the_questions(tmp_path: Path) -> None:
    result = load_kind("missing_shared_file", tmp_path)
    course = result.course
    assert dict(course.strategies) == {}
    assert len(result.problems) == 1  # not once more for every option tagged with a strategy
    assert len(course.all_questions()) == 7
    assert len(course.all_lessons()) == 3
    assert len(course.glossary) == 5
    assert len(course.references) == 3
    assert len(course.misconceptions) == 3


def test_pejorative_language_is_reported_but_the_items_stay_in_the_course(tmp_path: Path) -> None:
    course = load_kind("pejorative_language", tmp_path).course
    assert course.lesson("biosocial.two-roots") is not None
    assert course.question("biosocial.q01") is not None
    assert course.question("validation.q01") is not None
    assert len(course.glossary) == 5


def test_prerequisite_cycle_still_loads_both_modules(tmp_path: Path) -> None:
    course = load_kind("prerequisite_cycle", tmp_path).course
    assert ids(course.modules) == ["biosocial", "validation"]
    assert course.module("validation").prerequisites == ("biosocial", "mindfulness")


# -- no course at all -----------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["empty folder", "missing folder"])
def test_a_folder_without_content_gives_one_problem_and_an_empty_course(
    where: str, tmp_path: Path
) -> None:
    root = tmp_path if where == "empty folder" else tmp_path / "nowhere"
    result = load_course(root)
    assert result.problems == (
        Problem(
            "content", 1, "(folder)", f"no content/ folder in {root} (check DBT_COURSE_CONTENT)"
        ),
    )
    assert result.course.modules == ()
    assert result.course.all_questions() == ()
    assert result.course.stats() == Course().stats()
    assert result.course.stats()["glossary_terms"] == 0


# -- line numbers the fixtures do not reach -------------------------------------------------------


def test_a_four_colon_callout_fence_is_not_an_unknown_callout(course_copy: Path) -> None:
    # the renderer nests `:::: caution` … `::::` around `::: example` … `:::`; the check must too
    lesson = course_copy / "content/02-validation/01-levels.md"
    text = lesson.read_text(encoding="utf-8")
    text = text.replace("::: example\n", ":::: caution\nStay with it.\n\n::: example\n")
    lesson.write_text(text + "::::\n", encoding="utf-8")
    result = load_course(course_copy)
    assert [str(p) for p in result.problems] == []
    assert result.course.lesson("validation.levels") is not None


def test_a_flagged_word_in_a_folded_scalar_is_reported_on_its_own_line(course_copy: Path) -> None:
    quiz = course_copy / "quizzes/validation.yaml"
    lines = quiz.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[58].startswith("    scenario: A client tells you")
    lines[58:59] = [
        "    scenario: >\n",
        "      A client tells you that last week's homework\n",
        "      was pointless; a colleague calls her\n",
        "      manipulative for saying so.\n",  # line 62 of the file
    ]
    quiz.write_text("".join(lines), encoding="utf-8")
    result = load_course(course_copy)
    assert [(p.path, p.line) for p in result.problems] == [("quizzes/validation.yaml", 62)]


# -- content hashes -------------------------------------------------------------------------------


def authored_questions() -> dict[str, dict[str, Any]]:
    """Every question of the good course as the author wrote it (plain YAML data), by id."""
    found = {}
    for path in sorted((COURSE_OK / "quizzes").glob("*.yaml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]:
            found[item["id"]] = item
    return found


def test_every_question_has_a_distinct_short_hex_content_hash(good_result: LoadResult) -> None:
    hashes = [q.content_hash for q in good_result.course.all_questions()]
    assert len(hashes) == 7
    assert all(len(h) == 16 and set(h) <= set("0123456789abcdef") for h in hashes)
    assert len(set(hashes)) == len(hashes)


@pytest.mark.parametrize("question_id", sorted(authored_questions()))
def test_identical_content_gives_the_same_hash(question_id: str, good_result: LoadResult) -> None:
    data = authored_questions()[question_id]
    loaded = good_result.course.question(question_id)
    assert loaded is not None
    again = QUESTION.validate_python(copy.deepcopy(data))
    reordered = QUESTION.validate_python(dict(reversed(list(data.items()))))
    assert again.content_hash == loaded.content_hash
    assert reordered.content_hash == loaded.content_hash


def _edited(data: dict[str, Any], edits: tuple[tuple[tuple, Any], ...]) -> dict[str, Any]:
    changed = copy.deepcopy(data)
    for path, value in edits:
        target: Any = changed
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return changed


@pytest.mark.parametrize(
    ("question_id", "edits"),
    [
        ("biosocial.q01", ((("prompt",), "Which part of emotional vulnerability is this?"),)),
        ("biosocial.q01", ((("scenario",), "Dana, 25, tells you about a short email."),)),
        ("biosocial.q01", ((("rationale",), "Lingering arousal is a slow return."),)),
        ("biosocial.q01", ((("options", 1, "text"), "Very high sensitivity."),)),
        ("biosocial.q01", ((("options", 1, "feedback"), "Sensitivity is about the trigger."),)),
        ("biosocial.q01", ((("options", 0, "correct"), False), (("options", 1, "correct"), True))),
        ("biosocial.q02", ((("steps", 2, "text"), "The child's distress grows."),)),
        ("validation.q02", ((("premises", 0, "match"), "l4"),)),
        ("validation.q03", ((("model_answer",), "Validate the frustration first."),)),
        ("validation.q04", ((("must_pass",), False),)),
    ],
)
def test_changing_what_a_trainee_sees_or_is_scored_on_changes_the_hash(
    question_id: str, edits: tuple[tuple[tuple, Any], ...], good_result: LoadResult
) -> None:
    original = good_result.course.question(question_id)
    assert original is not None
    changed = QUESTION.validate_python(_edited(authored_questions()[question_id], edits))
    assert changed.id == original.id
    assert changed.content_hash != original.content_hash


def test_a_lesson_saved_with_a_byte_order_mark_loads(tmp_path: Path) -> None:
    root = tmp_path / "course"
    shutil.copytree(COURSE_OK, root)
    lesson = root / "content" / "02-validation" / "01-levels.md"
    lesson.write_bytes(b"\xef\xbb\xbf" + lesson.read_bytes())
    result = load_course(root)
    assert result.problems == ()
    assert result.course.lesson("validation.levels") is not None
