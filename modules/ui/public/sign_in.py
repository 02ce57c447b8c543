"""Sign in with email and password."""

import streamlit as st

from modules.ui import auth, state
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
        auth.sign_in_after(email, password)
    st.page_link(
        page("register"), label="New here? Create a trainee account", icon=":material/person_add:"
    )
    st.page_link(
        page("reset"), label="Have a reset code? Set a new password", icon=":material/key:"
    )


render()
