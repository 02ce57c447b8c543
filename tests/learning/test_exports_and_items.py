"""Exports (gradebook, answers, xAPI) and item analysis for a cohort, on the demo cohort."""

import json
from datetime import UTC, datetime
from pathlib import Path

import jsonschema
import pytest
from argon2 import PasswordHasher

from modules.accounts.roles import PermissionDenied, Role
from modules.accounts.service import SignedIn
from modules.course import load_course
from modules.learning import LearningService
from modules.learning.demo import make_demo
from modules.learning.exports import gradebook, responses, statements
from modules.learning.item_analysis import analyse
from modules.tracking import StoreFactory
from modules.tracking import users as user_store

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "tests/tracking/xapi_statement.schema.json").read_text())
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "d.db"
    course = load_course(ROOT).course
    hashed = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash("x" * 20)
    with StoreFactory(path).connection() as db:
        made = make_demo(db, course, NOW, hashed, trainees=24)
        row = user_store.user_by_email(db, made.coordinator)
        coordinator = SignedIn(row.id, row.name, row.email, Role.COORDINATOR, 0)
        yield LearningService(db, course), coordinator, db


def test_gradebook_has_a_row_per_member_and_a_column_pair_per_module(demo) -> None:
    learning, coordinator, _ = demo
    book = gradebook(learning, coordinator, 1)
    assert len(book) == 24
    for module in learning.course.modules:
        assert {f"{module.id}_best_%", f"{module.id}_passed"} <= set(book.columns)


def test_answers_never_include_a_reflections_text(demo) -> None:
    learning, coordinator, db = demo
    table = responses(learning, coordinator, 1)
    written = table[table["score"].isna()]
    assert len(written) > 0 and set(written["answer"]) == {"(reflection written)"}
    stored = db.execute("SELECT count(*) FROM responses").fetchone()[0]
    assert len(table) == stored


def test_every_exported_statement_is_valid_xapi(demo) -> None:
    learning, coordinator, _ = demo
    found = statements(learning, coordinator, 1, "https://training.example.org")
    verbs = {s["verb"]["id"].rsplit("/", 1)[-1] for s in found}
    assert {"answered", "completed", "responded"} <= verbs and verbs & {"passed", "failed"}
    validator = jsonschema.Draft202012Validator(SCHEMA)
    for statement in found:
        validator.validate(statement)
    assert len({s["id"] for s in found}) == len(found)  # no statement twice


def test_item_analysis_for_a_cohort_and_for_everyone(demo) -> None:
    learning, coordinator, _ = demo
    modules, choices = analyse(learning, coordinator, 1)
    assert [m.module_id for m in modules] == [m.id for m in learning.course.modules]
    first = modules[0]
    assert first.respondents > 0 and set(first.items["question_id"]) <= {
        q.id for q in learning.course.questions_of(first.module_id)
    }
    assert not choices.empty
    admin = SignedIn(999, "Ada", "ada@example.org", Role.ADMIN, 0)
    assert analyse(learning, admin, None)[0][0].respondents == first.respondents
    with pytest.raises(PermissionDenied):
        analyse(learning, coordinator, None)  # everyone's answers are for an admin
    other = SignedIn(998, "Otto", "otto@example.org", Role.COORDINATOR, 0)
    with pytest.raises(PermissionDenied):
        analyse(learning, other, 1)
    trainee = SignedIn(997, "Tia", "tia@example.org", Role.TRAINEE, 0)
    with pytest.raises(PermissionDenied):
        gradebook(learning, trainee, 1)
