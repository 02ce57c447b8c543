"""xAPI statements: every builder's output meets a hand-written 1.0.3 schema, with exact fields."""

from __future__ import annotations

import copy
import json
import math
import re
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from jsonschema import Draft202012Validator, FormatChecker

from modules.tracking import xapi

SCHEMA = json.loads(
    (Path(__file__).parent / "xapi_statement.schema.json").read_text(encoding="utf-8")
)
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$")

FORMATS = FormatChecker()


@FORMATS.checks("date-time", raises=ValueError)
def _date_time(instance: object) -> bool:
    """RFC 3339 date-time, checked with the standard library so the check does not depend on
    jsonschema's optional format packages being installed."""
    if not isinstance(instance, str):
        return True
    if not RFC3339.match(instance):
        return False
    datetime.fromisoformat(instance.replace("Z", "+00:00"))  # impossible dates raise
    return True


VALIDATOR = Draft202012Validator(SCHEMA, format_checker=FORMATS)
DURATION = re.compile(SCHEMA["$defs"]["result"]["properties"]["duration"]["pattern"])

ADL = "http://adlnet.gov/expapi"
BASE = "https://dbt-course.invalid"
WHEN = datetime(2025, 3, 4, 10, 30, tzinfo=timezone(timedelta(hours=1)))
WHEN_TEXT = "2025-03-04T09:30:00.000Z"
WHO = {"email": "ada@example.org", "name": "Ada Trainee"}


def answered(**overrides: Any) -> dict[str, Any]:
    kwargs: dict[str, Any] = {
        **WHO,
        "question_id": "m1.q3",
        "question_title": "Which validation level is this?",
        "timestamp": WHEN,
        "score": 0.75,
        "response": "partially-correct",
        "seconds": 42.5,
        "module_id": "foundations",
        "module_title": "Foundations of DBT",
        "attempt_kind": "quiz",
        "base": BASE,
    }
    return xapi.answered_statement(**{**kwargs, **overrides})


def reflection(**overrides: Any) -> dict[str, Any]:
    kwargs: dict[str, Any] = {
        **WHO,
        "question_id": "m1.r1",
        "question_title": "Reflect on a session",
        "timestamp": WHEN,
        "reflection": True,
        "response": "I felt stuck when the client said nothing would ever change",
        "seconds": 300,
        "module_id": "foundations",
        "module_title": "Foundations of DBT",
        "base": BASE,
    }
    return xapi.answered_statement(**{**kwargs, **overrides})


def lesson(**overrides: Any) -> dict[str, Any]:
    kwargs: dict[str, Any] = {
        **WHO,
        "lesson_id": "foundations.biosocial",
        "lesson_title": "The biosocial theory",
        "timestamp": WHEN,
        "seconds": 3725,
        "module_id": "foundations",
        "module_title": "Foundations of DBT",
        "base": BASE,
    }
    return xapi.lesson_statement(**{**kwargs, **overrides})


def choice(**overrides: Any) -> dict[str, Any]:
    kwargs: dict[str, Any] = {
        **WHO,
        "vignette_id": "maya-first-session",
        "vignette_title": "Maya's first session",
        "node_id": "n2",
        "choice_id": "c1",
        "rating": "acceptable",
        "timestamp": WHEN,
        "module_id": "commitment",
        "module_title": "Commitment strategies",
        "base": BASE,
    }
    return xapi.choice_statement(**{**kwargs, **overrides})


def module(**overrides: Any) -> dict[str, Any]:
    kwargs: dict[str, Any] = {
        **WHO,
        "module_id": "foundations",
        "module_title": "Foundations of DBT",
        "passed": True,
        "best_percent": 85.0,
        "timestamp": WHEN,
        "base": BASE,
    }
    return xapi.module_statement(**{**kwargs, **overrides})


BUILDERS: dict[str, Callable[[], dict[str, Any]]] = {
    "answered": answered,
    "answered-full-score": lambda: answered(score=1.0),
    "answered-no-seconds-no-module": lambda: answered(
        seconds=None, module_id=None, attempt_kind=None
    ),
    "reflection": reflection,
    "lesson": lesson,
    "lesson-no-module": lambda: lesson(module_id=None, seconds=None),
    "choice-optimal": lambda: choice(rating="optimal", seconds=12.25),
    "choice-acceptable": choice,
    "choice-problematic": lambda: choice(rating="problematic"),
    "module-passed": module,
    "module-failed": lambda: module(passed=False, best_percent=40),
    "module-no-attempt": lambda: module(passed=False, best_percent=None),
}


