"""Raw HTML and scripts reach the page in a few reviewed places only. Every other text goes
through Streamlit's Markdown with HTML off, or through `wording.plain` when a person typed it."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted([ROOT / "app.py", *(ROOT / "modules").rglob("*.py")])

# file -> (calls allowed there, why); a new use fails until it is reviewed and listed here
ALLOWED = {
    "app.py": ({"st.html"}, "a constant stylesheet: readable captions on every page"),
    "modules/ui/auth.py": (
        {"st.html", "unsafe_allow_javascript"},
        "sets the session cookie; the script holds only our own random token",
    ),
    "modules/ui/leader/keys.py": (
        {"st.html", "unsafe_allow_javascript"},
        "the clicker's key listener; no person's input goes into the script",
    ),
    "modules/ui/leader/projector.py": ({"st.html"}, "a constant stylesheet for the projector"),
    "modules/ui/trainee/lesson.py": (
        {"st.html"},
        "lesson HTML rendered by markdown-it with raw HTML disabled, from authored files",
    ),
}
RISKY_CALLS = {"html"}  # st.html, components.html
RISKY_KEYWORDS = {"unsafe_allow_html", "unsafe_allow_javascript"}


def uses(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr in RISKY_CALLS:
                found.add("st.html")
            for keyword in node.keywords:
                value = keyword.value
                if keyword.arg in RISKY_KEYWORDS and not (
                    isinstance(value, ast.Constant) and value.value is False
                ):
                    found.add(keyword.arg)
    return found


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_raw_html_only_where_reviewed(path: Path) -> None:
    name = path.relative_to(ROOT).as_posix()
    allowed = ALLOWED.get(name, (set(), ""))[0]
    assert uses(path) <= allowed, f"{name} uses {sorted(uses(path) - allowed)}; review and list it"


def test_the_check_sees_a_use(tmp_path: Path) -> None:
    sample = tmp_path / "page.py"
    sample.write_text(
        "import streamlit as st\nst.markdown(x, unsafe_allow_html=True)\nst.html(y)\n"
    )
    assert uses(sample) == {"unsafe_allow_html", "st.html"}
    assert all(uses(ROOT / name) for name in ALLOWED)  # the allow-list holds no stale entry
