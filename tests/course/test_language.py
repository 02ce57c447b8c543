"""The language check: pejorative descriptions of clients are flagged, quotations are not."""

import pytest

from modules.course.language import LanguageChecker
from modules.course.schema import PejorativeTerm
from modules.course.yaml_source import parse_yaml

TERMS = [
    PejorativeTerm(term="manipulative", instead="describe the behaviour."),
    PejorativeTerm(term="attention-seeking", instead="describe the need."),
    PejorativeTerm(
        term="a borderline",
        instead="say 'a person with a diagnosis of BPD'.",
        not_followed_by=("personality", "personality disorder"),
    ),
]


@pytest.fixture(scope="module")
def checker() -> LanguageChecker:
    return LanguageChecker(TERMS)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("She was manipulative in session.", ["manipulative"]),
        ("MANIPULATIVE behaviour", ["MANIPULATIVE"]),
        ("an attention-seeking act", ["attention-seeking"]),
        ("He is a borderline, the nurse said.", ["a borderline"]),
        ("He is a\n  borderline.", ["a\n  borderline"]),
        ("She meets criteria for a borderline personality disorder.", []),
        ('The nurse called her "manipulative" in handover.', []),
        ("The nurse called her “attention-seeking” twice.", []),
        ("non-manipulative wording", []),
        ("manipulatives in maths class", []),
        ("", []),
    ],
)
def test_find(checker: LanguageChecker, text: str, found: list[str]) -> None:
    assert [hit[2] for hit in checker.find(text)] == found


def test_markdown_problem_names_the_file_line(checker: LanguageChecker) -> None:
    body = "First line.\n\nShe seemed manipulative.\n"
    problems = checker.check_markdown(body, body_line=7, path="content/x/01.md", field="body")
    assert [str(p) for p in problems] == [
        'content/x/01.md:9: body: "manipulative" describes clients pejoratively; '
        "describe the behaviour."
    ]


def test_yaml_check_skips_options_that_model_an_error(checker: LanguageChecker) -> None:
    source = parse_yaml(
        "scenario: |\n"
        "  A calm start.\n"
        "  Staff call him attention-seeking.\n"
        "options:\n"
        "  - text: He is manipulative.\n"
        "    models_error: true\n"
        "  - text: She is manipulative.\n"
    )
    problems = checker.check_yaml(source, "quizzes/m.yaml")
    assert [(p.line, p.field) for p in problems] == [(3, "scenario"), (7, "options[1].text")]