# -- the schema and its format checker ---------------------------------------------------------


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert set(SCHEMA["required"]) == {"actor", "verb", "object"}


def test_the_format_checker_checks_date_times() -> None:
    assert FORMATS.conforms("2025-03-04T09:30:00.000Z", "date-time")
    assert FORMATS.conforms("2025-03-04T10:30:00+01:00", "date-time")
    assert not FORMATS.conforms("09:30:00Z", "date-time")
    assert not FORMATS.conforms("2025-13-04T09:30:00Z", "date-time")
    assert not FORMATS.conforms("2025-03-04 09:30:00", "date-time")


# -- every builder's output is a valid statement ------------------------------------------------


@pytest.mark.parametrize("build", BUILDERS.values(), ids=BUILDERS.keys())
def test_every_builder_makes_a_valid_statement(build: Callable[[], dict[str, Any]]) -> None:
    statement = build()
    VALIDATOR.validate(statement)
    assert uuid.UUID(statement["id"]).version == 5
    assert statement["version"] == "1.0.3"
    assert statement["timestamp"] == WHEN_TEXT
    assert statement["actor"] == {
        "objectType": "Agent",
        "name": "Ada Trainee",
        "mbox": "mailto:ada@example.org",
    }
    assert statement["object"]["objectType"] == "Activity"
    assert statement["object"]["id"].startswith(f"{BASE}/activities/")
    assert json.loads(json.dumps(statement)) == statement  # JSON-ready, nothing lost


# -- exact fields ---------------------------------------------------------------------------------


def test_an_answered_item() -> None:
    statement = answered()
    assert statement["verb"] == {"id": f"{ADL}/verbs/answered", "display": {"en-US": "answered"}}
    assert statement["object"] == {
        "objectType": "Activity",
        "id": f"{BASE}/activities/question/m1.q3",
        "definition": {
            "name": {"en-US": "Which validation level is this?"},
            "type": f"{ADL}/activities/cmi.interaction",
        },
    }
    assert statement["result"] == {
        "score": {"scaled": 0.75},
        "success": False,
        "completion": True,
        "response": "partially-correct",
        "duration": "PT42.5S",
    }
    assert statement["context"]["contextActivities"]["parent"] == [
        {
            "objectType": "Activity",
            "id": f"{BASE}/activities/module/foundations",
            "definition": {
                "name": {"en-US": "Foundations of DBT"},
                "type": f"{ADL}/activities/module",
            },
        }
    ]
    assert statement["context"]["extensions"] == {f"{BASE}/extensions/attempt-kind": "quiz"}


def test_a_full_score_is_a_success() -> None:
    result = answered(score=1)["result"]
    assert result["score"] == {"scaled": 1.0}
    assert result["success"] is True


def test_an_item_without_seconds_or_module_leaves_them_out() -> None:
    statement = answered(seconds=None, module_id=None, attempt_kind=None)
    assert "duration" not in statement["result"]
    assert "context" not in statement


