"""Sign in with email and password."""

import streamlit as st

from modules.accounts import AccountError
from modules.tracking import StoreError
from modules.ui import auth, services, state
from modules.ui.pages import page


def render() -> None:
    st.title("Sign in")
    message = state.flash()
    if message:
        st.info(message)
    with st.form("sign_in"):
        email = st.text_input("Email", autocomplete="email")
        password = st.text_input("Password", type="password", autocomplete="current-password")
        submitted = st.form_submit_button("Sign in", type="primary")
    if submitted:
        try:
            with services.opened() as svc:
                token = svc.accounts.sign_in(email, password, services.now())
        except (AccountError, StoreError) as error:
            st.error(str(error))
        else:
            auth.signed_in(token)
            st.rerun()
    st.page_link(
        page("register"), label="New here? Create a trainee account", icon=":material/person_add:"
    )


render()
