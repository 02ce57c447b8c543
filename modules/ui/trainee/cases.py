"""Branching case vignettes: a case unfolds one decision at a time, with feedback after each."""

from __future__ import annotations

import secrets
import time

import pandas as pd
import streamlit as st

from modules.assessment import shown_order
from modules.assessment import vignette_run as engine
from modules.learning.cases import CaseError, CasePlay
from modules.tracking import StoreError
from modules.ui import services, state
from modules.ui.pages import page
from modules.ui.widgets.confidence import confidence_radio

RATING = {
    "optimal": ("The best move here", st.success, ":material/check_circle:"),
    "acceptable": ("Defensible, not the best", st.info, ":material/info:"),
    "problematic": ("A common mistake", st.error, ":material/cancel:"),
}


def render() -> None:
    with services.opened() as svc:
        vignette = svc.course.vignette(st.query_params.get("case", ""))
        if vignette is None:
            case_list(svc.course)
            return
        play = state.case_play(vignette.id)
        if play is None:
            play = svc.cases.begin(vignette.id, services.now(), secrets.token_hex(8))
            state.set_case_play(vignette.id, play)
        st.title(vignette.title)
        client_card(vignette)
        node = vignette.node(play.state.node_id)
        if play.pending is not None:
            show_feedback(vignette, play)
        elif node.ending:
            show_ending(svc, vignette, play)
        else:
            decide(svc, vignette, play)


def case_list(course) -> None:
    st.title("Case vignettes")
    st.write("Make the therapist's decisions in realistic moments and see where they lead.")
    if not course.vignettes:
        st.info("No cases yet.")
    for module in course.modules:
        cases = course.vignettes_of(module.id)
        if not cases:
            continue
        st.subheader(module.title)
        for vignette in cases:
            if vignette.modules[0] != module.id and len(vignette.modules) > 1:
                continue  # listed once, under its first module
            st.page_link(page("cases"), label=f"{vignette.title}: {vignette.summary}",
                         icon=":material/cases:", query_params={"case": vignette.id})  # fmt: skip


def client_card(vignette) -> None:
    client = vignette.client
    with st.expander(f"The client: {client.name}, {client.age}", expanded=False):
        st.markdown(f"**Presentation.** {client.presentation}")
        st.markdown(f"**History.** {client.history}")
        st.markdown("**Current targets.** " + "; ".join(client.targets))


def _moment(node) -> None:
    st.markdown(node.narrative)
    if node.says:
        who = node.speaker.capitalize() if node.speaker else "They"
        st.markdown(f"> **{who}:** {node.says}")


def decide(svc, vignette, play: CasePlay) -> None:
    node = vignette.node(play.state.node_id)
    step = play.state.decisions + 1
    key = f"case.{play.seed}.{step}.{node.id}"
    if state.shown_at(key) is None:
        state.set_shown_at(key, time.monotonic())
    st.caption(f"Decision {step}")
    _moment(node)
    choices = {c.id: c for c in node.choices}
    order = shown_order(list(choices), f"{play.seed}:{node.id}")
    with st.form(key=f"{key}.form"):
        picked = st.radio(
            "What do you do?", order, index=None, format_func=lambda cid: choices[cid].text,
            key=f"{key}.choice",
        )  # fmt: skip
        confidence = confidence_radio(f"{key}.confidence")
        submitted = st.form_submit_button("Choose", type="primary")
    if not submitted:
        return
    if picked is None:
        st.warning("Choose one of the responses first.")
        return
    seconds = round(time.monotonic() - (state.shown_at(key) or time.monotonic()), 1)
    try:
        play = svc.cases.choose(play, picked, seconds=seconds, confidence=confidence)
    except CaseError as error:
        st.warning(str(error))
        return
    state.set_case_play(vignette.id, play)
    st.rerun()


def show_feedback(vignette, play: CasePlay) -> None:
    outcome = play.pending
    choice = outcome.choice
    label, box, icon = RATING[choice.rating]
    st.markdown(f"**You chose:** {choice.text}")
    box(f"**{label}.** {choice.feedback}  \n*Principle: {choice.principle}*", icon=icon)
    if outcome.hierarchy_error:
        st.warning(
            f"Target hierarchy: this works on a {choice.addresses} target while a "
            f"{outcome.higher_target} target was present and unaddressed (−1).",
            icon=":material/priority_high:",
        )
    if st.button(
        "Continue", type="primary", key=f"case.{play.seed}.continue.{play.state.decisions}"
    ):
        state.set_case_play(vignette.id, CasePlay(play.vignette_id, play.state, play.started_at,
                                                  play.seed, None, play.saved_run_id))  # fmt: skip
        st.rerun()


def show_ending(svc, vignette, play: CasePlay) -> None:
    if play.saved_run_id is None:
        try:
            play = svc.cases.finish(state.person(), play, services.now())
        except StoreError as error:
            st.error(f"This run was NOT saved: {error}")
        else:
            state.set_case_play(vignette.id, play)
    node = vignette.node(play.state.node_id)
    summary = engine.summarise(vignette, play.state)
    st.markdown(node.narrative)
    for text in summary.outcome_texts:
        st.info(text)
    cols = st.columns(3)
    cols[0].metric("Score", f"{summary.score:.0%}", help="2 per optimal choice, 1 per acceptable, "
                   "−1 per hierarchy error, over 2 per decision")  # fmt: skip
    cols[1].metric("Hierarchy errors", summary.hierarchy_errors)
    cols[2].metric(
        "Acceptance / change",
        f"{summary.acceptance_share or 0:.0%} / {summary.change_share or 0:.0%}",
    )
    if summary.pole_note:
        st.warning(summary.pole_note)
    st.subheader("Your path beside the optimal path")
    st.dataframe(path_table(vignette, play), hide_index=True, width="stretch")
    counters = pd.DataFrame([dict(s.counters_after) for s in play.state.steps])
    if not counters.empty:
        st.subheader("How the case moved")
        st.line_chart(counters.reset_index(names="decision").set_index("decision"))
    st.subheader("Debrief")
    st.markdown(node.debrief or "")
    st.markdown("**For discussion**")
    for question in node.discussion:
        st.markdown(f"- {question}")
    if st.button("Restart and try another path", key=f"case.{play.seed}.restart"):
        state.set_case_play(vignette.id, None)
        st.rerun()


def path_table(vignette, play: CasePlay) -> pd.DataFrame:
    optimal = {node.id: choice for node, choice in vignette.optimal_path()}
    rows = []
    for number, step in enumerate(play.state.steps, start=1):
        node = vignette.node(step.node_id)
        chosen = next(c for c in node.choices if c.id == step.choice_id)
        best = optimal.get(node.id) or next(c for c in node.choices if c.rating == "optimal")
        rows.append({
            "Decision": number, "You chose": chosen.text, "Rating": step.rating,
            "Best move": "(the same)" if best.id == chosen.id else best.text,
            "Hierarchy error": "yes" if step.hierarchy_error else "",
        })  # fmt: skip
    return pd.DataFrame(rows)


render()
