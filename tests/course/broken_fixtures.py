"""Builds a broken copy of course_ok from an overlay in tests/fixtures/course_broken/."""

from __future__ import annotations

import shutil
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
COURSE_OK = FIXTURES / "course_ok"
COURSE_BROKEN = FIXTURES / "course_broken"

EXPECTED = "expected.txt"
"""The problems `load_course` should return for the kind, one `str(problem)` a line, in order."""

REMOVE = "_remove.txt"
"""Paths (files or folders, relative to the course root) to delete from the copy, one a line."""

_NOT_OVERLAID = {EXPECTED, REMOVE}


def kinds() -> list[str]:
    """The names of the broken fixtures, one folder each."""
    return sorted(p.name for p in COURSE_BROKEN.iterdir() if p.is_dir())


def overlay_files(kind: str) -> list[Path]:
    """The files a kind adds to or replaces in the good course, relative to its folder."""
    folder = COURSE_BROKEN / kind
    return sorted(
        path.relative_to(folder)
        for path in folder.rglob("*")
        if path.is_file() and path.relative_to(folder).as_posix() not in _NOT_OVERLAID
    )


def removed_paths(kind: str) -> list[str]:
    """The paths listed in the kind's `_remove.txt` (blank lines and `#` comments ignored)."""
    path = COURSE_BROKEN / kind / REMOVE
    if not path.exists():
        return []
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def expected_problems(kind: str) -> list[str]:
    """The exact problem lines the kind's `expected.txt` holds."""
    return (COURSE_BROKEN / kind / EXPECTED).read_text(encoding="utf-8").splitlines()


def materialise(kind: str, tmp_path: Path) -> Path:
    """Copy the good course into `tmp_path`, lay the kind's files over it, delete what its
    `_remove.txt` lists and return the copy's root (the folder holding content/)."""
    folder = COURSE_BROKEN / kind
    if not folder.is_dir():
        raise ValueError(f"no broken fixture named {kind!r} in {COURSE_BROKEN}")
    root = tmp_path / kind
    shutil.copytree(COURSE_OK, root)
    for relative in overlay_files(kind):
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(folder / relative, target)
    for relative in removed_paths(kind):
        target = root / relative
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
        else:  # a typo here would silently test the wrong thing
            raise FileNotFoundError(f"{kind}/{REMOVE} lists {relative!r}, which the course lacks")
    return root
