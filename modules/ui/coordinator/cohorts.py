"""Cohorts: create one, share its invitation code and link, import its roster."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from modules.accounts import AccountError
from modules.accounts.cohorts import CohortService, invitation_link
from modules.accounts.roles import PermissionDenied
from modules.settings import load_settings
from modules.tracking import StoreError
from modules.ui import services, state
from modules.ui.pages import page
from modules.ui.wording import plain


def render() -> None:
    person = state.person()
    st.title("Cohorts")
    with services.opened() as svc:
        cohorts = CohortService(svc.db)
        create_form(cohorts, person)
        mine = cohorts.mine(person)
        if not mine:
            st.info("No cohorts yet. Create one above, then share its code or link.")
            return
        labels = {c.id: f"{c.name} (code {c.invite_code})" for c in mine}
        chosen = st.selectbox("Cohort", list(labels), format_func=labels.__getitem__,
                              key="cohorts.chosen")  # fmt: skip
        try:
            cohort = cohorts.get(person, chosen)
        except PermissionDenied as error:
            st.error(str(error))
            return
        details(cohorts, person, cohort)


def create_form(cohorts: CohortService, person) -> None:
    with st.expander("Create a cohort", expanded=False), st.form("cohorts.create"):
        name = st.text_input("Name", max_chars=120)
        cols = st.columns(3)
        starts = cols[0].date_input("Starts", value=None)
        ends = cols[1].date_input("Ends", value=None)
        target = cols[2].date_input("Target completion date", value=None)
        pass_mark = st.number_input("Pass mark for every module (%, blank keeps each module's)",
                                    min_value=1, max_value=100, value=None, step=1)  # fmt: skip
        if st.form_submit_button("Create cohort", type="primary"):
            try:
                mark = int(pass_mark) if pass_mark else None
                cohort = cohorts.create(person, name, services.now(), starts_on=starts,
                                        ends_on=ends, target_on=target, pass_mark=mark)  # fmt: skip
            except (AccountError, PermissionDenied, StoreError) as error:
                st.error(str(error))
            else:
                st.success(
                    f"Created {plain(cohort.name)}; its invitation code is {cohort.invite_code}."
                )


def details(cohorts: CohortService, person, cohort) -> None:
    settings = load_settings()
    st.subheader(plain(cohort.name))
    link = invitation_link(settings.public_url, cohort.invite_code)
    st.markdown(f"Invitation code: **{cohort.invite_code}**")
    st.code(link, language=None)
    if settings.public_url_is_local:
        st.caption("Set DBT_COURSE_PUBLIC_URL to the address trainees use, so the link works "
                   "for them (it is relative or local now).")  # fmt: skip
    dates = [f"starts {cohort.starts_on}" if cohort.starts_on else "",
             f"ends {cohort.ends_on}" if cohort.ends_on else "",
             f"target {cohort.target_on}" if cohort.target_on else "",
             f"pass mark {cohort.pass_mark}%" if cohort.pass_mark else ""]  # fmt: skip
    if any(dates):
        st.caption(" · ".join(d for d in dates if d))
    st.page_link(page("dashboard"), label="Open the cohort dashboard", icon=":material/monitoring:",
                 query_params={"cohort": str(cohort.id)})  # fmt: skip
    roster_import(cohorts, person, cohort)
    members = cohorts.members(person, cohort.id)
    st.markdown(f"**Members ({len(members)})**")
    if members:
        st.dataframe(pd.DataFrame([{"Name": m.name, "Email": m.email, "Joined via": m.via,
                                    "Joined": m.joined_at.strftime("%Y-%m-%d")} for m in members]),
                     hide_index=True, width="stretch")  # fmt: skip


def roster_import(cohorts: CohortService, person, cohort) -> None:
    with st.expander("Import a roster (CSV with columns name, email)"):
        upload = st.file_uploader("Roster file", type=["csv"], key=f"roster.{cohort.id}")
        good_only = st.checkbox("If some rows are bad, import the good ones anyway",
                                key=f"roster.good.{cohort.id}")  # fmt: skip
        if upload is None or not st.button("Import", key=f"roster.import.{cohort.id}"):
            roster = cohorts.roster(person, cohort.id)
            if roster:
                st.caption(f"{len(roster)} people on the roster; they join when they register.")
            return
        try:
            text = upload.getvalue().decode("utf-8-sig")
        except UnicodeDecodeError:
            st.error("The file is not UTF-8 text; save it as CSV UTF-8 and try again.")
            return
        result = cohorts.import_roster(person, cohort.id, text, services.now(), good_only)
        for problem in result.roster.bad:
            st.error(f"Roster {plain(str(problem))}")  # it quotes what the file holds
        if result.roster.bad and not good_only:
            st.warning(f"Nothing imported: {len(result.roster.bad)} bad rows. Fix them, or tick "
                       "the box to import the good rows only.")  # fmt: skip
        else:
            st.success(f"Imported {result.imported} (already there: {result.already_there}); "
                       f"{result.joined_now} already had accounts and joined now.")  # fmt: skip


render()
