"""What the loader found wrong in the course's files, and what the course holds."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from modules.ui import course_cache
from modules.ui.wording import count_phrase


def render() -> None:
    loaded = course_cache.current()
    st.title("Content check")
    if st.button(
        "Reload content",
        icon=":material/refresh:",
        help="Read the course files again, after an edit, without restarting the app",
    ):
        course_cache.reload()
        st.rerun()
    stats = loaded.course.stats()
    cols = st.columns(4)
    for col, (label, key) in zip(
        cols,
        [
            ("Modules", "modules"),
            ("Lessons", "lessons"),
            ("Questions", "questions"),
            ("Glossary terms", "glossary_terms"),
        ],
        strict=True,
    ):
        col.metric(label, stats[key])
    if not loaded.problems:
        st.success("No problems found in the course's files.", icon=":material/check_circle:")
        return
    st.error(
        f"{count_phrase(len(loaded.problems), 'problem')}. The files or items named here are left "
        "out of the course until they are fixed; the rest of the course is available.",
        icon=":material/error:",
    )
    table = pd.DataFrame(
        [
            {"file": p.path, "line": p.line, "field": p.field, "problem": p.message}
            for p in loaded.problems
        ]
    )
    st.dataframe(table, hide_index=True, width="stretch")


render()
