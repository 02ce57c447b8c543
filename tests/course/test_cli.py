"""`python -m modules validate | stats` run as a real subprocess, the way authors and CI run it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from modules.course import QUESTION_TYPES
from tests.course.broken_fixtures import COURSE_OK, expected_problems, materialise

REPOSITORY_ROOT = Path(__file__).resolve().parents[2]

OK_SUMMARY = "2 modules, 3 lessons, 7 questions, 5 glossary terms"


def run(*args: str, content_env: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run the CLI from the repository root; DBT_COURSE_CONTENT is set only when asked for."""
    env = {k: v for k, v in os.environ.items() if k != "DBT_COURSE_CONTENT"}
    if content_env is not None:
        env["DBT_COURSE_CONTENT"] = content_env
    return subprocess.run(
        [sys.executable, "-m", "modules", *args],
        cwd=REPOSITORY_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_validate_passes_the_good_course() -> None:
    done = run("validate", "--content", str(COURSE_OK))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == f"OK: {OK_SUMMARY} in {COURSE_OK}\n"
    assert done.stderr == ""


def test_validate_accepts_a_content_path_relative_to_the_working_folder() -> None:
    done = run("validate", "--content", "tests/fixtures/course_ok")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("OK: ")


@pytest.mark.parametrize("kind", ["missing_field", "unknown_field"])
def test_validate_prints_every_problem_and_fails(kind: str, tmp_path: Path) -> None:
    root = materialise(kind, tmp_path)
    done = run("validate", "--content", str(root))
    assert done.returncode == 1
    assert done.stdout.splitlines() == expected_problems(kind)
    count = len(expected_problems(kind))
    noun = "problem" if count == 1 else "problems"
    assert done.stderr.startswith(f"{count} {noun} in {root} (")
    assert done.stderr.rstrip().endswith(" loaded)")


def test_stats_json_counts_the_good_course() -> None:
    done = run("stats", "--json", "--content", str(COURSE_OK))
    assert done.returncode == 0, done.stderr
    stats = json.loads(done.stdout)
    required = {
        "modules", "lessons", "objectives", "lesson_words", "questions_by_type", "practice_items",
        "exam_items", "must_pass_items", "vignettes", "vignette_decision_nodes", "glossary_terms",
        "references", "misconceptions",
    }  # fmt: skip
    assert required <= stats.keys()
    assert stats["questions_by_type"] == {
        "single": 3, "multiple": 1, "ordering": 1, "matching": 1, "reflection": 1,
    }  # fmt: skip
    assert list(stats["questions_by_type"]) == list(QUESTION_TYPES)
    assert {key: stats[key] for key in sorted(required - {"questions_by_type"})} == {
        "exam_items": 1,
        "glossary_terms": 5,
        "lesson_words": 201,
        "lessons": 3,
        "misconceptions": 3,
        "modules": 2,
        "must_pass_items": 1,
        "objectives": 5,
        "practice_items": 6,
        "references": 3,
        "vignette_decision_nodes": 6,
        "vignettes": 1,
    }
    assert stats["problems"] == 0


def test_stats_json_counts_problems_without_failing(tmp_path: Path) -> None:
    done = run("stats", "--json", "--content", str(materialise("missing_field", tmp_path)))
    assert done.returncode == 0, done.stderr
    stats = json.loads(done.stdout)
    assert stats["problems"] == 1
    assert stats["questions_by_type"]["single"] == 2  # biosocial.q01 was left out


def test_validate_reads_dbt_course_content_when_no_content_is_given(tmp_path: Path) -> None:
    root = materialise("missing_field", tmp_path)
    done = run("validate", content_env=str(root))
    assert done.returncode == 1
    assert done.stdout.splitlines() == expected_problems("missing_field")
    assert str(root) in done.stderr


def test_a_relative_dbt_course_content_is_taken_from_the_repository_root() -> None:
    done = run("validate", content_env="tests/fixtures/course_ok")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == f"OK: {OK_SUMMARY} in {COURSE_OK}\n"


def test_content_option_wins_over_dbt_course_content(tmp_path: Path) -> None:
    broken = materialise("missing_field", tmp_path)
    done = run("validate", "--content", str(COURSE_OK), content_env=str(broken))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == f"OK: {OK_SUMMARY} in {COURSE_OK}\n"


def test_validate_without_a_course_reports_the_missing_content_folder(tmp_path: Path) -> None:
    done = run("validate", "--content", str(tmp_path))
    assert done.returncode == 1
    assert done.stdout == (
        f"content:1: (folder): no content/ folder in {tmp_path} (check DBT_COURSE_CONTENT)\n"
    )
    assert done.stderr.startswith(f"1 problem in {tmp_path} (0 modules, 0 lessons")


def test_create_admin_makes_the_first_administrator_once(tmp_path: Path) -> None:
    env = {**os.environ, "DBT_COURSE_DB": str(tmp_path / "t.db")}

    def create(email: str, password: str, *extra: str) -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", "modules", "create-admin", "--name", "Ada Admin",
                   "--email", email, "--password-stdin", *extra]  # fmt: skip
        return subprocess.run(
            command, input=password + "\n", env=env, cwd=REPOSITORY_ROOT,
            capture_output=True, text=True,
        )  # fmt: skip

    first = create("ada@example.org", "copper kettle winter harbour")
    assert first.returncode == 0, first.stderr
    assert "Administrator ada@example.org created" in first.stdout
    again = create("bo@example.org", "copper kettle winter harbour")
    assert again.returncode == 1 and "--additional" in again.stderr
    weak = create("bo@example.org", "short", "--additional")
    assert weak.returncode == 1 and "at least 15 characters" in weak.stderr
    second = create("bo@example.org", "copper kettle winter harbour", "--additional")
    assert second.returncode == 0, second.stderr


def test_export_command_writes_csv_and_xapi(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from argon2 import PasswordHasher

    from modules.learning.demo import make_demo
    from modules.tracking import StoreFactory

    db_path = tmp_path / "e.db"
    course_root = REPOSITORY_ROOT / "tests/fixtures/course_ok"
    from modules.course import load_course

    with StoreFactory(db_path).connection() as db:
        make_demo(db, load_course(course_root).course, datetime.now(UTC),
                  PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash("x" * 20),
                  trainees=5)  # fmt: skip
    env = {**os.environ, "DBT_COURSE_DB": str(db_path), "DBT_COURSE_CONTENT": str(course_root)}
    for fmt, expected in (
        ("csv", ["gradebook.csv", "responses.csv"]),
        ("xapi", ["statements.json"]),
    ):
        run = subprocess.run(
            [sys.executable, "-m", "modules", "export", "--cohort", "1", "--format", fmt,
             "--out", str(tmp_path / fmt)], cwd=REPOSITORY_ROOT, env=env, capture_output=True,
            text=True,
        )  # fmt: skip
        assert run.returncode == 0, run.stderr
        assert sorted(p.name for p in (tmp_path / fmt).iterdir()) == expected
    statements = json.loads((tmp_path / "xapi" / "statements.json").read_text())
    assert statements and all(s["version"] == "1.0.3" for s in statements)
    missing = subprocess.run(
        [sys.executable, "-m", "modules", "export", "--cohort", "99"],
        cwd=REPOSITORY_ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert missing.returncode == 1 and "There is no cohort 99." in missing.stderr
