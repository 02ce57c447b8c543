"""The cached store factory (keyed by the database path, never a connection) and the services
the pages use, opened for one rerun at a time."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

import streamlit as st

from modules.accounts import AccountsService
from modules.course import Course
from modules.learning import LearningService
from modules.learning.cases import CaseService
from modules.learning.exams import ExamService
from modules.learning.review import ReviewService
from modules.settings import load_settings
from modules.tracking import Database, StoreFactory
from modules.ui import course_cache


@st.cache_resource(show_spinner=False)
def _factory(db_path: str) -> StoreFactory:
    return StoreFactory(db_path)


def now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Services:
    db: Database
    course: Course
    accounts: AccountsService
    learning: LearningService
    cases: CaseService
    review: ReviewService
    exams: ExamService


@contextmanager
def opened() -> Iterator[Services]:
    """A connection for this rerun (each rerun runs on a new thread), closed when done."""
    factory = _factory(str(load_settings().db_path))
    with factory.connection() as db:
        course = course_cache.current().course
        learning = LearningService(db, course)
        yield Services(
            db, course, AccountsService(db), learning, CaseService(db, course),
            ReviewService(learning), ExamService(learning),
        )  # fmt: skip
