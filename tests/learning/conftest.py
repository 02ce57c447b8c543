"""Fixtures for the learning service: the fixture course, a real SQLite file, signed-in people."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from modules.accounts import AccountsService, SignedIn
from modules.course import Course, load_course
from modules.learning import LearningService
from modules.tracking import Database, StoreFactory

COURSE_OK = Path(__file__).resolve().parents[1] / "fixtures" / "course_ok"
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
PASSWORD = "amber lantern orbit meadow"
START = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


def loaded(root: Path) -> Course:
    result = load_course(root)
    assert result.ok, result.problems
    return result.course


@pytest.fixture(scope="session")
def course() -> Course:
    return loaded(COURSE_OK)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = StoreFactory(tmp_path / "progress.db").open()
    try:
        yield database
    finally:
        database.close()


@pytest.fixture
def accounts(db: Database) -> AccountsService:
    return AccountsService(db, hasher=FAST_HASHER)


@pytest.fixture
def admin(accounts: AccountsService) -> SignedIn:
    accounts.create_first_admin("Ada Admin", "ada@example.org", PASSWORD, START)
    person = accounts.resume(accounts.sign_in("ada@example.org", PASSWORD, START), START)
    assert person is not None
    return person


@pytest.fixture
def make_trainee(accounts: AccountsService, admin: SignedIn) -> Callable[[str], SignedIn]:
    """A new trainee, signed in (the admin exists first, as on a real installation)."""

    def make(first_name: str) -> SignedIn:
        email = f"{first_name.lower()}@example.org"
        accounts.register_trainee(f"{first_name} Trainee", email, PASSWORD, START)
        person = accounts.resume(accounts.sign_in(email, PASSWORD, START), START)
        assert person is not None
        return person

    return make


@pytest.fixture
def trainee(make_trainee: Callable[[str], SignedIn]) -> SignedIn:
    return make_trainee("Robin")


@pytest.fixture
def other_trainee(make_trainee: Callable[[str], SignedIn]) -> SignedIn:
    return make_trainee("Sasha")


@pytest.fixture
def service(db: Database, course: Course) -> LearningService:
    return LearningService(db, course)


@pytest.fixture
def lenient_course(tmp_path: Path) -> Course:
    """The fixture course with validation's pass mark lowered to 50 %, so that a quiz with only
    the must-pass item wrong (2 of 3 points) clears the mark and the must-pass rule alone fails it.
    A copy in tmp_path: the fixture itself is never changed."""
    root = tmp_path / "lenient"
    shutil.copytree(COURSE_OK, root)
    module_file = root / "content" / "02-validation" / "module.yaml"
    text = module_file.read_text(encoding="utf-8")
    assert "pass_mark: 75\n" in text
    module_file.write_text(text.replace("pass_mark: 75\n", "pass_mark: 50\n"), encoding="utf-8")
    return loaded(root)
