"""The seminar leader's control view: start a workshop on a case or quiz items, step through
it, reveal, lock, show the tally, type a show of hands, end it, and read the summary."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from modules.accounts.roles import PermissionDenied
from modules.settings import load_settings
from modules.tracking import StoreError
from modules.ui import services, state
from modules.ui.leader import keys
from modules.ui.pages import page
from modules.workshop import WorkshopError, WorkshopService
from modules.workshop.links import base_url, join_link, qr_png
from modules.workshop.steps import presentable_items
from modules.workshop.summary import departures, summarise, to_csv

VERDICT = {"optimal": "best", "acceptable": "defensible", "problematic": "a common mistake",
           "right": "right", "wrong": "wrong"}  # fmt: skip


def render() -> None:
    person = state.person()
    with services.opened() as svc:
        workshops = WorkshopService(svc.db, svc.course)
        wanted = st.query_params.get("session", "")
        if wanted.isdigit():
            try:
                session = workshops.led(person, int(wanted))
            except (WorkshopError, PermissionDenied) as error:
                st.error(str(error))
                st.page_link(page("workshops"), label="All your workshops")
                return
            control(workshops, person, session.id)
            return
        st.title("Workshops")
        st.write(
            "Project a case or quiz items in a live workshop: reveal it one step at a time, "
            "let the room answer from their phones, then show how the room split."
        )
        start_form(workshops, person)
        listing(workshops, person)


def start_form(workshops: WorkshopService, person) -> None:
    course = workshops.course
    with st.form("workshop.start"):
        st.subheader("Start a workshop")
        kind = st.radio("Present", ["A case vignette", "Quiz items"], horizontal=True)
        cases = {v.id: v.title for v in course.vignettes}
        case = st.selectbox("Case", list(cases), format_func=cases.__getitem__) if cases else None
        items = {q.id: f"{q.id}: {q.prompt[:90]}" for q in presentable_items(course)}
        chosen = st.multiselect("Quiz items, in the order to present them", list(items),
                                format_func=items.__getitem__)  # fmt: skip
        if st.form_submit_button("Start", type="primary"):
            try:
                if kind == "A case vignette":
                    sid = workshops.start(person, "case", case or "", services.now())
                else:
                    sid = workshops.start(person, "items", chosen, services.now())
            except (WorkshopError, PermissionDenied, StoreError) as error:
                st.error(str(error))
            else:
                st.query_params["session"] = str(sid)
                st.rerun()


def listing(workshops: WorkshopService, person) -> None:
    sessions = workshops.sessions(person)
    if not sessions:
        return
    st.subheader("Your workshops")
    now = services.now()
    for session in sessions:
        live = session.status == "live" and now < session.expires_at
        label = (f"{session.title} · code {session.code} · {'live' if live else 'ended'} · "
                 f"started {session.created_at:%Y-%m-%d %H:%M}")  # fmt: skip
        st.page_link(page("workshops"), label=label, query_params={"session": str(session.id)},
                     icon=":material/cast:" if live else ":material/history:")  # fmt: skip


def control(workshops: WorkshopService, person, session_id: int) -> None:
    now = services.now()
    session = workshops.led(person, session_id)
    view = workshops.view(session, now)
    st.page_link(page("workshops"), label="All your workshops", icon=":material/arrow_back:")
    st.title(session.title)
    if not view.live:
        st.info("This workshop has ended; its code no longer works. Its summary is below.")
        summary(workshops, person, session.id)
        return
    link = join_link(base_url(load_settings().public_url, st.context.url), session.code)
    left, right = st.columns([3, 1])
    with left:
        st.markdown(f"### Join code **{session.code}**")
        st.code(link, language=None)
        st.page_link(
            page("projector"), label="Open the projector view (drag it to the wall)",
            icon=":material/present_to_all:", query_params={"session": str(session.id)},
        )  # fmt: skip
        st.caption(
            f"Runs until {session.expires_at:%H:%M} UTC unless you end it first. Keys on this "
            "page and the projector: → or Page Down for the next step, ← or Page Up for the "
            "previous one (presentation clickers send these)."
        )
    right.image(qr_png(link), caption="Scan to join", width=180)
    st.divider()
    step_panel(workshops, person, view)
    st.divider()
    with st.expander("Summary so far"):
        summary(workshops, person, session.id)
    with st.popover("End the workshop"):
        st.write("Ending closes voting and stops the code from working.")
        if st.button("End now", type="primary", key="workshop.end"):
            act(lambda: workshops.end(person, session.id, services.now()))


def act(action) -> None:
    try:
        action()
    except (WorkshopError, PermissionDenied, StoreError) as error:
        st.error(str(error))
    else:
        st.rerun()


def step_panel(workshops: WorkshopService, person, view) -> None:
    session, step, flags = view.session, view.step, view.flags
    sid = session.id
    total = len(workshops.items_of(session)) if session.kind == "items" else None
    st.markdown(f"**Step {view.number}{f' of {total}' if total else ''}** · "
                f"{'voting locked' if flags.locked else 'voting open'} · "
                f"{'answers revealed' if flags.revealed else 'answers hidden'} · "
                f"{'tally shown' if flags.tally_shown else 'tally hidden'}")  # fmt: skip
    if step.says:
        st.markdown(f"> {step.says}")
    st.markdown(step.body)
    if step.options:
        st.caption("Only you see the verdicts and feedback until you reveal them.")
        for option in step.options:
            with st.container(border=True):
                st.markdown(f"**{option.letter}.** {option.text}")
                st.caption(f"{VERDICT.get(option.verdict, option.verdict)}: {option.feedback}")
    elif step.kind == "ending":
        st.caption("An ending: nothing to vote on. Reveal to show the debrief.")
    if step.explanation:
        st.caption(f"Revealed with the answers: {step.explanation}")
    for question in step.discussion:
        st.markdown(f"- Discussion: {question}")
    if not step.votable and step.kind == "item":
        st.info("Ordering, matching and reflection items are discussed, not voted on from "
                "phones; reveal shows the worked answer.")  # fmt: skip
    buttons = st.columns(5)
    now = services.now()
    if buttons[0].button("Previous step", key=keys.BACK, disabled=not view.can_back,
                         icon=":material/arrow_back:"):  # fmt: skip
        act(lambda: workshops.back(person, sid, now))
    if buttons[1].button("Next step", key=keys.NEXT, type="primary",
                         icon=":material/arrow_forward:"):  # fmt: skip
        act(lambda: workshops.forward(person, sid, now))
    toggles = (("revealed", "Hide answers", "Reveal answers", buttons[2]),
               ("tally_shown", "Hide tally", "Show tally", buttons[3]),
               ("locked", "Reopen voting", "Lock voting", buttons[4]))  # fmt: skip
    for flag, off_label, on_label, column in toggles:
        on = getattr(flags, flag)
        if column.button(off_label if on else on_label, key=f"workshop.flag.{flag}"):
            act(lambda flag=flag, on=on: workshops.set_flag(person, sid, flag, not on, now))
    onward = workshops.next_options(view)
    if session.kind == "case" and len(onward) > 1:
        st.caption("Or choose where the case goes next:")
        columns = st.columns(len(onward))
        for (target, label), column in zip(onward, columns, strict=True):
            if column.button(label, key=f"workshop.go.{target}"):
                act(lambda target=target: workshops.go(person, sid, target, now))
    live_tally(view)
    if step.votable:
        hands(workshops, person, view)
    keys.listen(next_key=keys.NEXT, back_key=keys.BACK)


@st.fragment(run_every=2)
def live_tally(view) -> None:
    """Votes as they arrive (read again every 2 s on a connection of its own)."""
    with services.opened() as svc:
        workshops = WorkshopService(svc.db, svc.course)
        session = workshops.session(view.session.id)
        if session is None or session.version != view.session.version:
            st.rerun(scope="app")  # the step changed elsewhere (another tab, the projector)
        counts = workshops.tally(session, view.key)
        voters = workshops.voters(session, view.key)
    if not view.step.options:
        return
    rows = [{"option": f"{o.letter}. {o.text[:60]}", "answers": counts.get(o.id, 0)}
            for o in view.step.options]  # fmt: skip
    st.markdown(f"**Room so far: {voters} phone vote{'s' if voters != 1 else ''}**"
                " (plus any show of hands typed below)")  # fmt: skip
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def hands(workshops: WorkshopService, person, view) -> None:
    with (
        st.expander("No phones? Type the show of hands"),
        st.form(f"workshop.hands.{view.key}"),
    ):
        counts = {o.id: st.number_input(f"{o.letter}", min_value=0, max_value=1000, step=1,
                                        key=f"hands.{view.key}.{o.id}")
                  for o in view.step.options}  # fmt: skip
        if st.form_submit_button("Save the counts"):
            act(lambda: workshops.set_hands(person, view.session.id,
                                            {k: int(v) for k, v in counts.items()},
                                            services.now()))  # fmt: skip


def summary(workshops: WorkshopService, person, session_id: int) -> None:
    steps = summarise(workshops, person, session_id)
    session = workshops.led(person, session_id)
    st.download_button("Download every step's answers (CSV)", to_csv(steps),
                       file_name=f"workshop-{session.code}.csv", mime="text/csv",
                       key=f"workshop.csv.{session_id}")  # fmt: skip
    worst = [s for s in departures(steps) if s.best_share is not None and s.best_share < 1]
    if worst:
        st.markdown("**Where the room departed most from the best answer**")
        for s in worst[:3]:
            best = ", ".join(o.letter for o in s.options if o.best)
            st.markdown(f"- Step {s.number}: {round(100 * s.best_share)}% chose the best "
                        f"answer ({best}) of {s.answers} answers")  # fmt: skip
    rows = []
    for s in steps:
        for o in s.options:
            rows.append({"step": s.number, "option": o.letter, "verdict": o.verdict,
                         "phones": o.phones, "hands": o.hands, "total": o.total,
                         "room went": "→" if s.followed == o.letter else ""})  # fmt: skip
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    questions = [q for s in steps for q in s.discussion]
    if questions:
        st.markdown("**Discussion questions met on the way**")
        for question in questions:
            st.markdown(f"- {question}")


render()
