"""The projector view: nothing but the case or item, large and high-contrast, following the
leader's control view by reading the session every second. No names, no scores, no chrome."""

from __future__ import annotations

import streamlit as st

from modules.accounts.roles import PermissionDenied
from modules.settings import load_settings
from modules.tracking import StoreError
from modules.ui import services, state
from modules.ui.leader import keys
from modules.workshop import WorkshopError, WorkshopService
from modules.workshop.links import base_url, join_link

NEXT = "projector_next"
BACK = "projector_back"

# black on white (21:1) and dark grey captions (#1f1f1f, 16:1): well above WCAG AA
CSS = """<style>
header[data-testid="stHeader"], [data-testid="stSidebar"], [data-testid="stToolbar"],
.st-key-projector_controls, [data-testid="stDecoration"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 1rem 2.5rem 0 2.5rem; max-width: 100%; }
.stApp { background: #ffffff; color: #000000; }
[data-testid="stCaptionContainer"] { opacity: 1 !important; }
.st-key-proj_top p { font-size: 22px; color: #000000 !important; margin: 0; }
.st-key-proj_body h3 { font-size: 30px; padding: 0.2rem 0; color: #000000; }
.st-key-proj_body p, .st-key-proj_body li { font-size: 24px; line-height: 1.35; }
.st-key-proj_body, .st-key-proj_body * { color: #000000 !important; }
.st-key-proj_body blockquote p { font-style: italic; }
.st-key-proj_choices p { font-size: 32px; line-height: 1.22; color: #000000;
  margin-bottom: 0.1rem; }
.st-key-proj_choices [data-testid="stCaptionContainer"],
.st-key-proj_choices [data-testid="stCaptionContainer"] * {
  font-size: 19px !important; line-height: 1.25; color: #1f1f1f !important;
  opacity: 1 !important; }
.st-key-proj_choices [data-testid="stProgress"] p { font-size: 22px; color: #000000; }
</style>"""

VERDICT = {"optimal": "Best move", "acceptable": "Defensible", "problematic": "Common mistake",
           "right": "Right", "wrong": "Wrong"}  # fmt: skip


def render() -> None:
    st.html(CSS)
    person = state.person()
    wanted = st.query_params.get("session", "")
    try:
        with services.opened() as svc:
            if not wanted.isdigit():
                raise WorkshopError("Open the projector view from a workshop's control page.")
            session = WorkshopService(svc.db, svc.course).led(person, int(wanted))
    except (WorkshopError, PermissionDenied, StoreError) as error:
        st.error(str(error))
        return
    link = join_link(base_url(load_settings().public_url, st.context.url), session.code)
    show(session.id, link)
    with st.container(key="projector_controls"):  # hidden; pressed by the keyboard listener
        if st.button("Next step", key=NEXT):
            step(lambda w: w.forward(person, session.id, services.now()))
        if st.button("Previous step", key=BACK):
            step(lambda w: w.back(person, session.id, services.now()))
    keys.listen(next_key=NEXT, back_key=BACK)


def step(action) -> None:
    try:
        with services.opened() as svc:
            action(WorkshopService(svc.db, svc.course))
    except (WorkshopError, PermissionDenied, StoreError):
        pass  # at the first or last step a clicker press does nothing
    st.rerun()


@st.fragment(run_every=1)
def show(session_id: int, link: str) -> None:
    with services.opened() as svc:
        workshops = WorkshopService(svc.db, svc.course)
        session = workshops.session(session_id)
        if session is None:
            return
        view = workshops.view(session, services.now())
        counts = workshops.tally(session, view.key) if view.flags.tally_shown else {}
    with st.container(key="proj_top"):
        if view.live:
            st.markdown(f"Join at **{link}** with code **{session.code}**")
        else:
            st.markdown("This workshop has ended. Thank you for taking part.")
    step_, flags = view.step, view.flags
    with st.container(key="proj_body"):
        st.markdown(f"### {step_.heading}")
        if not (flags.revealed and step_.options):  # once revealed, the answers need the room
            st.markdown(step_.body)
            if step_.says:
                st.markdown(f"> {step_.says}")
        if flags.revealed and step_.explanation:
            st.markdown(step_.explanation)
        if not step_.options:
            for question in step_.discussion:
                st.markdown(f"- {question}")
    total = sum(counts.values())
    with st.container(key="proj_choices"):
        for start in range(0, len(step_.options), 2):
            for option, cell in zip(step_.options[start : start + 2],
                                    st.columns(2, gap="large"), strict=False):  # fmt: skip
                with cell:
                    st.markdown(f"**{option.letter}.** {option.text}")
                    if flags.revealed:
                        label = VERDICT.get(option.verdict, option.verdict)
                        st.caption(f"**{label}.** {option.feedback}")
                    if flags.tally_shown:
                        n = counts.get(option.id, 0)
                        share = n / total if total else 0.0
                        st.progress(share, text=f"{n} ({round(100 * share)}%)")
        if flags.locked:
            st.caption("Voting is closed for this step.")


render()