def test_a_reflection_says_only_that_it_was_written() -> None:
    statement = reflection()
    assert statement["verb"]["id"] == f"{ADL}/verbs/answered"
    assert statement["result"] == {"completion": True, "duration": "PT5M"}
    assert "response" not in statement["result"]
    assert "score" not in statement["result"]
    assert "success" not in statement["result"]
    assert "nothing would ever change" not in json.dumps(statement)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: reflection(score=0.0), "not scored"),
        (lambda: answered(score=None), "needs its score"),
        (lambda: answered(score=1.2), "within 0..1"),
        (lambda: answered(score=-0.1), "within 0..1"),
        (lambda: answered(timestamp=datetime(2025, 3, 4, 9, 30)), "timezone"),
        (lambda: answered(email="not-an-address"), "not an email"),
        (lambda: answered(base="dbt-course"), "absolute IRI"),
        (lambda: answered(question_id=""), "cannot be empty"),
        (lambda: choice(rating="brilliant"), "unknown rating"),
        (lambda: module(best_percent=120), "within 0..1"),
    ],
    ids=[
        "scored-reflection",
        "unscored-item",
        "score-above-1",
        "score-below-0",
        "naive-timestamp",
        "bad-email",
        "relative-base",
        "empty-id",
        "unknown-rating",
        "percent-above-100",
    ],
)
def test_bad_inputs_are_refused(build: Callable[[], dict[str, Any]], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build()


def test_a_completed_lesson() -> None:
    statement = lesson()
    assert statement["verb"] == {
        "id": f"{ADL}/verbs/completed",
        "display": {"en-US": "completed"},
    }
    assert statement["object"]["id"] == f"{BASE}/activities/lesson/foundations.biosocial"
    assert statement["object"]["definition"] == {
        "name": {"en-US": "The biosocial theory"},
        "type": f"{ADL}/activities/lesson",
    }
    assert statement["result"] == {"completion": True, "duration": "PT1H2M5S"}
    parent = statement["context"]["contextActivities"]["parent"]
    assert [a["id"] for a in parent] == [f"{BASE}/activities/module/foundations"]


@pytest.mark.parametrize(
    ("rating", "scaled", "success"),
    [("optimal", 1.0, True), ("acceptable", 0.5, False), ("problematic", 0.0, False)],
)
def test_a_vignette_choice(rating: str, scaled: float, success: bool) -> None:
    statement = choice(rating=rating)
    assert statement["verb"] == {
        "id": f"{ADL}/verbs/responded",
        "display": {"en-US": "responded"},
    }
    assert statement["object"]["id"] == f"{BASE}/activities/decision/maya-first-session/n2"
    assert statement["object"]["definition"]["type"] == f"{ADL}/activities/interaction"
    assert statement["result"] == {
        "score": {"scaled": scaled},
        "success": success,
        "response": "c1",
    }
    activities = statement["context"]["contextActivities"]
    assert [a["id"] for a in activities["parent"]] == [f"{BASE}/activities/module/commitment"]
    assert [a["id"] for a in activities["grouping"]] == [
        f"{BASE}/activities/vignette/maya-first-session"
    ]


@pytest.mark.parametrize(
    ("passed", "best", "verb", "scaled"),
    [(True, 85.0, "passed", 0.85), (False, 40, "failed", 0.4), (True, 100, "passed", 1.0)],
)
def test_a_module_status(passed: bool, best: float, verb: str, scaled: float) -> None:
    statement = module(passed=passed, best_percent=best)
    assert statement["verb"] == {"id": f"{ADL}/verbs/{verb}", "display": {"en-US": verb}}
    assert statement["object"] == {
        "objectType": "Activity",
        "id": f"{BASE}/activities/module/foundations",
        "definition": {
            "name": {"en-US": "Foundations of DBT"},
            "type": f"{ADL}/activities/module",
        },
    }
    assert statement["result"] == {"success": passed, "score": {"scaled": scaled}}


def test_a_module_never_attempted_fails_without_a_score() -> None:
    statement = module(passed=False, best_percent=None)
    assert statement["verb"]["id"] == f"{ADL}/verbs/failed"
    assert statement["result"] == {"success": False}


def test_the_base_and_ids_make_the_activity_iri() -> None:
    statement = lesson(base="https://course.example.org/dbt/", lesson_id="a b/c")
    assert statement["object"]["id"] == "https://course.example.org/dbt/activities/lesson/a%20b%2Fc"
    VALIDATOR.validate(statement)


def test_the_default_base_is_the_invalid_domain() -> None:
    statement = xapi.module_statement(
        **WHO, module_id="m", module_title="M", passed=True, best_percent=90, timestamp=WHEN
    )
    assert statement["object"]["id"] == "https://dbt-course.invalid/activities/module/m"


def test_an_email_given_as_a_mailto_iri_is_not_prefixed_twice() -> None:
    assert answered(email="mailto:ada@example.org")["actor"]["mbox"] == "mailto:ada@example.org"


def test_timestamps_are_written_in_utc() -> None:
    utc = answered(timestamp=datetime(2025, 3, 4, 9, 30, 1, 250_000, tzinfo=UTC))
    assert utc["timestamp"] == "2025-03-04T09:30:01.250Z"


# -- durations -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (42.5, "PT42.5S"),
        (3725, "PT1H2M5S"),
        (0, "PT0S"),
        (0.25, "PT0.25S"),
        (60, "PT1M"),
        (3600, "PT1H"),
        (3601.5, "PT1H1.5S"),
        (59.999, "PT1M"),
        (90061, "PT25H1M1S"),
    ],
)
def test_iso_duration(seconds: float, text: str) -> None:
    assert xapi.iso_duration(seconds) == text
    assert DURATION.match(text)


