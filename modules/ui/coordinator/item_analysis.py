"""Item analysis: which questions work, for a coordinator's cohort or (for an admin) everyone."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from modules.accounts import Role
from modules.accounts.cohorts import CohortService
from modules.accounts.roles import PermissionDenied
from modules.assessment.item_stats import MIN_RESPONDENTS
from modules.learning.item_analysis import analyse
from modules.ui import services, state

EVERYONE = 0


def render() -> None:
    person = state.person()
    st.title("Item analysis")
    st.caption(
        f"First attempts only, reflections excluded; figures need {MIN_RESPONDENTS} respondents. "
        "Facility is the share correct; point-biserial and D (upper minus lower 27 %) show how "
        "well an item separates stronger from weaker trainees. Reliability is KR-20 (0/1) and "
        "Cronbach's alpha (partial credit), computed pairwise because quizzes draw from the bank."
    )
    with services.opened() as svc:
        cohorts = CohortService(svc.db).mine(person)
        options = ([EVERYONE] if person.role is Role.ADMIN else []) + [c.id for c in cohorts]
        if not options:
            st.info("No cohorts yet.")
            return
        names = {EVERYONE: "Everyone", **{c.id: c.name for c in cohorts}}
        chosen = st.selectbox("Whose answers", options, format_func=names.__getitem__,
                              key="items.scope")  # fmt: skip
        try:
            modules, choices = analyse(svc.learning, person, None if chosen == EVERYONE else chosen)
        except PermissionDenied as error:
            st.error(str(error))
            return
        course = svc.course
    titles = {m.id: m.title for m in course.modules}
    module_id = st.selectbox("Module", [m.module_id for m in modules],
                             format_func=titles.__getitem__, key="items.module")  # fmt: skip
    analysis = next(m for m in modules if m.module_id == module_id)
    cols = st.columns(3)
    cols[0].metric("Respondents", analysis.respondents)
    cols[1].metric("KR-20", "—" if analysis.kr20 is None else f"{analysis.kr20:.2f}")
    cols[2].metric("Cronbach's alpha", "—" if analysis.alpha is None else f"{analysis.alpha:.2f}")
    if analysis.items.empty:
        st.info("No answers to this module's items yet.")
        return
    items = analysis.items
    table = pd.DataFrame({
        "item": items["question_id"], "prompt": items["prompt"], "type": items["type"],
        "n": items["n"], "facility": items["facility"].map(_fmt),
        "point-biserial": items["point_biserial"].map(_fmt), "D": items["upper_lower"].map(_fmt),
        "flags": items["flags"].map(lambda f: "; ".join(f) if f else ""),
    })  # fmt: skip
    st.dataframe(table, hide_index=True, width="stretch")
    for _, row in analysis.items.iterrows():
        if not row["flags"]:
            continue
        question = course.question(row["question_id"])
        with st.expander(f"{row['question_id']}: {'; '.join(row['flags'])}"):
            st.markdown(question.scenario)
            st.markdown(f"**{question.prompt}**")
            shares = row["option_shares"] or {}
            for option in getattr(question, "options", ()):
                mark = "✓ key" if option.correct else ""
                st.markdown(f"- {option.text} — chosen {shares.get(option.id, 0):.0%} {mark}")
    if not choices.empty:
        st.subheader("Case choices")
        st.dataframe(pd.DataFrame(choices), hide_index=True, width="stretch")


def _fmt(value) -> str:
    return "—" if value is None else f"{value:.2f}"


render()
