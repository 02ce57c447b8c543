"""The progress store: attempts and responses written together, kept exactly, and never lost."""

from __future__ import annotations

import itertools
import multiprocessing
import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from modules.tracking import Database, StoreFactory, StoreWriteError
from modules.tracking import progress as store
from modules.tracking import users as user_store
from modules.tracking.progress import AlreadyAnswered, NewAttempt, ResponseRecord

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
WRITERS = 4
SAVES_PER_WRITER = 150
SEEDS = itertools.count()


def new_attempt(user_id: int, module_id: str = "m1", items: tuple[str, ...] = ("q1", "q2", "q3"),
                seed: str | None = None, kind: str = "practice") -> NewAttempt:  # fmt: skip
    """A new draw: a fresh seed unless one is given (one seed is at most one attempt)."""
    seed = seed if seed is not None else f"seed-{next(SEEDS)}"
    return NewAttempt(user_id=user_id, module_id=module_id, kind=kind, seed=seed, item_ids=items)


def record(question_id: str = "q1", position: int = 0, **changes: Any) -> ResponseRecord:
    base = ResponseRecord(
        question_id=question_id,
        position=position,
        content_hash=f"sha256:{question_id}",
        shown_order=("b", "a", "c"),
        answer={"chosen": "b"},
        score=1.0,
        correct=True,
        classification="correct",
        confidence=3,
        seconds=12.5,
    )
    return replace(base, **changes)


def add_user(db: Database, email: str) -> int:
    return user_store.insert_user(
        db, email=email, name=email.split("@")[0], role="trainee", password_hash="x", now=T0
    )


def count(db: Database, table: str) -> int:
    return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def send_the_same_draws(path: str, user_id: int, saves: int, barrier: Any, lost: Any) -> None:
    """Run in a spawned process, as one of several tabs of one person: send the first answer of
    the same `saves` draws as the other tabs; report how many were refused as already answered."""
    db = StoreFactory(path).open()
    barrier.wait(timeout=60)
    refused = 0
    for n in range(saves):
        try:
            store.save_response(db, new_attempt(user_id, seed=f"draw-{n}"), record("q1"), T0)
        except AlreadyAnswered:
            refused += 1
    lost.put(refused)
    db.close()


def save_many(path: str, user_id: int, writer: int, saves: int, barrier: Any) -> None:
    """Run in a spawned process: its own connection, then `saves` new attempts as fast as it can,
    each with its first answer and a second one added to the existing attempt."""
    db = StoreFactory(path).open()
    barrier.wait(timeout=60)
    for n in range(saves):
        now = T0 + timedelta(seconds=n)
        attempt = new_attempt(user_id, seed=f"w{writer}-{n}", items=("q1", "q2"))
        attempt_id = store.save_response(db, attempt, record("q1", 0, seconds=float(n)), now)
        store.save_response(db, attempt_id, record("q2", 1, seconds=float(n)), now)
    db.close()


@pytest.fixture
def user_id(fresh_db: Database) -> int:
    """A trainee in the fresh database."""
    return add_user(fresh_db, "ada@example.org")


# -- an attempt and its answers ------------------------------------------------------------------


def test_an_attempt_and_its_first_response_are_written_together(
    fresh_db: Database, user_id: int
) -> None:
    attempt_id = store.save_response(fresh_db, new_attempt(user_id, seed="s1"), record(), T0)
    attempt = store.attempt_by_id(fresh_db, attempt_id)
    assert attempt is not None
    assert (attempt.user_id, attempt.module_id, attempt.kind, attempt.seed) == (
        user_id, "m1", "practice", "s1",
    )  # fmt: skip
    assert attempt.item_ids == ("q1", "q2", "q3")
    assert attempt.started_at == T0
    responses = store.responses_of_attempts(fresh_db, [attempt_id])
    assert [(r.attempt_id, r.question_id) for r in responses] == [(attempt_id, "q1")]
    assert not fresh_db.conn.in_transaction


