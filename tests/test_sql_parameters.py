"""Values reach SQL only as parameters. Every piece of SQL the code builds with an f-string (or
passes as a variable) is listed here with why it is safe: placeholders, column lists and table
names written in the code, or fragments assembled from those. A new interpolation fails this
test until it is reviewed and listed; a person's input must never be one."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDERS = "a run of '?' marks, one per parameter"
COLUMNS = "a constant column list written in the module"
NAMES = "a table or column name from a constant tuple in the code"
FRAGMENT = "an SQL fragment built in the same function from constants and placeholders"

REVIEWED = {
    ("modules/tracking/vignette_runs.py", "', '.join('?' * 15)"): PLACEHOLDERS,
    ("modules/tracking/mastery_state.py", "', '.join(('?' for _ in chunk))"): PLACEHOLDERS,
    ("modules/tracking/mastery_state.py", "', '.join(('?' for _ in ids))"): PLACEHOLDERS,
    ("modules/tracking/mastery_state.py", "', '.join(('?' for _ in user_ids))"): PLACEHOLDERS,
    ("modules/tracking/cohort_analytics.py", "_marks(known) or 'NULL'"): PLACEHOLDERS,
    ("modules/tracking/cohort_analytics.py", "_marks(must_pass) or 'NULL'"): PLACEHOLDERS,
    ("modules/tracking/cohort_analytics.py", "_marks(question_ids)"): PLACEHOLDERS,
    ("modules/tracking/cohort_analytics.py", "_marks(user_ids)"): PLACEHOLDERS,
    ("modules/tracking/cohort_analytics.py", "people"): PLACEHOLDERS,
    ("modules/tracking/progress.py", "marks"): PLACEHOLDERS,
    ("modules/tracking/vignette_runs.py", "marks"): PLACEHOLDERS,
    ("modules/tracking/database.py", "BUSY_TIMEOUT_MS"): "an integer constant",
    ("modules/tracking/progress.py", "_ATTEMPT_COLUMNS"): COLUMNS,
    ("modules/tracking/progress.py", "_RESPONSE_COLUMNS"): COLUMNS,
    ("modules/tracking/cohorts.py", "_COHORT"): COLUMNS,
    ("modules/tracking/certificates.py", "_COLUMNS"): COLUMNS,
    ("modules/tracking/vignette_runs.py", "_COLUMNS"): COLUMNS,
    ("modules/tracking/workshops.py", "_SESSION"): COLUMNS,
    ("modules/tracking/users.py", "_USER_COLUMNS"): COLUMNS,
    ("modules/tracking/workshops.py", "flag"): "checked against three column names first",
    ("modules/tracking/schema.py", "column"): NAMES,
    ("modules/tracking/schema.py", "kind"): NAMES,
    ("modules/tracking/schema.py", "table"): NAMES,
    ("modules/tracking/schema.py", "union"): FRAGMENT,
    ("modules/tracking/privacy.py", "table"): "a key of the privacy registry",
    ("modules/tracking/privacy.py", "_table_of(holding)"): "a key of the privacy registry",
    ("modules/tracking/privacy.py", "holding.finds"): "a WHERE clause written in the registry",
    ("modules/tracking/privacy.py", "statement"): "a statement written in the registry",
    ("modules/tracking/backup.py", "n"): "a table name read from sqlite_master, quoted",
    ("modules/tracking/cohort_analytics.py", "size"): FRAGMENT,
    ("modules/tracking/cohort_analytics.py", "where"): FRAGMENT,
    ("modules/tracking/mastery_state.py", "where"): FRAGMENT,
    ("modules/tracking/workshops.py", "where"): FRAGMENT,
}


def built_sql(root: Path = ROOT) -> set[tuple[str, str]]:
    """(file, expression) for every expression interpolated into, or passed as, SQL text."""
    found = set()
    for path in sorted((root / "modules").rglob("*.py")):
        name = path.relative_to(root).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("execute", "executemany") and node.args):  # fmt: skip
                continue
            sql = node.args[0]
            if isinstance(sql, ast.Name | ast.Attribute):
                found.add((name, ast.unparse(sql)))
            for part in ast.walk(sql):
                if isinstance(part, ast.FormattedValue):
                    found.add((name, ast.unparse(part.value)))
    return found


def test_every_piece_of_built_sql_is_reviewed() -> None:
    unreviewed = built_sql() - set(REVIEWED)
    assert not unreviewed, f"review these and list them in {__name__}: {sorted(unreviewed)}"


def test_the_review_list_holds_nothing_stale() -> None:
    assert set(REVIEWED) - built_sql() == set()


def test_the_scan_sees_an_interpolated_value(tmp_path: Path) -> None:
    (tmp_path / "modules").mkdir()
    (tmp_path / "modules" / "bad.py").write_text(
        "def find(db, email, query):\n"
        "    db.execute(f\"SELECT * FROM users WHERE email = '{email}'\")\n"
        "    db.execute(query)\n"
        "    db.execute('SELECT 1 WHERE ? = 1', [email])\n"
    )
    assert built_sql(tmp_path) == {("modules/bad.py", "email"), ("modules/bad.py", "query")}
