"""The store under load and under crashes, through the real submission path
(LearningService.submit): 8 processes x 500 answers lose nothing and show no "database is
locked"; the same run with a deferred transaction that reads before it writes does lose answers
(so this test can fail); 20 threads share the store without ProgrammingError; and a writer
killed 20 times mid-submission leaves a sound database holding only whole attempts."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import random
import signal
import sqlite3
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from modules.accounts.roles import Role
from modules.accounts.service import SignedIn
from modules.course import load_course
from modules.learning import LearningService
from modules.learning.demo import synthetic_answer
from modules.tracking import Database, StoreFactory, StoreWriteError
from modules.tracking import progress as progress_store
from modules.tracking import users as user_store

ROOT = Path(__file__).resolve().parents[2]
COURSE_OK = ROOT / "tests" / "fixtures" / "course_ok"
PROCESSES = 8
SUBMISSIONS = 500


@contextlib.contextmanager
def deferred_transaction(db: Database) -> Iterator[Database]:
    """The control: a plain BEGIN that reads before it writes (what IMMEDIATE avoids)."""
    try:
        db.execute("BEGIN")
    except sqlite3.Error as error:
        raise StoreWriteError(str(error)) from None
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.execute("ROLLBACK")
        raise
    try:
        db.execute("COMMIT")
    except sqlite3.Error as error:
        if db.conn.in_transaction:
            db.execute("ROLLBACK")
        raise StoreWriteError(f"The change could not be saved ({error}).") from None


def submit_many(path: str, user_id: int, writer: int, count: int, deferred: bool,
                barrier: Any, results: Any) -> None:  # fmt: skip
    """Run in a spawned process: answer `count` items through LearningService.submit, quiz
    after quiz; report (answers saved, answers refused with an error message)."""
    if deferred:
        progress_store.write_transaction = deferred_transaction
    course = load_course(COURSE_OK).course
    db = StoreFactory(path).open()
    db.write_lock = None  # one process, one writer: the in-process lock plays no part here
    learning = LearningService(db, course)
    person = SignedIn(user_id, f"w{writer}", "", Role.TRAINEE, 0)
    rng = random.Random(writer)
    modules = [m.id for m in course.modules if course.practice_questions(m.id)]
    saved = refused = 0
    barrier.wait(timeout=120)
    plan = None
    while saved + refused < count:
        if plan is None or plan.finished:
            plan = learning.new_quiz(person, modules[(saved + refused) % len(modules)], rng)
        question = course.question(plan.next_item)
        answer = synthetic_answer(question, rng.random() < 0.6, rng)
        try:
            plan = learning.submit(person, plan, question.id, answer, confidence=None,
                                   seconds=1.0, now=datetime.now(UTC)).plan  # fmt: skip
            saved += 1
        except (StoreWriteError, sqlite3.OperationalError):  # "database is locked" reaching them
            refused += 1
            plan = None  # the person sees the message and starts again
    results.put((writer, saved, refused))
    db.close()


def run_writers(path: Path, deferred: bool) -> tuple[list[tuple[int, int, int]], Database]:
    db = StoreFactory(path).open()
    now = datetime.now(UTC)
    users = [
        user_store.insert_user(db, email=f"w{n}@example.org", name=f"W{n}", role="trainee",
                               password_hash="x", now=now)
        for n in range(PROCESSES)
    ]  # fmt: skip
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(PROCESSES), context.Queue()
    processes = [context.Process(target=submit_many, args=(str(path), users[n], n, SUBMISSIONS,
                                                           deferred, barrier, results))
                 for n in range(PROCESSES)]  # fmt: skip
    for process in processes:
        process.start()
    found = [results.get(timeout=600) for _ in processes]
    for process in processes:
        process.join(timeout=60)
        assert process.exitcode == 0
    return found, db


def test_eight_processes_submitting_lose_nothing(tmp_path: Path) -> None:
    found, db = run_writers(tmp_path / "load.db", deferred=False)
    assert sum(refused for _, _, refused in found) == 0  # no "database is locked" for anyone
    assert sum(saved for _, saved, _ in found) == PROCESSES * SUBMISSIONS
    assert db.execute("SELECT count(*) FROM responses").fetchone()[0] == PROCESSES * SUBMISSIONS
    assert db.execute("SELECT sum(answered) FROM attempts").fetchone()[0] == (
        PROCESSES * SUBMISSIONS
    )
    orphans = db.execute("SELECT count(*) FROM attempts WHERE answered = 0").fetchone()[0]
    assert orphans == 0
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()


def test_the_control_run_with_a_deferred_transaction_loses_answers(tmp_path: Path) -> None:
    found, db = run_writers(tmp_path / "control.db", deferred=True)
    refused = sum(r for _, _, r in found)
    assert refused > 0, "a deferred transaction lost nothing: the load test could not fail"
    stored = db.execute("SELECT count(*) FROM responses").fetchone()[0]
    assert stored == sum(saved for _, saved, _ in found)  # what was refused is not there
    db.close()


def test_twenty_threads_share_the_store(tmp_path: Path) -> None:
    factory = StoreFactory(tmp_path / "threads.db")
    course = load_course(COURSE_OK).course
    with factory.connection() as db:
        user_id = user_store.insert_user(db, email="t@example.org", name="T", role="trainee",
                                         password_hash="x", now=datetime.now(UTC))  # fmt: skip
    person = SignedIn(user_id, "T", "", Role.TRAINEE, 0)
    errors: list[str] = []

    def work(n: int) -> None:
        rng = random.Random(n)
        try:
            for _ in range(10):
                with factory.connection() as db:  # a connection per rerun, as the pages do
                    learning = LearningService(db, course)
                    plan = learning.new_quiz(person, "validation", rng)
                    question = course.question(plan.next_item)
                    learning.submit(person, plan, question.id,
                                    synthetic_answer(question, True, rng), confidence=None,
                                    seconds=1.0, now=datetime.now(UTC))  # fmt: skip
                    learning.progress(person)
        except Exception as error:
            errors.append(f"{type(error).__name__}: {error}")

    threads = [threading.Thread(target=work, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with factory.connection() as db:
        assert db.execute("SELECT count(*) FROM responses").fetchone()[0] == 200


def keep_submitting(path: str, user_id: int, started: Any) -> None:
    """Run in a spawned process until it is killed."""
    course = load_course(COURSE_OK).course
    db = StoreFactory(path).open()
    learning = LearningService(db, course)
    person = SignedIn(user_id, "K", "", Role.TRAINEE, 0)
    rng = random.Random(os.getpid())
    started.set()
    plan = None
    while True:
        if plan is None or plan.finished:
            plan = learning.new_quiz(person, rng.choice(["biosocial", "validation"]), rng)
        question = course.question(plan.next_item)
        answer = synthetic_answer(question, True, rng)
        plan = learning.submit(person, plan, question.id, answer, confidence=None, seconds=1.0,
                               now=datetime.now(UTC)).plan  # fmt: skip


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_a_writer_killed_twenty_times_leaves_whole_attempts(tmp_path: Path) -> None:
    path = tmp_path / "crash.db"
    with StoreFactory(path).connection() as db:
        user_id = user_store.insert_user(db, email="k@example.org", name="K", role="trainee",
                                         password_hash="x", now=datetime.now(UTC))  # fmt: skip
    context = multiprocessing.get_context("spawn")
    rng = random.Random(5)
    for _ in range(20):
        started = context.Event()
        process = context.Process(target=keep_submitting, args=(str(path), user_id, started))
        process.start()
        assert started.wait(timeout=60)
        time.sleep(rng.uniform(0.05, 0.4))  # somewhere in the middle of a submission
        os.kill(process.pid, signal.SIGKILL)
        process.join(timeout=30)
        assert process.exitcode == -signal.SIGKILL
    with StoreFactory(path).connection() as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        answers = db.execute("SELECT count(*) FROM responses").fetchone()[0]
        assert answers > 20  # the writers got somewhere between kills
        assert db.execute("SELECT count(*) FROM attempts WHERE answered = 0").fetchone()[0] == 0
        assert db.execute("SELECT sum(answered) FROM attempts").fetchone()[0] == answers
        orphans = db.execute("SELECT count(*) FROM responses WHERE attempt_id NOT IN"
                             " (SELECT id FROM attempts)").fetchone()[0]  # fmt: skip
        assert orphans == 0
