"""The demo cohort: made through the real services, varied, and idempotent for staff accounts."""

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from argon2 import PasswordHasher

from modules.course import load_course
from modules.learning.demo import make_demo
from modules.tracking import StoreFactory

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def test_make_demo_builds_a_varied_cohort(tmp_path: Path) -> None:
    course = load_course(ROOT).course
    hashed = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash("x" * 20)
    with StoreFactory(tmp_path / "d.db").connection() as db:
        demo = make_demo(db, course, NOW, hashed, trainees=12)
        members = db.execute("SELECT count(*) FROM cohort_members").fetchone()[0]
        per_person = db.execute(
            "SELECT count(*) FROM responses GROUP BY user_id ORDER BY count(*)"
        ).fetchall()
        runs = db.execute("SELECT count(*) FROM vignette_runs").fetchone()[0]
    assert len(demo.trainees) == members == 12
    counts = [c for (c,) in per_person]
    assert counts and counts[0] < counts[-1]  # some did much more than others
    assert runs > 0 and len(demo.cohort_code) == 8


def test_demo_command_prints_the_accounts(tmp_path: Path) -> None:
    env = {"DBT_COURSE_DB": str(tmp_path / "d.db"), "PATH": "/usr/bin:/bin"}
    run = subprocess.run([sys.executable, "-m", "modules", "demo", "--trainees", "6"], cwd=ROOT,
                         env=env, capture_output=True, text=True, timeout=300)  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "coordinator: demo.coordinator@example.org" in run.stdout
    assert "(6)" in run.stdout