def test_later_answers_join_the_existing_attempt(fresh_db: Database, user_id: int) -> None:
    attempt_id = store.save_response(fresh_db, new_attempt(user_id), record("q1", 0), T0)
    again = store.save_response(fresh_db, attempt_id, record("q2", 1), T0 + timedelta(minutes=1))
    assert again == attempt_id
    assert count(fresh_db, "attempts") == 1
    rows = fresh_db.execute("SELECT attempt_id, user_id, question_id FROM responses ORDER BY id")
    assert rows.fetchall() == [(attempt_id, user_id, "q1"), (attempt_id, user_id, "q2")]


def test_a_failing_response_leaves_no_attempt_behind(fresh_db: Database, user_id: int) -> None:
    broken = record(classification=None)  # responses.classification is NOT NULL
    with pytest.raises((sqlite3.IntegrityError, StoreWriteError)) as raised:
        store.save_response(fresh_db, new_attempt(user_id), broken, T0)
    assert "NOT NULL" in str(raised.value)
    assert not isinstance(raised.value, AlreadyAnswered)
    assert count(fresh_db, "attempts") == 0
    assert count(fresh_db, "responses") == 0
    assert not fresh_db.conn.in_transaction


def test_an_answer_that_cannot_be_stored_as_json_leaves_no_attempt(
    fresh_db: Database, user_id: int
) -> None:
    with pytest.raises(TypeError):
        store.save_response(fresh_db, new_attempt(user_id), record(answer={"a", "set"}), T0)
    assert count(fresh_db, "attempts") == 0


def test_a_second_answer_to_the_same_item_is_refused_and_the_first_stays(
    fresh_db: Database, user_id: int
) -> None:
    first = record("q1", 0, answer={"chosen": "b"}, score=1.0, correct=True)
    attempt_id = store.save_response(fresh_db, new_attempt(user_id), first, T0)
    second = record("q1", 0, answer={"chosen": "c"}, score=0.0, correct=False)
    with pytest.raises(AlreadyAnswered, match="already has an answer"):
        store.save_response(fresh_db, attempt_id, second, T0 + timedelta(seconds=2))
    assert isinstance(AlreadyAnswered("x"), StoreWriteError)
    [kept] = store.responses_of_attempts(fresh_db, [attempt_id])
    assert (kept.answer, kept.score, kept.correct, kept.answered_at) == ({"chosen": "b"}, 1.0,
                                                                         True, T0)  # fmt: skip
    assert not fresh_db.conn.in_transaction


def test_the_same_item_may_be_answered_again_in_a_new_attempt(
    fresh_db: Database, user_id: int
) -> None:
    first = store.save_response(fresh_db, new_attempt(user_id), record("q1"), T0)
    retake = store.save_response(fresh_db, new_attempt(user_id), record("q1"), T0)
    assert retake != first
    assert len(store.responses_of_user(fresh_db, user_id)) == 2


def test_a_first_answer_sent_twice_makes_one_attempt_and_keeps_the_first(
    fresh_db: Database, user_id: int
) -> None:
    draw = new_attempt(user_id, seed="draw-1")
    attempt_id = store.save_response(fresh_db, draw, record("q1", answer="first"), T0)
    with pytest.raises(AlreadyAnswered):
        store.save_response(fresh_db, draw, record("q1", answer="second"), T0)
    assert count(fresh_db, "attempts") == 1
    assert [r.answer for r in store.responses_of_attempts(fresh_db, [attempt_id])] == ["first"]


def test_a_new_attempt_of_an_existing_draw_joins_it(fresh_db: Database, user_id: int) -> None:
    draw = new_attempt(user_id, seed="draw-1")
    attempt_id = store.save_response(fresh_db, draw, record("q1", 0), T0)
    assert store.save_response(fresh_db, draw, record("q2", 1), T0) == attempt_id
    assert count(fresh_db, "attempts") == 1
    assert [r.question_id for r in store.responses_of_user(fresh_db, user_id)] == ["q1", "q2"]


