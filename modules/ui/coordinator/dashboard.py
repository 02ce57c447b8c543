"""The cohort dashboard: who needs attention first, with the reason, then everyone's progress."""

from __future__ import annotations

import json

import altair as alt
import pandas as pd
import streamlit as st

from modules.accounts import AccountError
from modules.accounts.cohorts import CohortService
from modules.accounts.people import PeopleService
from modules.accounts.roles import PermissionDenied
from modules.learning.cohort_report import INACTIVE_DAYS, cohort_charts, cohort_report
from modules.learning.exports import gradebook, responses, statements
from modules.settings import load_settings
from modules.ui import services, state
from modules.ui.pages import page


def render() -> None:
    person = state.person()
    with services.opened() as svc:
        cohorts = CohortService(svc.db)
        mine = cohorts.mine(person)
        st.title("Cohort dashboard")
        if not mine:
            st.info("No cohorts yet.")
            st.page_link(page("cohorts"), label="Create a cohort", icon=":material/groups:")
            return
        wanted = st.query_params.get("cohort", "")
        ids = [c.id for c in mine]
        index = ids.index(int(wanted)) if wanted.isdigit() and int(wanted) in ids else 0
        names = {c.id: c.name for c in mine}
        chosen = st.selectbox("Cohort", ids, index=index, format_func=names.__getitem__,
                              key="dashboard.cohort")  # fmt: skip
        try:
            report = cohort_report(svc.learning, person, chosen, services.now())
            charts = cohort_charts(svc.learning, person, chosen, report)
        except PermissionDenied as error:
            st.error(str(error))
            return
        course = svc.course
        picked = needs_attention(report)
        everyone(course, report)
        downloads(svc, person, chosen)
        if report:
            show_charts(charts)
            drill_down(svc, person, report, picked)


def needs_attention(report) -> int | None:
    """The flagged trainees, most reasons first; returns the one picked in the table, if any."""
    st.subheader("Needs attention")
    flagged = sorted((t for t in report if t.reasons), key=lambda t: -len(t.reasons))
    cols = st.columns(4)
    cols[0].metric("Trainees", len(report))
    cols[1].metric("Need attention", len(flagged))
    cols[2].metric("Inactive", sum(any("activ" in r for r in t.reasons) for t in report))
    cols[3].metric("Safety item wrong", sum(any("safety" in r for r in t.reasons) for t in report))
    if not flagged:
        st.success("Nobody needs attention right now.", icon=":material/check_circle:")
        return None
    event = st.dataframe(
        pd.DataFrame([{"Name": t.name, "Email": t.email, "Why": "; ".join(t.reasons)}
                      for t in flagged]),
        hide_index=True, width="stretch", key="dashboard.flagged",
        column_config={"Why": st.column_config.TextColumn(width="large")},
        on_select="rerun", selection_mode="single-row",
    )  # fmt: skip
    st.caption(
        f"Flags: inactive {INACTIVE_DAYS}+ days, repeated failed quizzes, a safety-critical "
        "item still wrong, behind the target date, review items missed again and again. "
        "Pick a row to see that trainee under 'One trainee' below."
    )
    rows = event.selection.rows if event is not None else []
    return flagged[rows[0]].user_id if rows else None


def everyone(course, report) -> None:
    st.subheader(f"Everyone ({len(report)})")
    if not report:
        st.info("Nobody has joined yet. Share the invitation code or import a roster.")
        return
    titles = {m.id: m.title for m in course.modules}
    rows = []
    for t in report:
        row = {"Name": t.name, "Modules passed": f"{t.modules_passed}/{t.modules_total}",
               "Lessons": f"{t.lessons_done}/{t.lessons_total}",
               "Last active": t.last_active.strftime("%Y-%m-%d") if t.last_active else "never",
               "Flags": len(t.reasons)}  # fmt: skip
        for module_id, best in t.best_scores.items():
            row[titles[module_id]] = None if best is None else round(best)
        rows.append(row)
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def downloads(svc, person, cohort_id: int) -> None:
    """The same exports as `python -m modules export`."""
    cols = st.columns(3)
    cols[0].download_button(
        "Gradebook (CSV)", gradebook(svc.learning, person, cohort_id).to_csv(index=False),
        file_name="gradebook.csv", mime="text/csv", icon=":material/download:",
    )  # fmt: skip
    cols[1].download_button(
        "Every answer (CSV)", responses(svc.learning, person, cohort_id).to_csv(index=False),
        file_name="responses.csv", mime="text/csv", icon=":material/download:",
    )  # fmt: skip
    base = load_settings().public_url or "https://dbt-course.invalid"
    cols[2].download_button(
        "xAPI statements (JSON)",
        json.dumps(statements(svc.learning, person, cohort_id, base), indent=1),
        file_name="statements.json", mime="application/json", icon=":material/download:",
    )  # fmt: skip


