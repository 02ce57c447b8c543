"""Password hashing (argon2id, RFC 9106 parameters) and the rules for a new password."""

from __future__ import annotations

from itertools import cycle

import pytest
from argon2 import PasswordHasher

from modules.accounts.passwords import (
    HASHER,
    MAX_LENGTH,
    MIN_LENGTH,
    common_passwords,
    hash_password,
    normalise,
    password_problems,
    verify_password,
)

PASSPHRASE = "amber lantern orbit meadow"
WEAK = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
WORDS = ("plum", "harbour", "violet", "kestrel", "granite", "pepper", "lagoon", "tundra", "fig")

TOO_SHORT = "Use at least 15 characters"
TOO_LONG = "Use at most 256 characters"
COMMON = "commonly used passwords"
GUESSABLE = "repeated or sequential"
COURSE = "name of this course"
PERSONAL = "your name or email address"


def passphrase_of(length: int) -> str:
    """Distinct numbered words, cut to `length`: neither common, repeated nor sequential."""
    words = (f"{word}{n}" for n, word in enumerate(cycle(WORDS)))
    text = ""
    while len(text) < length:
        text += next(words) + " "
    return text[:length]


# -- hashing -------------------------------------------------------------------------------------


def test_the_hash_is_argon2id_with_rfc_9106_parameters() -> None:
    hashed = hash_password(PASSPHRASE)
    assert hashed.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert hashed != hash_password(PASSPHRASE)  # a new salt each time
    assert PASSPHRASE not in hashed


def test_the_right_password_verifies_and_a_wrong_one_does_not() -> None:
    hashed = hash_password(PASSPHRASE)
    assert verify_password(hashed, PASSPHRASE) == (True, False)
    assert verify_password(hashed, PASSPHRASE.upper()) == (False, False)
    assert verify_password(hashed, PASSPHRASE + " ") == (False, False)
    assert verify_password(hashed, "") == (False, False)


def test_a_hash_made_with_weaker_parameters_needs_rehash() -> None:
    weak_hash = WEAK.hash(PASSPHRASE)
    assert verify_password(weak_hash, PASSPHRASE) == (True, True)
    assert verify_password(weak_hash, "not the passphrase") == (False, False)


def test_a_stored_value_that_is_not_a_hash_never_verifies() -> None:
    assert verify_password("not-a-hash", PASSPHRASE) == (False, False)
    assert verify_password("", PASSPHRASE) == (False, False)


def test_a_custom_hasher_is_used_for_hashing_and_verifying() -> None:
    hashed = hash_password(PASSPHRASE, WEAK)
    assert hashed.startswith("$argon2id$v=19$m=1024,t=1,p=1$")
    assert verify_password(hashed, PASSPHRASE, WEAK) == (True, False)
    assert verify_password(hashed, PASSPHRASE, HASHER) == (True, True)


@pytest.mark.parametrize(
    ("typed", "normal"),
    [
        ("ﬁsh tank harbour lamp", "fish tank harbour lamp"),  # U+FB01 ligature
        ("ｍｉｌｄ ｏｒａｎｇｅ ｋｉｔｅ", "mild orange kite"),  # fullwidth letters
        ("cafe\u0301 lantern orbit", "caf\u00e9 lantern orbit"),  # combining accent
        ("room ² lantern orbit", "room 2 lantern orbit"),  # superscript two
    ],
)
def test_a_password_verifies_against_its_nfkc_normal_form(typed: str, normal: str) -> None:
    assert typed != normal
    assert normalise(typed) == normal
    assert verify_password(hash_password(typed, WEAK), normal, WEAK)[0] is True
    assert verify_password(hash_password(normal, WEAK), typed, WEAK)[0] is True


# -- rules for a new password --------------------------------------------------------------------


def test_the_limits_are_those_of_nist_sp_800_63b() -> None:
    assert (MIN_LENGTH, MAX_LENGTH) == (15, 256)