def test_one_seed_in_another_module_kind_or_person_is_another_attempt(
    fresh_db: Database, user_id: int
) -> None:
    other = add_user(fresh_db, "grace@example.org")
    draws = [
        new_attempt(user_id, "m1", seed="s"),
        new_attempt(user_id, "m2", seed="s"),
        new_attempt(user_id, "m1", seed="s", kind="exam"),
        new_attempt(other, "m1", seed="s"),
    ]
    ids = {store.save_response(fresh_db, draw, record(), T0) for draw in draws}
    assert len(ids) == 4
    assert count(fresh_db, "attempts") == 4


def test_an_answer_for_a_missing_attempt_is_refused(fresh_db: Database, user_id: int) -> None:
    with pytest.raises(StoreWriteError, match="no longer exists"):
        store.save_response(fresh_db, 999, record(), T0)
    assert count(fresh_db, "responses") == 0


def test_responses_keep_every_field_exactly(fresh_db: Database, user_id: int) -> None:
    answer = {"order": ["s3", "s1", "s2"], "text": "Validé ✓ “quoted”", "n": [1, 2.5, None]}
    exact = record(
        "q-ü1", 7, content_hash="sha256:" + "ab" * 32, shown_order=("o3", "o1", "o2"),
        answer=answer, score=0.1 + 0.2, correct=False, classification="partial",
        confidence=0, seconds=12.345678901234567,
    )  # fmt: skip
    empty = record("q2", 8, answer=None, score=None, correct=None, confidence=None, seconds=None)
    at = T0 + timedelta(seconds=30, microseconds=123456)
    attempt_id = store.save_response(fresh_db, new_attempt(user_id), exact, at)
    store.save_response(fresh_db, attempt_id, empty, at)
    kept, kept_empty = store.responses_of_attempts(fresh_db, [attempt_id])
    assert kept.question_id == "q-ü1"
    assert kept.position == 7
    assert kept.content_hash == "sha256:" + "ab" * 32
    assert kept.shown_order == ("o3", "o1", "o2")
    assert kept.answer == answer
    assert kept.score == 0.1 + 0.2  # 0.30000000000000004, not rounded
    assert kept.correct is False
    assert kept.classification == "partial"
    assert kept.confidence == 0
    assert kept.seconds == 12.345678901234567
    assert kept.answered_at == at
    assert (kept_empty.answer, kept_empty.score, kept_empty.correct) == (None, None, None)
    assert (kept_empty.confidence, kept_empty.seconds) == (None, None)


def test_complete_lesson_twice_keeps_the_first_date(fresh_db: Database, user_id: int) -> None:
    other = add_user(fresh_db, "grace@example.org")
    store.complete_lesson(fresh_db, user_id, "m1-l1", T0)
    store.complete_lesson(fresh_db, user_id, "m1-l1", T0 + timedelta(days=3))
    store.complete_lesson(fresh_db, user_id, "m1-l2", T0 + timedelta(days=1))
    assert store.completed_lessons(fresh_db, user_id) == {
        "m1-l1": T0, "m1-l2": T0 + timedelta(days=1),
    }  # fmt: skip
    assert store.completed_lessons(fresh_db, other) == {}
    assert count(fresh_db, "lesson_completions") == 2


# -- reading back, in order ----------------------------------------------------------------------


def test_attempts_of_lists_a_persons_attempts_oldest_first(
    fresh_db: Database, user_id: int
) -> None:
    other = add_user(fresh_db, "grace@example.org")
    a1 = store.save_response(fresh_db, new_attempt(user_id, "m2"), record(), T0)
    store.save_response(fresh_db, new_attempt(other, "m1"), record(), T0)
    a2 = store.save_response(fresh_db, new_attempt(user_id, "m1"), record(), T0)
    a3 = store.save_response(fresh_db, new_attempt(user_id, "m2"), record(), T0)
    assert [a.id for a in store.attempts_of(fresh_db, user_id)] == [a1, a2, a3]
    assert [a.id for a in store.attempts_of(fresh_db, user_id, "m2")] == [a1, a3]
    assert [a.id for a in store.attempts_of(fresh_db, user_id, "m9")] == []
    assert store.attempt_by_id(fresh_db, 999) is None


