"""AppTest helpers: run app.py on a content folder and a fresh database, as a signed-in person of
a chosen role (or signed out), and switch to a screen by name."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from streamlit.testing.v1 import AppTest

from modules.accounts import AccountsService, Role
from modules.tracking import StoreFactory
from modules.tracking import users as user_store
from modules.ui.pages import SCREENS

ROOT = Path(__file__).resolve().parents[2]
COURSE_OK = ROOT / "tests" / "fixtures" / "course_ok"
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
PASSWORD = "amber lantern orbit meadow"


@dataclass
class Person:
    email: str
    token: str
    user_id: int


@pytest.fixture
def db_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "training.db"
    monkeypatch.setenv("DBT_COURSE_DB", str(path))
    return path


@pytest.fixture
def make_person(db_path: Path) -> Callable[..., Person]:
    """Create an account of a role directly in the store and sign it in."""

    def make(role: Role = Role.TRAINEE, name: str = "Robin Trainee") -> Person:
        email = f"{role.value}.{name.split()[0].lower()}@example.org"
        now = datetime.now(UTC)
        with StoreFactory(db_path).connection() as db:
            user_id = user_store.insert_user(
                db, email=email, name=name, role=role.value,
                password_hash=FAST_HASHER.hash(PASSWORD), now=now,
            )  # fmt: skip
            token = AccountsService(db, hasher=FAST_HASHER).sign_in(email, PASSWORD, now)
        return Person(email, token, user_id)

    return make


@pytest.fixture
def open_screen(
    monkeypatch: pytest.MonkeyPatch, make_person: Callable[..., Person]
) -> Callable[..., AppTest]:
    """Open a screen of app.py on a content folder (the fixture course unless told otherwise),
    signed in with a new account of `role` (or signed out with role=None)."""

    def open_(
        name: str, content: Path = COURSE_OK, role: Role | None = Role.TRAINEE,
        person: Person | None = None, **query: str,
    ) -> AppTest:  # fmt: skip
        monkeypatch.setenv("DBT_COURSE_CONTENT", str(content))
        if person is None and role is not None:
            person = make_person(role)
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
        if person is not None:
            at.session_state["auth.token"] = person.token
        at.run()
        if name not in ("course_map", "sign_in", "setup"):
            for key, value in query.items():
                at.query_params[key] = value
            at.switch_page(f"modules/ui/{SCREENS[name].script}").run()
        assert not at.exception, at.exception
        return at

    return open_


def page_link_labels(at: AppTest) -> list[str]:
    return [element.proto.label for element in at.get("page_link")]
