"""Password hashing with argon2id, and the rules for a new password (NIST SP 800-63B rev. 4).

Hashing: argon2id with RFC 9106's second recommended option (t=3 passes, m=64 MiB, p=4 lanes),
16-byte salt, 32-byte hash. A hash made with weaker parameters is replaced at the next sign-in.
New passwords: at least 15 characters (password-only sign-in), at least 64 accepted (we accept 256),
no composition rules, refused when common, repetitive or made of the service's own name."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from itertools import pairwise
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 15
MAX_LENGTH = 256
HASHER = PasswordHasher(time_cost=3, memory_cost=64 * 1024, parallelism=4, hash_len=32, salt_len=16)
_CONTEXT_WORDS = ("dbtforclinicians", "dialecticalbehaviortherapy", "dialecticalbehavior")


@cache
def common_passwords() -> frozenset[str]:
    text = (Path(__file__).parent / "common_passwords.txt").read_text(encoding="utf-8")
    lines = (line.strip().lower() for line in text.splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))


def normalise(password: str) -> str:
    """NFKC, as NIST asks, so the same password typed on two keyboards hashes the same."""
    return unicodedata.normalize("NFKC", password)


def hash_password(password: str, hasher: PasswordHasher = HASHER) -> str:
    return hasher.hash(normalise(password))


def verify_password(
    stored_hash: str, password: str, hasher: PasswordHasher = HASHER
) -> tuple[bool, bool]:
    """(matches, needs rehash with the current parameters)."""
    try:
        hasher.verify(stored_hash, normalise(password))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False, False
    return True, hasher.check_needs_rehash(stored_hash)


def _is_repetitive(text: str) -> bool:
    for size in range(1, len(text) // 2 + 1):
        if len(text) % size == 0 and text[:size] * (len(text) // size) == text:
            return True
    return False


def _is_sequence(text: str) -> bool:
    """abcdef…, 654321…, and digit runs that wrap round (…7890123…)."""
    if len(text) < 2:
        return False
    if text.isdigit():
        steps = {(int(b) - int(a)) % 10 for a, b in pairwise(text)}
        return len(steps) == 1 and steps.pop() in (1, 9)
    steps = {ord(b) - ord(a) for a, b in pairwise(text)}
    return len(steps) == 1 and steps.pop() in (1, -1)


def password_problems(password: str, *, email: str = "", name: str = "") -> list[str]:
    """Why a new password is refused, in words a person can act on (empty when it is fine)."""
    password = normalise(password)
    if len(password) < MIN_LENGTH:
        return [f"Use at least {MIN_LENGTH} characters (a few unrelated words work well)."]
    if len(password) > MAX_LENGTH:
        return [f"Use at most {MAX_LENGTH} characters."]
    lowered = password.lower()
    squeezed = re.sub(r"[\W_]+", "", lowered)
    problems = []
    if lowered in common_passwords() or squeezed in common_passwords():
        problems.append("This password is on a list of commonly used passwords; choose another.")
    elif (
        len(set(lowered)) < 5  # spaces, punctuation or a few characters over and over
        or _is_repetitive(squeezed)
        or _is_sequence(squeezed)
    ):
        problems.append("Avoid repeated or sequential characters; choose something less guessable.")
    elif any(word in squeezed for word in _CONTEXT_WORDS):
        problems.append("Avoid the name of this course in your password.")
    local = email.split("@", 1)[0].lower()
    if (len(local) >= 4 and local in lowered) or (len(name) >= 4 and name.lower() in lowered):
        problems.append("Avoid your name or email address in your password.")
    return problems