def show_charts(charts) -> None:
    left, right = st.columns(2)
    left.markdown("**Completion by module** (trainees who passed)")
    left.altair_chart(alt.Chart(charts.funnel).mark_bar(color="#2f6b6f").encode(
        x=alt.X("passed:Q", title="trainees"), y=alt.Y("module:N", sort=None, title=None)),
        width="stretch")  # fmt: skip
    right.markdown("**Best quiz scores** (each dot a trainee)")
    if not charts.scores.empty:
        right.altair_chart(alt.Chart(charts.scores).mark_tick(thickness=2).encode(
            x=alt.X("best:Q", title="best score %", scale=alt.Scale(domain=[0, 100])),
            y=alt.Y("module:N", title=None), tooltip=["trainee", "module", "best"]),
            width="stretch")  # fmt: skip
    st.markdown("**Mastery by objective** (trainees at each level; those with fewer than three "
                "answers on an objective are not counted)")  # fmt: skip
    if not charts.mastery_status.empty:
        order = list(dict.fromkeys(charts.mastery_status["objective"]))
        st.altair_chart(alt.Chart(charts.mastery_status).mark_bar().encode(
            x=alt.X("trainees:Q", stack="normalize", title="share of trainees",
                    axis=alt.Axis(format="%")),
            y=alt.Y("objective:N", sort=order, title=None, axis=alt.Axis(labelLimit=420)),
            color=alt.Color("status:N", sort=["mastered", "developing", "weak"],
                            scale=alt.Scale(domain=["mastered", "developing", "weak"],
                                            range=["#2f6b6f", "#9cc3c5", "#c8553d"])),
            tooltip=["module", "objective", "status", "trainees"]), width="stretch")  # fmt: skip
    if charts.heatmap_people < charts.cohort_size:
        st.markdown(
            f"**Mastery by trainee and objective**: the {charts.heatmap_people} trainees with "
            f"the lowest mean mastery of {charts.cohort_size}; open anyone below."
        )
    else:
        st.markdown("**Mastery by trainee and objective**")
    known = charts.mastery.dropna(subset=["level"])
    if not known.empty:
        st.altair_chart(alt.Chart(known).mark_rect().encode(
            x=alt.X("objective:N", title=None, axis=alt.Axis(labels=False, ticks=False)),
            y=alt.Y("trainee:N", title=None),
            color=alt.Color("level:Q", title="mastery %", scale=alt.Scale(scheme="tealblues")),
            tooltip=["trainee", "module", "objective", "level"]), width="stretch")  # fmt: skip
    left, right = st.columns(2)
    left.markdown("**Activity over time** (answers, lessons and cases a day)")
    if not charts.activity.empty:
        line = alt.Chart(charts.activity).mark_line(point=True).encode(
            x=alt.X("day:T", title=None), y=alt.Y("events:Q", title=None))  # fmt: skip
        left.altair_chart(line, width="stretch")
    right.markdown("**Entry check and final exam**")
    right.dataframe(charts.gains, hide_index=True, width="stretch")
    left, right = st.columns(2)
    left.markdown("**Most common misconceptions** (in wrong answers chosen)")
    left.dataframe(charts.misconceptions[["statement", "times", "items"]], hide_index=True,
                   width="stretch")  # fmt: skip
    for _, row in charts.misconceptions.head(3).iterrows():
        for lesson_id in row["lesson_ids"][:1]:
            left.page_link(page("lesson"), label=f"Teach again: {row['statement'][:60]}",
                           icon=":material/menu_book:", query_params={"id": lesson_id})  # fmt: skip
    right.markdown("**Strategies most often missed** (the best answer's strategy)")
    right.dataframe(charts.strategies, hide_index=True, width="stretch")


def drill_down(svc, person, report, picked: int | None = None) -> None:
    st.subheader("One trainee")
    names = {t.user_id: f"{t.name} ({t.email})" for t in report}
    ids = list(names)
    chosen = st.selectbox("Trainee", ids, format_func=names.__getitem__,
                          index=ids.index(picked) if picked in ids else 0,
                          key=f"dashboard.trainee.{picked}")  # fmt: skip
    titles = {m.id: m.title for m in svc.course.modules}
    history = svc.learning.history(person, chosen)
    st.markdown("**Quiz attempts**")
    st.dataframe(pd.DataFrame([{
        "Started": a.started_at.strftime("%Y-%m-%d"),
        "Module": titles.get(a.module_id, a.module_id),
        "Answered": f"{a.result.answered}/{a.result.total}",
        "Score %": None if a.result.percent is None else round(a.result.percent),
        "Passed": "yes" if a.result.passed else "no"} for a in history]),
        hide_index=True, width="stretch")  # fmt: skip
    answers = svc.learning.answers(person, chosen)
    st.markdown("**Answers** (reflections are private: only that one was written is shown)")
    st.dataframe(pd.DataFrame([{
        "When": a.answered_at.strftime("%Y-%m-%d %H:%M"), "Item": a.question_id,
        "Answer": "(reflection written)" if a.score is None else a.classification,
        "Score %": None if a.score is None else round(100 * a.score),
        "Confidence": a.confidence, "Seconds": a.seconds} for a in answers]),
        hide_index=True, width="stretch")  # fmt: skip
    runs = svc.cases.runs(person, chosen)
    st.markdown("**Case runs**")
    st.dataframe(pd.DataFrame([{
        "Finished": r.finished_at.strftime("%Y-%m-%d"), "Case": r.vignette_id,
        "Score %": round(100 * r.score), "Hierarchy errors": r.hierarchy_errors,
        "Path": " > ".join(f"{s['node']}:{s['rating'][0]}" for s in r.steps)} for r in runs]),
        hide_index=True, width="stretch")  # fmt: skip
    if st.button("Issue a password-reset code", key=f"dashboard.reset.{chosen}"):
        try:
            code = PeopleService(svc.db, svc.accounts).issue_reset_code(person, chosen,
                                                                        services.now())  # fmt: skip
        except (AccountError, PermissionDenied) as error:
            st.error(str(error))
        else:
            st.success(f"Reset code: **{code}**. It works once, for 24 hours; give it to the "
                       "trainee directly (it is not shown again).")  # fmt: skip
    status = svc.review.status(person, services.now(), chosen)
    st.caption(f"Review queue: {len(status.cards)} items, {len(status.due)} due, "
               f"{len(status.leeches)} leeches. Reflections stay private: only that one was "
               "written is counted.")  # fmt: skip


render()
