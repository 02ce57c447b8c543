"""The glossary: every term the lessons link to, searchable, with the linked term shown first."""

from __future__ import annotations

import streamlit as st

from modules.ui import course_cache


def render() -> None:
    course = course_cache.current().course
    st.title("Glossary")
    chosen = st.query_params.get("term", "")
    query = st.text_input("Find a term", key="glossary.search", placeholder="e.g. validation")
    terms = list(course.glossary)
    if query.strip():
        needle = query.strip().lower()
        terms = [
            t
            for t in terms
            if needle in t.term.lower()
            or needle in t.definition.lower()
            or any(needle in a.lower() for a in t.aliases)
        ]
    terms.sort(key=lambda t: (t.id != chosen, t.term.lower()))
    if not terms:
        st.info("No term matches that search.")
    for term in terms:
        with st.container(border=term.id == chosen):
            st.markdown(f"**{term.term}**")
            st.write(term.definition)
            cited = [
                course.references[k].citation for k in term.references if k in course.references
            ]
            if cited:
                st.caption("Source: " + "; ".join(cited))


render()
