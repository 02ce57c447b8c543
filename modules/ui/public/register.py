"""Create a trainee account."""

import streamlit as st

from modules.accounts.cohorts import CohortService
from modules.accounts.passwords import MIN_LENGTH
from modules.ui import auth, services


def render() -> None:
    st.title("Create your account")
    st.caption(
        f"Use a password of at least {MIN_LENGTH} characters; several unrelated words are easy "
        "to remember and hard to guess. There are no other rules."
    )
    with st.form("register"):
        name = st.text_input("Your name", max_chars=120, autocomplete="name")
        email = st.text_input("Email", max_chars=254, autocomplete="email")
        password = st.text_input(
            "Password", type="password", max_chars=256, autocomplete="new-password"
        )
        again = st.text_input(
            "Password again", type="password", max_chars=256, autocomplete="new-password"
        )
        code = st.text_input(
            "Invitation code from your coordinator (if you have one)", max_chars=20,
            value=st.query_params.get("code", ""),
        )  # fmt: skip
        submitted = st.form_submit_button("Create account", type="primary")
    if not submitted:
        return
    if password != again:
        st.error("The two passwords differ; type the same password twice.")
        return
    auth.sign_in_after(
        email, password,
        lambda accounts: CohortService(accounts.db).register_trainee(
            accounts, name, email, password, code, services.now()
        ),
    )  # fmt: skip


render()
