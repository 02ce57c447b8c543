"""My progress: attempts, scores over time, module status and a simple mastery per objective."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from modules.assessment.mastery import DECAY, MIN_EVIDENCE
from modules.ui import services, state
from modules.ui.pages import page


def render() -> None:
    person = state.person()
    st.title("My progress")
    with services.opened() as svc:
        course = svc.course
        progress = svc.learning.progress(person)
        history = svc.learning.history(person, person.user_id)
        mastery = svc.learning.mastery(person)
        runs = svc.cases.runs(person)
    st.subheader("Modules")
    rows = []
    for module in course.modules:
        mine = progress.modules[module.id]
        best = mine.status.best_percent
        rows.append({
            "Module": module.title,
            "Lessons": f"{mine.lessons_done}/{mine.lessons_total}",
            "Best score %": None if best is None else round(best),
            "Pass mark %": module.pass_mark,
            "Passed": "yes" if mine.status.passed else "not yet",
        })  # fmt: skip
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")

    st.subheader("Quiz attempts")
    if not history:
        st.info("No quiz attempts yet. Each module's quiz is on the course map.")
    else:
        titles = {m.id: m.title for m in course.modules}
        table = pd.DataFrame([{
            "Started": a.started_at.strftime("%Y-%m-%d %H:%M"),
            "Module": titles.get(a.module_id, a.module_id),
            "Answered": f"{a.result.answered}/{a.result.total}",
            "Score %": None if a.result.percent is None else round(a.result.percent),
            "Result": _verdict(a.result),
        } for a in history])  # fmt: skip
        st.dataframe(table, hide_index=True, width="stretch")
        finished = [a for a in history if a.result.complete and a.result.percent is not None]
        if finished:
            chart = pd.DataFrame([{"when": a.started_at, "score": a.result.percent,
                                   "module": titles.get(a.module_id, a.module_id)}
                                  for a in finished])  # fmt: skip
            st.altair_chart(
                alt.Chart(chart)
                .mark_line(point=True)
                .encode(
                    x=alt.X("when:T", title="Attempt started"),
                    y=alt.Y("score:Q", title="Score (%)", scale=alt.Scale(domain=[0, 100])),
                    color=alt.Color("module:N", title="Module"),
                ),
                width="stretch",
            )

    case_runs(course, runs)

    objective_mastery(course, mastery)


def objective_mastery(course, mastery) -> None:
    st.subheader("Learning objectives")
    st.caption(
        f"Mastery weighs your recent answers most (each older answer counts {DECAY:.0%} of the "
        f"one after it) and includes your case choices at half weight. Below {MIN_EVIDENCE} "
        "answers an objective shows 'not enough evidence yet'."
    )
    objectives = {o.id: (m, o) for m in course.modules for o in m.objectives}
    rows = [{
        "Module": objectives[m.objective_id][0].title,
        "Objective": objectives[m.objective_id][1].text,
        "Mastery %": None if m.level is None else round(100 * m.level),
        "Status": m.status,
        "Evidence": m.evidence,
    } for m in mastery if m.objective_id in objectives]  # fmt: skip
    table = pd.DataFrame(rows)
    known = table.dropna(subset=["Mastery %"])
    if not known.empty:
        st.altair_chart(
            alt.Chart(known).mark_bar().encode(
                x=alt.X("Mastery %:Q", scale=alt.Scale(domain=[0, 100])),
                y=alt.Y("Objective:N", sort=None, title=None),
                color=alt.Color("Status:N", scale=alt.Scale(
                    domain=["weak", "developing", "mastered"],
                    range=["#b3541e", "#c9a227", "#2f6b6f"])),
                row=alt.Row("Module:N", title=None, header=alt.Header(labelAngle=0,
                            labelAlign="left")),
                tooltip=["Module", "Objective", "Mastery %", "Status", "Evidence"],
            ),
            width="stretch",
        )  # fmt: skip
    st.dataframe(
        table, hide_index=True, width="stretch",
        column_config={"Mastery %": st.column_config.ProgressColumn(
            "Mastery %", format="%d%%", min_value=0, max_value=100)},
    )  # fmt: skip
    weak = [m for m in mastery if m.status == "weak" and m.objective_id in objectives]
    if weak:
        st.markdown("**Where to look again**")
    for m in weak:
        module, objective = objectives[m.objective_id]
        st.markdown(f"*{objective.text}* ({module.title})")
        for lesson in course.lessons_of(module.id):
            if m.objective_id in lesson.objectives:
                st.page_link(
                    page("lesson"), label=f"Lesson: {lesson.title}",
                    icon=":material/menu_book:", query_params={"id": lesson.id},
                )  # fmt: skip
        st.page_link(page("review"), label="Review the items you missed", icon=":material/replay:")


def case_runs(course, runs) -> None:
    st.subheader("Case vignettes")
    if not runs:
        st.info("No case played to its end yet. The cases are under Study → Cases.")
        return
    titles = {v.id: v.title for v in course.vignettes}
    table = pd.DataFrame([{
        "Finished": r.finished_at.strftime("%Y-%m-%d %H:%M"),
        "Case": titles.get(r.vignette_id, r.vignette_id),
        "Where": "workshop" if r.source == "workshop" else "on your own",
        "Decisions": len(r.steps),
        "Score %": round(100 * r.score),
        "Hierarchy errors": r.hierarchy_errors,
        "Acceptance %": None if r.acceptance_share is None else round(100 * r.acceptance_share),
    } for r in runs])  # fmt: skip
    st.dataframe(table, hide_index=True, width="stretch")
    for run in runs[:10]:
        vignette = course.vignette(run.vignette_id)
        title = titles.get(run.vignette_id, run.vignette_id)
        where = " (your votes in a workshop)" if run.source == "workshop" else ""
        label = f"Replay: {title}, {run.finished_at:%Y-%m-%d %H:%M}{where}"
        with st.expander(label):
            for number, step in enumerate(run.steps, start=1):
                text = _choice_text(vignette, step)
                flag = " · hierarchy error" if step["hierarchy_error"] else ""
                st.markdown(f"{number}. {text} — *{step['rating']}{flag}*")


def _choice_text(vignette, step: dict) -> str:
    """The words of a choice made in a run (the id alone if the case has changed since)."""
    try:
        node = vignette.node(step["node"])
        return next(c.text for c in node.choices if c.id == step["choice"])
    except (AttributeError, KeyError, StopIteration):
        return step["choice"]


def _verdict(result) -> str:
    if not result.complete:
        return "unfinished"
    return "passed" if result.passed else "not passed"


render()
