"""The models' own rules, table-driven: each case breaks one rule of an otherwise valid item."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from pydantic import BaseModel, TypeAdapter, ValidationError

from modules.course import QUESTION_TYPES, Question
from modules.course.questions import (
    Matching,
    MatchPremise,
    MatchResponse,
    MultipleChoice,
    Option,
    OptionTags,
    Ordering,
    OrderingStep,
    Reflection,
    SingleChoice,
)
from modules.course.schema import (
    CourseModule,
    GlossaryTerm,
    LessonFrontMatter,
    Misconception,
    Objective,
    PejorativeTerm,
    Reference,
    Strategy,
)

QUESTION = TypeAdapter(Question)

COMMON = {
    "objective": "validation.o1",
    "difficulty": 2,
    "scenario": "A client says her manager yelled at her and she froze.",
    "prompt": "Which response is most validating?",
    "rationale": "Freezing under public criticism is understandable.",
    "references": ["linehan1997"],
}


def option(option_id: str, correct: bool = False, **more: Any) -> dict[str, Any]:
    return {"id": option_id, "text": f"Option {option_id}.", "correct": correct,
            "feedback": f"Feedback on {option_id}.", **more}  # fmt: skip


VALID: dict[str, dict[str, Any]] = {
    "single": {
        "id": "validation.q01", "type": "single", **COMMON,
        "options": [option("a", correct=True), option("b"), option("c")],
    },
    "multiple": {
        "id": "validation.q02", "type": "multiple", **COMMON,
        "options": [option("a", correct=True), option("b", correct=True), option("c")],
    },
    "ordering": {
        "id": "validation.q03", "type": "ordering", **COMMON,
        "steps": [{"id": s, "text": f"Step {s}.", "feedback": "Why."} for s in ("x", "y", "z")],
    },
    "matching": {
        "id": "validation.q04", "type": "matching", **COMMON,
        "premises": [
            {"id": "p1", "text": "So the bus broke down.", "match": "l2", "feedback": "Level 2."},
            {"id": "p2", "text": "Anyone would be rattled.", "match": "l5", "feedback": "Level 5."},
        ],
        "responses": [{"id": "l2", "text": "Level 2"}, {"id": "l5", "text": "Level 5"}],
    },
    "reflection": {
        "id": "validation.q05", "type": "reflection", **COMMON,
        "model_answer": "Validate first.", "self_check": ["Did I validate first?"],
    },
}  # fmt: skip

MODULE = {
    "id": "validation",
    "title": "Validation",
    "order": 2,
    "summary": "Finding the kernel of truth.",
    "estimated_minutes": 45,
    "pass_mark": 75,
    "prerequisites": ["biosocial"],
    "objectives": [
        {"id": "validation.o1", "text": "Choose the validating response."},
        {"id": "validation.o2", "text": "Match statements to levels."},
    ],
}


DELETE = object()


def edited(data: dict[str, Any], *edits: tuple[tuple[str | int, ...], Any]) -> dict[str, Any]:
    """A deep copy of `data` with each (path, value) set; a value of DELETE removes the key."""
    changed = copy.deepcopy(data)
    for path, value in edits:
        target: Any = changed
        for key in path[:-1]:
            target = target[key]
        if value is DELETE:
            del target[path[-1]]
        else:
            target[path[-1]] = value
    return changed


def errors(model: type[BaseModel] | TypeAdapter, data: Any) -> list[tuple[str, str]]:
    """(error type, message) for each error validating `data`; empty when it is valid."""
    try:
        if isinstance(model, TypeAdapter):
            model.validate_python(data)
        else:
            model.model_validate(data)
    except ValidationError as error:
        return [
            (e["type"], e["msg"].removeprefix("Value error, "))
            for e in error.errors(include_url=False)
        ]
    return []


# -- valid items are valid ------------------------------------------------------------------------


@pytest.mark.parametrize("type_name", QUESTION_TYPES)
def test_each_valid_question_validates_as_its_own_type(type_name: str) -> None:
    question = QUESTION.validate_python(copy.deepcopy(VALID[type_name]))
    assert question.type == type_name
    assert question.module == "validation"
    assert question.scored is (type_name != "reflection")


def test_the_valid_module_validates() -> None:
    module = CourseModule.model_validate(MODULE)
    assert [o.id for o in module.objectives] == ["validation.o1", "validation.o2"]


# -- question rules -------------------------------------------------------------------------------

QUESTION_RULES = [
    pytest.param(
        edited(VALID["single"], (("options", 0, "correct"), False)),
        "needs exactly one option with correct: true, found 0",
        id="single-no-correct",
    ),
    pytest.param(
        edited(VALID["single"], (("options", 1, "correct"), True)),
        "needs exactly one option with correct: true, found 2",
        id="single-two-correct",
    ),
    pytest.param(
        edited(VALID["single"], (("options",), [option("a", correct=True)])),
        "Tuple should have at least 2 items after validation, not 1",
        id="single-one-option",
    ),
    pytest.param(
        edited(VALID["multiple"], (("options", 2, "correct"), True)),
        "needs at least one correct and at least one incorrect option",
        id="multiple-all-correct",
    ),
    pytest.param(
        edited(
            VALID["multiple"],
            (("options", 0, "correct"), False),
            (("options", 1, "correct"), False),
        ),
        "needs at least one correct and at least one incorrect option",
        id="multiple-none-correct",
    ),
    pytest.param(
        edited(VALID["multiple"], (("options",), [option("a", correct=True), option("b")])),
        "Tuple should have at least 3 items after validation, not 2",
        id="multiple-two-options",
    ),
    pytest.param(
        edited(VALID["reflection"], (("must_pass",), True)),
        "a reflection is not scored, so it cannot be must_pass or exam",
        id="reflection-must-pass",
    ),
    pytest.param(
        edited(VALID["reflection"], (("exam",), True)),
        "a reflection is not scored, so it cannot be must_pass or exam",
        id="reflection-exam",
    ),
    pytest.param(
        edited(VALID["single"], (("options", 0, "misconception"), "pure-change")),
        "option 'a' is correct, so it cannot name a misconception",
        id="single-correct-option-names-misconception",
    ),
    pytest.param(
        edited(VALID["multiple"], (("options", 1, "misconception"), "pure-change")),
        "option 'b' is correct, so it cannot name a misconception",
        id="multiple-correct-option-names-misconception",
    ),
    pytest.param(
        edited(VALID["single"], (("options", 1, "id"), "a")),
        "option id 'a' appears twice",
        id="single-duplicate-option",
    ),
    pytest.param(
        edited(VALID["ordering"], (("steps", 2, "id"), "x")),
        "step id 'x' appears twice",
        id="ordering-duplicate-step",
    ),
    pytest.param(
        edited(VALID["matching"], (("premises", 1, "id"), "p1")),
        "premise id 'p1' appears twice",
        id="matching-duplicate-premise",
    ),
    pytest.param(
        edited(VALID["matching"], (("responses", 1, "id"), "l2"), (("premises", 1, "match"), "l2")),
        "response id 'l2' appears twice",
        id="matching-duplicate-response",
    ),
    pytest.param(
        edited(VALID["matching"], (("premises", 1, "match"), "l9")),
        "premise 'p2' matches 'l9', which is not a response id",
        id="matching-unknown-response",
    ),
    pytest.param(
        edited(VALID["ordering"], (("steps",), VALID["ordering"]["steps"][:2])),
        "Tuple should have at least 3 items after validation, not 2",
        id="ordering-two-steps",
    ),
    pytest.param(
        edited(VALID["reflection"], (("self_check",), [])),
        "Tuple should have at least 1 item after validation, not 0",
        id="reflection-no-self-check",
    ),
    pytest.param(
        edited(VALID["single"], (("references",), [])),
        "Tuple should have at least 1 item after validation, not 0",
        id="question-without-references",
    ),
    pytest.param(
        edited(VALID["single"], (("difficulty",), 4)),
        "Input should be less than or equal to 3",
        id="difficulty-too-high",
    ),
    pytest.param(
        edited(VALID["single"], (("id",), "q01")),
        "String should match pattern '^[a-z][a-z0-9-]*(\\.[a-z0-9][a-z0-9-]*)+$'",
        id="question-id-without-module",
    ),
    pytest.param(
        edited(VALID["single"], (("options", 0, "tags"), {"validation_level": 7})),
        "Input should be less than or equal to 6",
        id="validation-level-above-six",
    ),
    pytest.param(
        edited(VALID["single"], (("options", 0, "tags"), {"pole": "both"})),
        "Input should be 'acceptance' or 'change'",
        id="unknown-pole",
    ),
    pytest.param(
        edited(VALID["single"], (("scenario",), "   ")),
        "String should have at least 1 character",
        id="blank-scenario",
    ),
]


@pytest.mark.parametrize(("data", "message"), QUESTION_RULES)
def test_a_question_breaking_one_rule_gets_one_error_saying_so(
    data: dict[str, Any], message: str
) -> None:
    assert [msg for _type, msg in errors(QUESTION, data)] == [message]


def test_an_unknown_question_type_is_a_tag_error() -> None:
    found = errors(QUESTION, edited(VALID["single"], (("type",), "singel")))
    assert [kind for kind, _msg in found] == ["union_tag_invalid"]
    assert "'singel'" in found[0][1]


def test_a_reflection_is_the_only_unscored_type() -> None:
    scored = {t: QUESTION.validate_python(copy.deepcopy(VALID[t])).scored for t in QUESTION_TYPES}
    assert scored == {"single": True, "multiple": True, "ordering": True, "matching": True,
                      "reflection": False}  # fmt: skip


# -- module rules ---------------------------------------------------------------------------------

MODULE_RULES = [
    pytest.param(
        edited(MODULE, (("objectives", 1, "id"), "biosocial.o2")),
        "objective id 'biosocial.o2' must start with the module id 'validation.'",
        id="objective-of-another-module",
    ),
    pytest.param(
        edited(MODULE, (("objectives", 1, "id"), "validationx.o2")),
        "objective id 'validationx.o2' must start with the module id 'validation.'",
        id="objective-id-only-shares-a-prefix",
    ),
    pytest.param(
        edited(MODULE, (("objectives", 1, "id"), "validation.o1")),
        "objective id 'validation.o1' appears twice",
        id="objective-twice",
    ),
    pytest.param(
        edited(MODULE, (("prerequisites",), ["biosocial", "validation"])),
        "a module cannot be its own prerequisite",
        id="own-prerequisite",
    ),
    pytest.param(
        edited(MODULE, (("objectives",), [])),
        "Tuple should have at least 1 item after validation, not 0",
        id="no-objectives",
    ),
    pytest.param(
        edited(MODULE, (("order",), 0)),
        "Input should be greater than or equal to 1",
        id="order-zero",
    ),
    pytest.param(
        edited(MODULE, (("pass_mark",), 101)),
        "Input should be less than or equal to 100",
        id="pass-mark-over-100",
    ),
    pytest.param(
        edited(MODULE, (("id",), "Validation")),
        "String should match pattern '^[a-z][a-z0-9-]*$'",
        id="module-id-not-a-slug",
    ),
    pytest.param(
        edited(MODULE, (("summary",), DELETE)),
        "Field required",
        id="missing-summary",
    ),
]


@pytest.mark.parametrize(("data", "message"), MODULE_RULES)
def test_a_module_breaking_one_rule_gets_one_error_saying_so(
    data: dict[str, Any], message: str
) -> None:
    assert [msg for _type, msg in errors(CourseModule, data)] == [message]


# -- every model forbids unknown fields and refuses assignment ------------------------------------

LESSON = {
    "id": "validation.levels",
    "title": "The six levels",
    "objectives": ["validation.o1"],
    "minutes": 15,
    "references": ["linehan1997"],
}

MODELS: list[tuple[type[BaseModel] | TypeAdapter, dict[str, Any], str]] = [
    (CourseModule, MODULE, "title"),
    (Objective, MODULE["objectives"][0], "text"),
    (LessonFrontMatter, LESSON, "title"),
    (GlossaryTerm, {"id": "validation", "term": "Validation", "definition": "It makes sense."},
     "term"),
    (Reference, {"key": "linehan1997", "citation": "Linehan (1997)."}, "citation"),
    (Misconception, {"id": "pure-change", "statement": "Fix it.", "correction": "Balance."},
     "statement"),
    (Strategy, {"id": "validation", "name": "Validation", "description": "Finding the valid."},
     "name"),
    (PejorativeTerm, {"term": "manipulative", "instead": "describe what happened"}, "term"),
    (Option, option("a"), "text"),
    (OptionTags, {"strategy": "validation"}, "strategy"),
    (OrderingStep, VALID["ordering"]["steps"][0], "text"),
    (MatchPremise, VALID["matching"]["premises"][0], "text"),
    (MatchResponse, VALID["matching"]["responses"][0], "text"),
    (SingleChoice, VALID["single"], "prompt"),
    (MultipleChoice, VALID["multiple"], "prompt"),
    (Ordering, VALID["ordering"], "prompt"),
    (Matching, VALID["matching"], "prompt"),
    (Reflection, VALID["reflection"], "model_answer"),
]  # fmt: skip
MODEL_IDS = [model.__name__ for model, _data, _field in MODELS]


@pytest.mark.parametrize(("model", "data", "field"), MODELS, ids=MODEL_IDS)
def test_every_model_refuses_an_unknown_field(
    model: type[BaseModel], data: dict[str, Any], field: str
) -> None:
    assert errors(model, data) == []
    misspelt = {**copy.deepcopy(data), "feedbak": "a misspelt field"}
    assert errors(model, misspelt) == [("extra_forbidden", "Extra inputs are not permitted")]


@pytest.mark.parametrize(("model", "data", "field"), MODELS, ids=MODEL_IDS)
def test_every_model_is_frozen(model: type[BaseModel], data: dict[str, Any], field: str) -> None:
    item = model.model_validate(copy.deepcopy(data))
    before = getattr(item, field)
    with pytest.raises(ValidationError, match="Instance is frozen"):
        setattr(item, field, "something else")
    assert getattr(item, field) == before


def test_a_nested_option_is_frozen_too() -> None:
    question = QUESTION.validate_python(copy.deepcopy(VALID["single"]))
    with pytest.raises(ValidationError, match="Instance is frozen"):
        question.options[0].correct = False  # type: ignore[misc]
    assert isinstance(question.options, tuple)
    assert question.options[0].correct is True
