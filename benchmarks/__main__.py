"""`python -m benchmarks [--quick] [--json FILE]`: runs every benchmark and prints its figures."""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def median_ms(action: Callable[[], object], repeats: int) -> float:
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def figure(name: str, value: float, unit: str, target: str | None = None, **extra) -> dict:
    return {"name": name, "value": round(value, 3), "unit": unit, "target": target, **extra}


def met(result: dict) -> bool | None:
    """Whether a figure meets its target ("< 500 ms", "< 10x the empty page", or an exact
    value such as "0"); None when it has none."""
    target = result.get("target")
    if not target:
        return None
    words = target.split()
    if words[0] == "<":
        limit = words[1]
        if limit.endswith("x"):
            return result.get("ratio_to_empty", float("inf")) < float(limit[:-1])
        return result["value"] < float(limit)
    return result["value"] == float(words[0])


def _load_in_new_process(root: Path) -> float:
    """Import the loader and load the course in a fresh interpreter (its start-up not counted)."""
    code = (
        "import time; t = time.perf_counter(); from modules.course import load_course; "
        f"r = load_course({str(root)!r}); print((time.perf_counter() - t) * 1000)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    return float(out.stdout.strip())


def bench_course_load(repeats: int) -> list[dict]:
    from benchmarks.generated_course import write_course
    from modules.course import load_course

    def in_process(root: Path) -> float:
        return median_ms(lambda: load_course(root), repeats)

    def new_process(root: Path) -> float:
        return statistics.median(_load_in_new_process(root) for _ in range(repeats))

    fixture = ROOT / "tests" / "fixtures" / "course_ok"
    with tempfile.TemporaryDirectory() as folder:
        generated = write_course(Path(folder) / "course")
        stats = load_course(generated).course.stats()
        label = f"generated course of {stats['questions']} items, {stats['lesson_words']} words"
        runs = [
            ("fixture course", in_process(fixture), new_process(fixture)),
            (label, in_process(generated), new_process(generated)),
            ("this repository's course", in_process(ROOT), new_process(ROOT)),
        ]
    figures = []
    for name, warm, cold in runs:
        figures.append(figure(f"course load, {name}", warm, "ms", "< 1000 ms", repeats=repeats))
        figures.append(
            figure(f"course load in a new process (imports included), {name}", cold, "ms",
                   "< 1000 ms", repeats=repeats)
        )  # fmt: skip
    return figures


def _signed_in_app(folder: Path):
    """AppTest of app.py on the fixture course and a fresh database, signed in as a trainee (or,
    with `admin=True`, as an administrator, who can open every page). The trainee is in the
    administrator's cohort and has joined the administrator's live workshop."""
    import os
    from datetime import UTC, datetime

    from argon2 import PasswordHasher
    from streamlit.testing.v1 import AppTest

    from modules.accounts import AccountsService
    from modules.accounts.cohorts import CohortService
    from modules.accounts.service import SignedIn
    from modules.course import load_course
    from modules.tracking import StoreFactory
    from modules.workshop import WorkshopService

    content = ROOT / "tests" / "fixtures" / "course_ok"
    os.environ["DBT_COURSE_CONTENT"] = str(content)
    os.environ["DBT_COURSE_DB"] = str(folder / "bench.db")
    now = datetime.now(UTC)
    password = "amber lantern orbit meadow"
    with StoreFactory(folder / "bench.db").connection() as db:
        accounts = AccountsService(
            db, hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
        )
        admin_id = accounts.create_first_admin("Ada Bench", "ada@example.org", password, now)
        trainee_id = accounts.register_trainee("Bea Bench", "bea@example.org", password, now)
        tokens = {"trainee": accounts.sign_in("bea@example.org", password, now),
                  "admin": accounts.sign_in("ada@example.org", password, now)}  # fmt: skip
        admin = accounts.resume(tokens["admin"], now)
        cohort = CohortService(db).create(admin, "Bench cohort", now)
        CohortService(db).join(trainee_id, cohort.invite_code, now)
        workshops = WorkshopService(db, load_course(content).course)
        session_id = workshops.start(admin, "case", "late-again", now)
        phone = workshops.join(workshops.session(session_id).code, "Bea", now)
        del admin_id, SignedIn
    ids = {"cohort": str(cohort.id), "session": str(session_id), "phone": phone.token}

    def open_page(script: str | None, admin: bool = False, **query: str) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
        at.session_state["auth.token"] = tokens["admin" if admin else "trainee"]
        at.run()
        if script:
            for key, value in query.items():
                at.query_params[key] = value
            at.switch_page(f"modules/ui/{script}").run()
        assert not at.exception, at.exception
        return at

    open_page.ids = ids  # type: ignore[attr-defined]
    return open_page


def bench_apptest_reruns(repeats: int) -> list[dict]:
    from streamlit.testing.v1 import AppTest

    from modules.course import load_course
    from tests.ui.quiz_driver import answer

    course = load_course(ROOT / "tests" / "fixtures" / "course_ok").course
    empty = AppTest.from_string("import streamlit as st\nst.write('empty')", default_timeout=30)
    empty.run()
    empty_ms = median_ms(empty.run, repeats)
    figures = [figure("AppTest rerun, empty page", empty_ms, "ms", repeats=repeats)]
    with tempfile.TemporaryDirectory() as folder:
        open_page = _signed_in_app(Path(folder))
        ids = open_page.ids  # type: ignore[attr-defined]
        quiz = open_page("trainee/quiz.py", module="biosocial")
        answer(quiz, course, "biosocial")  # the quiz page now shows its feedback
        pages = {
            "course map": open_page(None),
            "lesson": open_page("trainee/lesson.py", id="validation.levels"),
            "quiz with feedback": quiz,
            "my progress": open_page("trainee/my_progress.py"),
            "glossary": open_page("trainee/glossary.py"),
            "case": open_page("trainee/cases.py", case="late-again"),
            "review": open_page("trainee/review.py"),
            "exams": open_page("trainee/exams.py"),
            "account": open_page("everyone/account.py"),
            "verify": open_page("public/verify.py"),
            "workshop phone": open_page("public/join.py", p=ids["phone"]),
        }
        staff = {  # no target: the 10x goal is for the pages trainees use
            "dashboard": open_page("coordinator/dashboard.py", admin=True, cohort=ids["cohort"]),
            "cohorts": open_page("coordinator/cohorts.py", admin=True),
            "item analysis": open_page("coordinator/item_analysis.py", admin=True),
            "people": open_page("admin/people.py", admin=True),
            "content check": open_page("admin/content_check.py", admin=True),
            "workshop control": open_page("leader/workshops.py", admin=True,
                                          session=ids["session"]),
            "projector": open_page("leader/projector.py", admin=True, session=ids["session"]),
        }  # fmt: skip
        for group, target in ((pages, "< 10x the empty page"), (staff, None)):
            for name, at in group.items():
                ms = median_ms(at.run, repeats)
                figures.append(
                    figure(f"AppTest rerun, {name} page", ms, "ms", target,
                           ratio_to_empty=round(ms / empty_ms, 2), repeats=repeats)
                )  # fmt: skip
    return figures


def bench_dashboard(repeats: int) -> list[dict]:
    """The coordinator's dashboard (needs-attention report and charts) on demo cohorts."""
    from datetime import UTC, datetime

    from modules.accounts.passwords import hash_password
    from modules.accounts.roles import Role
    from modules.accounts.service import SignedIn
    from modules.course import load_course
    from modules.learning import LearningService
    from modules.learning.cohort_report import cohort_charts, cohort_report
    from modules.learning.demo import DEMO_PASSWORD, make_demo
    from modules.tracking import StoreFactory

    course = load_course(ROOT).course
    hashed = hash_password(DEMO_PASSWORD)
    figures = []
    for size in (40, 500):
        with (
            tempfile.TemporaryDirectory() as folder,
            StoreFactory(Path(folder) / "d.db").connection() as db,
        ):
            now = datetime.now(UTC)
            demo = make_demo(db, course, now, hashed, trainees=size)
            row = db.execute(
                "SELECT id, name FROM users WHERE email = ?", [demo.coordinator]
            ).fetchone()
            actor = SignedIn(row[0], row[1], demo.coordinator, Role.COORDINATOR, 0)
            learning = LearningService(db, course)

            def dashboard(learning=learning, actor=actor, now=now) -> None:
                report = cohort_report(learning, actor, 1, now)
                cohort_charts(learning, actor, 1, report)

            responses = db.execute("SELECT count(*) FROM responses").fetchone()[0]
            figures.append(figure(f"cohort dashboard, {size} trainees ({responses} answers)",
                                  median_ms(dashboard, max(3, repeats // 6)), "ms", "< 500 ms",
                                  repeats=max(3, repeats // 6)))  # fmt: skip
    return figures


def bench_large_cohort(repeats: int, quick: bool = False) -> list[dict]:
    """2,000 trainees and about 300,000 answers (200 and 30,000 with --quick): the dashboard,
    the item analysis, and the floor they are measured against."""
    import random
    from datetime import UTC, datetime, timedelta

    from benchmarks.large_cohort import answer, fill
    from modules.accounts.passwords import hash_password
    from modules.course import load_course
    from modules.learning import LearningService, mastery_fold
    from modules.learning.cohort_report import cohort_charts, cohort_report
    from modules.learning.item_analysis import analyse
    from modules.tracking import StoreFactory, cohort_analytics, cohorts

    trainees, each = (200, 150) if quick else (2000, 150)
    course = load_course(ROOT).course
    figures = []
    with tempfile.TemporaryDirectory() as folder:
        factory = StoreFactory(Path(folder) / "large.db")
        with factory.connection() as db:
            now = datetime.now(UTC)
            started = time.perf_counter()
            coordinator, cohort_id = fill(db, course, trainees, each, now, hash_password("x" * 20))
            fill_s = time.perf_counter() - started
            learning = LearningService(db, course)
            people = [m.user_id for m in cohorts.members(db, cohort_id)]
            answers = cohort_analytics.totals(db, people)[0]
            label = f"{trainees} trainees, {answers} answers"
            floor = median_ms(lambda: cohort_analytics.totals(db, people), max(3, repeats // 3))

            started = time.perf_counter()
            mastery_fold.fold(db, course)  # once: the derived mastery table from all history
            first_fold = (time.perf_counter() - started) * 1000
            rng = random.Random(11)

            def dashboard() -> float:
                """A view after ten new answers (written first, not timed): the view folds
                them into the mastery table, as it does in use."""
                answer(db, course, rng.choice(people), 10, now - timedelta(hours=1), now, rng,
                       "later")  # fmt: skip
                begun = time.perf_counter()
                report = cohort_report(learning, coordinator, cohort_id, now)
                cohort_charts(learning, coordinator, cohort_id, report)
                return (time.perf_counter() - begun) * 1000

            views = 5 if not quick else 3
            dash = statistics.median(dashboard() for _ in range(views))
            items = median_ms(lambda: analyse(learning, coordinator, cohort_id), 3)
            figures += [
                figure(f"writing {label} through the store", fill_s * 1000, "ms"),
                figure(f"SELECT count(*), sum(score), {label}", floor, "ms"),
                figure(f"building the mastery table from {label} (once; again only when the "
                       "course moves items between objectives)", first_fold, "ms"),
                figure(f"cohort dashboard, {label}, 10 new answers before each view", dash, "ms",
                       "< 500 ms", ratio_to_floor=round(dash / floor, 1), repeats=views),
                figure(f"item analysis, {label}", items, "ms"),
            ]  # fmt: skip
    return figures


def bench_workshop(repeats: int, quick: bool = False) -> list[dict]:
    """60 phones voting at the same moment (5 rounds, 2 with --quick), 60 pollers every 2 s
    and a projector every 1 s, all through the workshop service on one database file."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from benchmarks.workshop import run_in_fresh_process

    # a process of its own, like a server's: the heap earlier benchmarks leave behind (the
    # 300,000-answer cohort) made Python's garbage collector stall these threads (p95 140 ms
    # after them, 17 ms alone)
    with (
        tempfile.TemporaryDirectory() as folder,
        ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool,
    ):
        got = pool.submit(run_in_fresh_process, str(Path(folder) / "workshop.db"), 60,
                          2 if quick else 5).result()  # fmt: skip
    label = f"workshop, {got['participants']} phones"
    lost = got["participants"] * (2 if quick else 5) - got["votes_cast"]
    return [
        figure(f"{label}: vote write, median", got["vote_median_ms"], "ms"),
        figure(f"{label}: vote write, 95th percentile", got["vote_p95_ms"], "ms", "< 50 ms",
               votes=got["votes_cast"]),
        figure(f"{label}: poll of the session version, median / 95th percentile",
               got["poll_median_ms"], "ms", p95=round(got["poll_p95_ms"], 3),
               polls=got["polls"]),
        figure(f"{label}: projector refresh (step and tally), median / 95th percentile",
               got["refresh_median_ms"], "ms", p95=round(got["refresh_p95_ms"], 3),
               refreshes=got["refreshes"]),
        figure(f"{label}: votes refused or failed", lost + len(got["errors"]), "votes", "0",
               errors=got["errors"][:5]),
        figure(f"{label}: final tally equals each phone's last vote, none lost or doubled",
               1.0 if got["counted_as_expected"] else 0.0, "yes=1", "1"),
    ]  # fmt: skip


def bench_click_to_feedback(repeats: int) -> list[dict]:
    from benchmarks.browser import click_to_feedback

    return [click_to_feedback(min(repeats, 20))]


def bench_server_memory(repeats: int, quick: bool = False) -> list[dict]:
    """The server's memory with 50 signed-in sessions (10 with --quick)."""
    from benchmarks.browser import memory_with_sessions

    return memory_with_sessions(10 if quick else 50)


BENCHMARKS = {
    "course_load": bench_course_load,
    "apptest_reruns": bench_apptest_reruns,
    "dashboard": bench_dashboard,
    "large_cohort": bench_large_cohort,
    "click_to_feedback": bench_click_to_feedback,
    "workshop": bench_workshop,
    "server_memory": bench_server_memory,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repeats, for CI")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument("--only", choices=sorted(BENCHMARKS), action="append")
    args = parser.parse_args(argv)
    repeats = 5 if args.quick else 30
    figures: list[dict] = []
    for name in args.only or BENCHMARKS:
        run = BENCHMARKS[name]
        results = (
            run(repeats, quick=True)
            if name in ("large_cohort", "workshop", "server_memory") and args.quick
            else run(repeats)
        )
        for result in results:
            result["met"] = met(result)
            figures.append(result)
            target = f"  (target {result['target']})" if result["target"] else ""
            extra = f"  ×{result['ratio_to_empty']}" if "ratio_to_empty" in result else ""
            print(f"{result['name']:<80} {result['value']:>10.2f} {result['unit']}{extra}{target}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2))
    missed = [f for f in figures if f["met"] is False]
    targets = sum(1 for f in figures if f["met"] is not None)
    print(f"\n{targets - len(missed)} of {targets} targets met.")
    for result in missed:  # reported, not failed: speed is measured here, not tested
        print(f"MISSED: {result['name']}: {result['value']} {result['unit']} "
              f"(target {result['target']})")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
