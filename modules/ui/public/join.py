"""The participant's phone page: join a workshop with its code and a display name, then answer
each step as the leader reveals it. Public: no account is needed. The page keeps the person's
token in its address (?p=...), so a phone that sleeps or reloads stays the same participant."""

from __future__ import annotations

import streamlit as st

from modules.accounts import Role
from modules.tracking import StoreError
from modules.ui import services, state
from modules.ui.wording import plain
from modules.workshop import WorkshopError, WorkshopService

POLL_SECONDS = 2


def render() -> None:
    token = st.query_params.get("p", "")
    with services.opened() as svc:
        workshops = WorkshopService(svc.db, svc.course)
        participant = workshops.participant(token) if token else None
        if participant is None:
            join_form(workshops, bool(token))
        else:
            phone(workshops, participant)


def phone(workshops: WorkshopService, participant) -> None:
    session = workshops.session(participant.session_id)
    view = workshops.view(session, services.now())
    mine = workshops.my_vote(participant, view.key)
    follow(session.id, session.version)
    record = " (answers count in your course record)" if participant.user_id else ""
    st.caption(f"{session.title} · you are {plain(participant.display_name)}{record}")
    if not view.live:
        st.subheader("This workshop has ended")
        st.write("Thank you for taking part. You can close this page.")
        return
    step = view.step
    st.subheader(f"Step {view.number}")
    if not step.votable:
        st.info("Nothing to vote on at this step: listen, and join the discussion in the room.")
        return
    if view.flags.revealed:
        reveal(step, mine)
    if view.flags.locked:
        st.warning("Voting on this step is closed.")
    elif step.multiple:
        choose_several(workshops, participant, view, mine)
    else:
        choose_one(workshops, participant, view, mine)


def join_form(workshops: WorkshopService, stale: bool) -> None:
    st.title("Join a workshop")
    if stale:
        st.warning("This page's link no longer names a participant; join again below.")
    person = state.person()
    with st.form("join"):
        code = st.text_input("Code shown on the screen", value=st.query_params.get("code", ""),
                             max_chars=12)  # fmt: skip
        name = st.text_input("A name for this workshop", max_chars=40,
                             help="A first name or a nickname is enough; nothing else is kept, "
                                  "and the screen never shows it.")  # fmt: skip
        as_me = False
        if person is not None and person.role is Role.TRAINEE:
            as_me = st.checkbox(f"Count my answers in my course record (as {plain(person.name)})",
                                value=True)  # fmt: skip
        if st.form_submit_button("Join", type="primary"):
            try:
                joined = workshops.join(code, name, services.now(),
                                        as_person=person if as_me else None)  # fmt: skip
            except (WorkshopError, StoreError) as error:
                st.error(str(error))
            else:
                st.query_params["p"] = joined.token
                st.query_params.pop("code", None)
                st.rerun()


@st.fragment(run_every=POLL_SECONDS)
def follow(session_id: int, version: int) -> None:
    """Poll the session's one-row version; when the leader changes anything, redraw the page."""
    with services.opened() as svc:
        polled = WorkshopService(svc.db, svc.course).poll(session_id)
    if polled is None or polled[0] != version:
        st.rerun(scope="app")


def reveal(step, mine: list[str]) -> None:
    best = [o for o in step.options if o.best]
    if mine and sorted(mine) == sorted(o.id for o in best):
        st.success("Your answer matches the best one.")
    st.markdown("**Best: " + ", ".join(f"{o.letter}. {o.text}" for o in best) + "**")
    for choice in mine:
        option = step.option(choice)
        if option is not None:
            st.caption(f"You chose {option.letter}: {option.feedback}")


def choose_one(workshops: WorkshopService, participant, view, mine: list[str]) -> None:
    if mine:
        chosen = view.step.option(mine[0])
        st.success(f"Your vote: {chosen.letter if chosen else '?'}. You can change it until "
                   "voting closes.")  # fmt: skip
    for option in view.step.options:
        label = f"{option.letter}. {option.text}"
        kind = "primary" if option.id in mine else "secondary"
        if st.button(label, key=f"vote.{view.key}.{option.id}", type=kind, width="stretch"):
            send(workshops, participant, view.key, option.id)


def choose_several(workshops: WorkshopService, participant, view, mine: list[str]) -> None:
    st.write("Choose every option that applies.")
    with st.form(f"vote.{view.key}"):
        picked = [o.id for o in view.step.options
                  if st.checkbox(f"{o.letter}. {o.text}", value=o.id in mine,
                                 key=f"vote.{view.key}.{o.id}")]  # fmt: skip
        if st.form_submit_button("Send my answer", type="primary"):
            send(workshops, participant, view.key, picked)
    if mine:
        letters = ", ".join(o.letter for o in view.step.options if o.id in mine)
        st.success(f"Your answer: {letters}. You can change it until voting closes.")


def send(workshops: WorkshopService, participant, key: str, choice) -> None:
    try:
        workshops.vote(participant, key, choice, services.now())
    except (WorkshopError, StoreError) as error:
        st.error(str(error))
    else:
        st.rerun()


render()
