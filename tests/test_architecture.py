"""Layers stay apart: streamlit only in app.py and modules/ui/, SQL only in modules/tracking/."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted([ROOT / "app.py", *(ROOT / "modules").rglob("*.py")])
SQL_MODULES = {"sqlite3", "sqlite_utils", "apsw", "sqlalchemy"}


def imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_the_walk_finds_the_code() -> None:
    names = {rel(p) for p in SOURCES}
    assert {"app.py", "modules/course/loader.py", "modules/ui/pages.py"} <= names


@pytest.mark.parametrize("path", SOURCES, ids=rel)
def test_streamlit_only_in_the_ui(path: Path) -> None:
    allowed = rel(path) == "app.py" or rel(path).startswith("modules/ui/")
    if not allowed:
        assert "streamlit" not in imported_roots(path), f"{rel(path)} imports streamlit"


@pytest.mark.parametrize("path", SOURCES, ids=rel)
def test_sql_only_in_tracking(path: Path) -> None:
    if not rel(path).startswith("modules/tracking/"):
        found = imported_roots(path) & SQL_MODULES
        assert not found, f"{rel(path)} imports {sorted(found)}"


@pytest.mark.parametrize("path", SOURCES, ids=rel)
def test_every_module_says_what_it_is_for(path: Path) -> None:
    docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    assert docstring and docstring.strip(), f"{rel(path)} has no module docstring"


def test_the_checks_can_fail(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import streamlit as st\nfrom sqlite_utils import Database\n")
    assert {"streamlit", "sqlite_utils"} <= imported_roots(bad)
