"""People: create coordinators and leaders, change roles, deactivate accounts; the audit log."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from modules.accounts import AccountError, Role
from modules.accounts.people import PeopleService
from modules.accounts.roles import PermissionDenied
from modules.tracking import StoreError
from modules.ui import services, state
from modules.ui.wording import plain


def render() -> None:
    person = state.person()
    st.title("People")
    with services.opened() as svc:
        people = PeopleService(svc.db, svc.accounts)
        create_form(people, person)
        users = people.everyone(person)
        st.dataframe(pd.DataFrame([{"Name": u.name, "Email": u.email, "Role": u.role,
                                    "Active": "yes" if u.active else "no"} for u in users]),
                     hide_index=True, width="stretch")  # fmt: skip
        manage(people, person, users)
        with st.expander("Audit log"):
            entries = people.audit_log(person)
            if entries:
                st.dataframe(pd.DataFrame(entries), hide_index=True, width="stretch")
            else:
                st.caption("No changes recorded yet.")


def create_form(people: PeopleService, person) -> None:
    with st.expander("Create a coordinator, leader or administrator"), st.form("people.create"):
        name = st.text_input("Name", max_chars=120)
        email = st.text_input("Email", max_chars=254)
        password = st.text_input("First password (at least 15 characters; they can change it)",
                                 type="password", max_chars=256)  # fmt: skip
        role = st.selectbox("Role", [Role.COORDINATOR, Role.LEADER, Role.ADMIN, Role.TRAINEE],
                            format_func=lambda r: r.value)  # fmt: skip
        if st.form_submit_button("Create account", type="primary"):
            try:
                people.create(person, name, email, password, role, services.now())
            except (AccountError, PermissionDenied, StoreError) as error:
                st.error(str(error))
            else:
                st.success(f"Created {plain(email)} as {role.value}.")


def manage(people: PeopleService, person, users) -> None:
    st.subheader("Change a role or deactivate")
    labels = {u.id: f"{u.name} ({u.email})" for u in users}
    chosen = st.selectbox("Person", list(labels), format_func=labels.__getitem__,
                          key="people.chosen")  # fmt: skip
    target = next(u for u in users if u.id == chosen)
    cols = st.columns(2)
    roles = list(Role)
    role = cols[0].selectbox("Role", roles, index=roles.index(Role(target.role)),
                             format_func=lambda r: r.value, key="people.role")  # fmt: skip
    try:
        if cols[0].button("Change role", key="people.change"):
            people.change_role(person, target.id, role, services.now())
            st.rerun()
        verb = "Deactivate" if target.active else "Reactivate"
        if cols[1].button(verb, key="people.active"):
            people.set_active(person, target.id, not target.active, services.now())
            st.rerun()
        if cols[1].button("Unlock sign-in", key="people.unlock"):
            people.unlock(person, target.id, services.now())
            st.success(f"{plain(target.email)} can sign in again.")
        if cols[0].button("Issue a password-reset code", key="people.reset"):
            code = people.issue_reset_code(person, target.id, services.now())
            st.success(
                f"Reset code for {plain(target.email)}: **{code}**. It works once, for 24 "
                "hours; give it to the person directly (it is not shown again)."
            )
    except (AccountError, PermissionDenied, StoreError) as error:
        st.error(str(error))
    their_data(people, person, target)


def their_data(people: PeopleService, person, target) -> None:
    """A subject access request and an erasure request, for the chosen person."""
    st.subheader("Their data")
    st.caption("Download everything stored about this person, or erase them: their account, "
               "name and email go; their answers stay, anonymised, for item statistics. "
               "Erasure cannot be undone.")  # fmt: skip
    try:
        if st.button("Prepare their data (JSON)", key="people.export"):
            found = people.export_person(person, target.id, services.now())
            st.download_button("Download their data", json.dumps(found, indent=2, default=str),
                               file_name=f"person-{target.id}.json", mime="application/json",
                               key="people.export.download")  # fmt: skip
        with st.form("people.erase"):
            typed = st.text_input("To erase this person, type their email")
            if st.form_submit_button("Erase this person", type="primary"):
                if typed.strip().lower() != target.email.lower():
                    st.error("The email typed is not this person's; nothing was erased.")
                else:
                    people.erase_person(person, target.id, services.now())
                    st.success("Erased. Their answers remain only under an anonymous account.")
    except (AccountError, PermissionDenied, StoreError) as error:
        st.error(str(error))


render()
