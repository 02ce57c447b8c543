"""First run: create the administrator (only while the database has no accounts)."""

import streamlit as st

from modules.accounts.passwords import MIN_LENGTH
from modules.ui import auth, services


def render() -> None:
    st.title("Set up the course")
    st.write(
        "Nobody has an account yet. Create the administrator's account: the administrator "
        "checks the course content and, later, manages coordinators and leaders."
    )
    with st.form("setup"):
        name = st.text_input("Administrator's name", max_chars=120)
        email = st.text_input("Email", max_chars=254)
        password = st.text_input(
            f"Password (at least {MIN_LENGTH} characters)", type="password", max_chars=256
        )
        submitted = st.form_submit_button("Create administrator", type="primary")
    if not submitted:
        return
    auth.sign_in_after(
        email,
        password,
        lambda accounts: accounts.create_first_admin(name, email, password, services.now()),
    )


render()
