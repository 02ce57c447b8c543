"""Set a new password with a one-time code from an administrator or coordinator."""

import streamlit as st

from modules.accounts import AccountError
from modules.accounts.passwords import MIN_LENGTH
from modules.accounts.service import reset_password
from modules.tracking import StoreError
from modules.ui import services, state


def render() -> None:
    st.title("Reset your password")
    st.caption(
        "Ask your administrator or coordinator for a reset code. A code works once, for 24 "
        "hours; using it signs you out everywhere."
    )
    with st.form("reset", clear_on_submit=False):
        email = st.text_input("Email", max_chars=254, autocomplete="email")
        code = st.text_input("Reset code", max_chars=20)
        new = st.text_input(f"New password (at least {MIN_LENGTH} characters)", type="password",
                            max_chars=256, autocomplete="new-password")  # fmt: skip
        again = st.text_input("New password again", type="password", max_chars=256,
                              autocomplete="new-password")  # fmt: skip
        submitted = st.form_submit_button("Set new password", type="primary")
    if not submitted:
        return
    if new != again:
        st.error("The two passwords differ; type the same password twice.")
        return
    try:
        with services.opened() as svc:
            reset_password(svc.accounts, email, code, new, services.now())
    except (AccountError, StoreError) as error:
        st.error(str(error))
    else:
        state.set_flash("Your password is set. Sign in with it now.")
        st.success("Your password is set. Sign in with it now.")


render()
