"""parse_roster: a CSV of name,email read into good rows and bad rows with their line and reason."""

from __future__ import annotations

import pytest

from modules.accounts.roster import MAX_ROWS, RosterProblem, RosterRow, parse_roster

HEADER_REASON = "the first row must name the columns 'name' and 'email' (found: {})"
EMPTY_REASON = "the file is empty; expected a header: name,email"

CASES = {
    "one good row, email lower-cased": (
        "name,email\nAda Lovelace,Ada@Example.ORG\n",
        [(2, "Ada Lovelace", "ada@example.org")],
        [],
    ),
    "header missing": (
        "Ada Lovelace,ada@example.org\nGrace Hopper,grace@example.org\n",
        [],
        [(1, HEADER_REASON.format("ada lovelace, ada@example.org"))],
    ),
    "header wrong": (
        "Full name,E-mail\nAda,ada@example.org\n",
        [],
        [(1, HEADER_REASON.format("full name, e-mail"))],
    ),
    "header with only an email column": (
        "email\nada@example.org\n",
        [],
        [(1, HEADER_REASON.format("email"))],
    ),
    "header of blank cells": (
        ",,\nAda,ada@example.org\n",
        [],
        [(1, HEADER_REASON.format("nothing"))],
    ),
    "columns in another order, other columns ignored, header in any case": (
        "Grade, EMAIL ,Site, Name \nST4,grace@example.org,North,Grace Hopper\n"
        "ST2,ada@example.org,South,Ada Lovelace\n",
        [(2, "Grace Hopper", "grace@example.org"), (3, "Ada Lovelace", "ada@example.org")],
        [],
    ),
    "a byte-order mark before the header": (
        "\ufeffname,email\r\nAda,ada@example.org\r\n",
        [(2, "Ada", "ada@example.org")],
        [],
    ),
    "blank rows skipped, line numbers still counted": (
        "name,email\n\nAda,ada@example.org\n , \n,\nGrace,grace@example.org\n\n",
        [(3, "Ada", "ada@example.org"), (6, "Grace", "grace@example.org")],
        [],
    ),
    "missing name": (
        "name,email\n,ada@example.org\n   ,grace@example.org\n",
        [],
        [(2, "the name is missing"), (3, "the name is missing")],
    ),
    "missing email, also a row too short to have one": (
        "name,email\nAda,\nGrace\n",
        [],
        [(2, "the email is missing"), (3, "the email is missing")],
    ),
    "invalid emails": (
        "name,email\nAda,ada.example.org\nGrace,Grace Hopper@example.org\nAlan,alan@example\n",
        [],
        [
            (2, "'ada.example.org' is not an email address"),
            (3, "'grace hopper@example.org' is not an email address"),
            (4, "'alan@example' is not an email address"),
        ],
    ),
    "an email twice, in another case the second time": (
        "name,email\nAda,ada@example.org\nGrace,grace@example.org\nAda L,ADA@example.org\n",
        [(2, "Ada", "ada@example.org"), (3, "Grace", "grace@example.org")],
        [(4, "ada@example.org is already on line 2")],
    ),
    "quoted names with commas": (
        'name,email\n"Lovelace, Ada",ada@example.org\n"Hopper, Grace ""Amazing""",'
        "grace@example.org\n",
        [
            (2, "Lovelace, Ada", "ada@example.org"),
            (3, 'Hopper, Grace "Amazing"', "grace@example.org"),
        ],
        [],
    ),
    "a name longer than 120 characters": (
        f"name,email\n{'A' * 121},ada@example.org\n{'B' * 120},bea@example.org\n",
        [(3, "B" * 120, "bea@example.org")],
        [(2, "the name is longer than 120 characters")],
    ),
    "names and emails trimmed": (
        "name,email\n  Ada Lovelace  ,  ada@example.org  \n",
        [(2, "Ada Lovelace", "ada@example.org")],
        [],
    ),
    "good and bad rows mixed": (
        "name,email\nAda,ada@example.org\n,nobody@example.org\nGrace,not-an-email\n"
        "Alan,alan@example.org\nAda again,ada@example.org\n",
        [(2, "Ada", "ada@example.org"), (5, "Alan", "alan@example.org")],
        [
            (3, "the name is missing"),
            (4, "'not-an-email' is not an email address"),
            (6, "ada@example.org is already on line 2"),
        ],
    ),
    "a header and nothing else": ("name,email\n", [], []),
    "an empty file": ("", [], [(1, EMPTY_REASON)]),
    "a byte-order mark and nothing else": ("\ufeff", [], [(1, EMPTY_REASON)]),
}


@pytest.mark.parametrize(("text", "good", "bad"), list(CASES.values()), ids=list(CASES))
def test_a_roster_is_read_into_exact_good_and_bad_rows(
    text: str, good: list[tuple[int, str, str]], bad: list[tuple[int, str]]
) -> None:
    roster = parse_roster(text)
    assert roster.good == tuple(RosterRow(*row) for row in good)
    assert roster.bad == tuple(RosterProblem(*problem) for problem in bad)


def test_a_problem_reads_as_its_line_and_reason() -> None:
    (problem,) = parse_roster("name,email\nAda,\n").bad
    assert str(problem) == "line 2: the email is missing"


def test_rows_past_the_limit_are_refused_once_and_reading_stops() -> None:
    rows = "".join(f"Person {i},p{i}@example.org\n" for i in range(MAX_ROWS + 5))
    roster = parse_roster("name,email\n" + rows)
    assert len(roster.good) == MAX_ROWS
    assert roster.good[-1] == RosterRow(MAX_ROWS + 1, f"Person {MAX_ROWS - 1}",
                                        f"p{MAX_ROWS - 1}@example.org")  # fmt: skip
    assert roster.bad == (
        RosterProblem(MAX_ROWS + 2, f"more than {MAX_ROWS} rows; split the file"),
    )