def test_responses_of_attempts_order_by_attempt_then_position(
    fresh_db: Database, user_id: int
) -> None:
    a1 = store.save_response(fresh_db, new_attempt(user_id), record("q3", 2), T0)
    a2 = store.save_response(fresh_db, new_attempt(user_id), record("q2", 1), T0)
    store.save_response(fresh_db, a1, record("q1", 0), T0)
    store.save_response(fresh_db, a2, record("q1", 0), T0)
    store.save_response(fresh_db, a1, record("q2", 1), T0)
    found = store.responses_of_attempts(fresh_db, [a2, a1])
    assert [(r.attempt_id, r.position, r.question_id) for r in found] == [
        (a1, 0, "q1"), (a1, 1, "q2"), (a1, 2, "q3"), (a2, 0, "q1"), (a2, 1, "q2"),
    ]  # fmt: skip
    assert [r.attempt_id for r in store.responses_of_attempts(fresh_db, [a2])] == [a2, a2]
    assert store.responses_of_attempts(fresh_db, []) == []


def test_responses_of_user_are_in_the_order_they_were_given(
    fresh_db: Database, user_id: int
) -> None:
    other = add_user(fresh_db, "grace@example.org")
    a1 = store.save_response(fresh_db, new_attempt(user_id), record("q3", 2), T0)
    store.save_response(fresh_db, new_attempt(other), record("q9", 0), T0)
    a2 = store.save_response(fresh_db, new_attempt(user_id), record("q2", 1), T0)
    store.save_response(fresh_db, a1, record("q1", 0), T0)
    given = store.responses_of_user(fresh_db, user_id)
    assert [(r.attempt_id, r.question_id) for r in given] == [(a1, "q3"), (a2, "q2"), (a1, "q1")]
    assert [r.question_id for r in store.responses_of_user(fresh_db, other)] == ["q9"]


# -- several processes at once -------------------------------------------------------------------


def test_four_tabs_sending_the_same_draws_at_once_make_one_attempt_each(
    db_path: Path, fresh_db: Database, user_id: int
) -> None:
    context = multiprocessing.get_context("spawn")
    barrier, lost = context.Barrier(WRITERS), context.Queue()
    processes = [
        context.Process(
            target=send_the_same_draws,
            args=(str(db_path), user_id, SAVES_PER_WRITER, barrier, lost),
        )
        for _ in range(WRITERS)
    ]
    for process in processes:
        process.start()
    refused = [lost.get(timeout=60) for _ in processes]
    for process in processes:
        process.join(timeout=60)
    assert [p.exitcode for p in processes] == [0] * WRITERS
    assert sum(refused) == (WRITERS - 1) * SAVES_PER_WRITER
    assert count(fresh_db, "attempts") == SAVES_PER_WRITER
    assert count(fresh_db, "responses") == SAVES_PER_WRITER
    assert fresh_db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_four_processes_writing_at_once_lose_nothing(db_path: Path, fresh_db: Database) -> None:
    user_ids = [add_user(fresh_db, f"writer{n}@example.org") for n in range(WRITERS)]
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(WRITERS)
    processes = [
        context.Process(target=save_many, args=(str(db_path), uid, n, SAVES_PER_WRITER, barrier))
        for n, uid in enumerate(user_ids)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=60)
    assert [p.exitcode for p in processes] == [0] * WRITERS

    assert count(fresh_db, "attempts") == WRITERS * SAVES_PER_WRITER
    assert count(fresh_db, "responses") == WRITERS * SAVES_PER_WRITER * 2
    for n, uid in enumerate(user_ids):
        attempts = store.attempts_of(fresh_db, uid)
        assert [a.seed for a in attempts] == [f"w{n}-{i}" for i in range(SAVES_PER_WRITER)]
        responses = store.responses_of_attempts(fresh_db, [a.id for a in attempts])
        assert len(responses) == 2 * SAVES_PER_WRITER
        assert {r.attempt_id for r in responses} == {a.id for a in attempts}
    lonely = fresh_db.execute(
        "SELECT count(*) FROM attempts WHERE id NOT IN (SELECT attempt_id FROM responses)"
    ).fetchone()[0]
    assert lonely == 0
    assert fresh_db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert fresh_db.execute("PRAGMA foreign_key_check").fetchall() == []