@pytest.mark.parametrize("seconds", [-1, math.nan, math.inf])
def test_iso_duration_refuses_impossible_seconds(seconds: float) -> None:
    with pytest.raises(ValueError, match="non-negative"):
        xapi.iso_duration(seconds)


# -- known-bad statements fail the schema -------------------------------------------------------


def _without(path: tuple[str, ...]) -> Callable[[dict[str, Any]], None]:
    def change(statement: dict[str, Any]) -> None:
        target = statement
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return change


def _setting(path: tuple[str, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(statement: dict[str, Any]) -> None:
        target = statement
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


BAD = {
    "missing-actor": _without(("actor",)),
    "missing-verb": _without(("verb",)),
    "missing-object": _without(("object",)),
    "mbox-without-mailto": _setting(("actor", "mbox"), "ada@example.org"),
    "agent-without-mbox": _without(("actor", "mbox")),
    "verb-without-display": _without(("verb", "display")),
    "verb-id-not-an-iri": _setting(("verb", "id"), "answered"),
    "object-id-not-an-iri": _setting(("object", "id"), "m1.q3"),
    "object-not-an-activity": _setting(("object", "objectType"), "Agent"),
    "scaled-1.5": _setting(("result", "score", "scaled"), 1.5),
    "scaled-below-minus-1": _setting(("result", "score", "scaled"), -1.5),
    "success-not-boolean": _setting(("result", "success"), "yes"),
    "response-not-string": _setting(("result", "response"), 3),
    "duration-in-words": _setting(("result", "duration"), "42 seconds"),
    "version-1.0.0": _setting(("version",), "1.0.0"),
    "timestamp-without-date": _setting(("timestamp",), "09:30:00Z"),
    "timestamp-impossible-month": _setting(("timestamp",), "2025-13-04T09:30:00Z"),
    "id-not-a-uuid": _setting(("id",), "statement-1"),
    "unknown-top-level-field": _setting(("score",), 1),
}


@pytest.mark.parametrize("change", BAD.values(), ids=BAD.keys())
def test_known_bad_statements_fail_validation(change: Callable[[dict[str, Any]], None]) -> None:
    statement = copy.deepcopy(answered())
    VALIDATOR.validate(statement)  # valid before the change, so the change is what fails
    change(statement)
    with pytest.raises(jsonschema.ValidationError):
        VALIDATOR.validate(statement)


# -- determinism ----------------------------------------------------------------------------------


@pytest.mark.parametrize("build", BUILDERS.values(), ids=BUILDERS.keys())
def test_the_same_inputs_give_the_same_statement(build: Callable[[], dict[str, Any]]) -> None:
    assert build() == build()


VARIANTS: dict[str, Callable[[], dict[str, Any]]] = {
    "other-person": lambda: answered(email="bo@example.org"),
    "other-item": lambda: answered(question_id="m1.q4"),
    "other-score": lambda: answered(score=0.5),
    "other-response": lambda: answered(response="incorrect"),
    "other-time": lambda: answered(timestamp=WHEN + timedelta(seconds=1)),
    "other-duration": lambda: answered(seconds=43),
    "other-base": lambda: answered(base="https://course.example.org"),
    "other-attempt-kind": lambda: answered(attempt_kind="exam"),
    "other-module": lambda: answered(module_id="commitment"),
}


def test_different_inputs_give_different_ids() -> None:
    ids = [answered()["id"]] + [build()["id"] for build in VARIANTS.values()]
    assert len(set(ids)) == len(ids)


def test_different_choices_and_module_verdicts_give_different_ids() -> None:
    assert choice(choice_id="c1")["id"] != choice(choice_id="c2")["id"]
    assert choice(node_id="n2")["id"] != choice(node_id="n3")["id"]
    assert module(passed=True)["id"] != module(passed=False)["id"]
    assert lesson()["id"] != lesson(lesson_id="foundations.targets")["id"]
