"""The account page: who is signed in, change password, sign out."""

import streamlit as st

from modules.accounts import AccountError
from modules.accounts.passwords import MIN_LENGTH
from modules.tracking import StoreError
from modules.ui import auth, services, state
from modules.ui.wording import plain


def render() -> None:
    person = state.person()
    assert person is not None  # app.py shows this page only to a signed-in person
    st.title("Your account")
    st.write(
        f"Signed in as **{plain(person.name)}** ({plain(person.email)}), role: {person.role.value}."
    )
    st.subheader("Change your password")
    with st.form("change_password", clear_on_submit=True):
        current = st.text_input(
            "Current password", type="password", autocomplete="current-password"
        )
        new = st.text_input(
            f"New password (at least {MIN_LENGTH} characters)",
            type="password",
            autocomplete="new-password",
        )
        again = st.text_input("New password again", type="password", autocomplete="new-password")
        submitted = st.form_submit_button("Change password")
    if submitted:
        if new != again:
            st.error("The two new passwords differ; type the same password twice.")
        else:
            try:
                with services.opened() as svc:
                    svc.accounts.change_password(person, current, new, services.now())
            except (AccountError, StoreError) as error:
                st.error(str(error))
            else:
                st.success("Your password is changed. Your other sessions have been signed out.")
    st.subheader("Sign out")
    if st.button("Sign out", icon=":material/logout:"):
        with services.opened() as svc:
            auth.sign_out(svc.accounts)
        st.rerun()


render()