@pytest.mark.parametrize(
    "password",
    [
        pytest.param("mild orange kit", id="15 characters"),
        pytest.param(passphrase_of(64), id="64 characters"),
        pytest.param(passphrase_of(256), id="256 characters"),
        pytest.param(PASSPHRASE, id="all lowercase passphrase"),
        pytest.param("quietrivermorningtea", id="no spaces, no digits, no capitals"),
        pytest.param("Zebra quilt 7 ferns!", id="mixed"),
        pytest.param("ада любит длинные прогулки", id="not latin"),
    ],
)
def test_acceptable_passwords_have_no_problems(password: str) -> None:
    assert password_problems(password) == []


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        pytest.param("a" * 14, TOO_SHORT, id="14 characters"),
        pytest.param("mild orange ki", TOO_SHORT, id="14 characters of words"),
        pytest.param("", TOO_SHORT, id="empty"),
        pytest.param("ﬁsh ﬁsh ﬁsh", TOO_SHORT, id="11 characters that NFKC makes 14"),
        pytest.param(passphrase_of(257), TOO_LONG, id="257 characters"),
        pytest.param("passwordpassword", COMMON, id="common"),
        pytest.param("PasswordPassword", COMMON, id="common, capitals"),
        pytest.param("Password-Password!", COMMON, id="common, punctuation"),
        pytest.param("password password", COMMON, id="common, space"),
        pytest.param("1qaz2wsx3edc4rfv", COMMON, id="common keyboard walk"),
        pytest.param("1QAZ-2WSX-3EDC-4RFV", COMMON, id="keyboard walk, capitals and dashes"),
        pytest.param("P@ssw0rdP@ssw0rd", COMMON, id="common with symbols"),
        pytest.param("ｐａｓｓｗｏｒｄｐａｓｓｗｏｒｄ", COMMON, id="common, fullwidth"),
        pytest.param("correct horse battery staple", COMMON, id="the famous passphrase"),
        pytest.param("abcdefghijklmnop", COMMON, id="alphabet on the common list"),
        pytest.param("123456789012345", COMMON, id="digits on the common list"),
        pytest.param("aaaaaaaaaaaaaaaa", GUESSABLE, id="one character repeated"),
        pytest.param("abcabcabcabcabc", GUESSABLE, id="three characters repeated"),
        pytest.param("a1a1a1a1a1a1a1a1", GUESSABLE, id="two characters repeated"),
        pytest.param("a-a-a-a-a-a-a-a-", GUESSABLE, id="repeated around punctuation"),
        pytest.param("abcdefghijklmnopq", GUESSABLE, id="alphabet"),
        pytest.param("ponmlkjihgfedcba", GUESSABLE, id="alphabet backwards"),
        pytest.param("ABCDEFGHIJKLMNOPQ", GUESSABLE, id="alphabet in capitals"),
        pytest.param(" " * 15, GUESSABLE, id="fifteen spaces"),
        pytest.param("abcabcabcabcabca", GUESSABLE, id="almost repeated"),
        pytest.param("234567890123456", GUESSABLE, id="digits wrapping round"),
        pytest.param("987654321098765", GUESSABLE, id="digits down, wrapping round"),
        pytest.param("!" * 15, GUESSABLE, id="fifteen exclamation marks"),
        pytest.param("." * 20, GUESSABLE, id="twenty full stops"),
        pytest.param("a" + "!" * 14, GUESSABLE, id="one letter and fourteen marks"),
        pytest.param("dbtforclinicians rocks", COURSE, id="course name"),
        pytest.param("DBT for Clinicians 2026", COURSE, id="course name, spaced"),
        pytest.param("I love dialectical behavior therapy", COURSE, id="therapy name"),
    ],
)
def test_refused_passwords_say_why(password: str, problem: str) -> None:
    problems = password_problems(password)
    assert len(problems) == 1, f"{password!r} should be refused ({problem}), got {problems}"
    assert problem in problems[0]


def test_the_email_local_part_inside_the_password_is_refused() -> None:
    problems = password_problems("ada.lovelace walks dogs", email="Ada.Lovelace@example.org")
    assert problems == ["Avoid your name or email address in your password."]
    assert password_problems("ADA.LOVELACE walks dogs", email="ada.lovelace@example.org")


def test_the_name_inside_the_password_is_refused() -> None:
    assert password_problems("i am Ada Lovelace indeed", name="Ada Lovelace") == [
        "Avoid your name or email address in your password."
    ]
    assert password_problems("hello MARGARET my friend", name="Margaret")


def test_names_and_local_parts_under_four_characters_are_not_checked() -> None:
    assert password_problems("ada likes long walks", email="ada@example.org", name="Ada") == []


def test_a_common_password_with_the_name_inside_gives_both_reasons() -> None:
    problems = password_problems("superman12345678", name="Superman")
    assert [COMMON in problems[0], PERSONAL in problems[1]] == [True, True]


def test_a_good_passphrase_is_accepted_with_the_persons_details() -> None:
    assert password_problems(PASSPHRASE, email="ada@example.org", name="Ada Lovelace") == []


def test_every_problem_is_one_sentence_a_person_can_act_on() -> None:
    cases = ["short", "x" * 300, "passwordpassword", "zzzzzzzzzzzzzzzz", "dbtforclinicians!!"]
    for password in cases:
        [problem] = password_problems(password)
        assert problem[0].isupper() and problem.endswith(".")


def test_the_common_password_list_is_lowercase_and_has_no_comments() -> None:
    listed = common_passwords()
    assert "passwordpassword" in listed
    assert len(listed) > 100
    assert all(entry == entry.lower() and not entry.startswith("#") for entry in listed)
