"""Who is signed in: the session token from this tab or the session cookie, checked against the
database on every rerun, and the cookie set or cleared by a few lines of JavaScript."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from modules.accounts import AccountError, AccountsService, SignedIn
from modules.accounts.service import ABSOLUTE_LIFETIME
from modules.tracking import StoreError
from modules.ui import services, state
from modules.ui.services import now

COOKIE = "dbt_session"


def resolve(accounts: AccountsService) -> SignedIn | None:
    """The person this rerun acts for, or None. A token is never put in the URL."""
    token = state.token() or _cookie()
    person = accounts.resume(token, now())
    if person is None:
        if state.token() or _cookie():
            state.sign_out_locally()
            state.set_cookie_action(("clear", None))
        return None
    state.set_token(token)
    state.set_person(person)
    return person


def _cookie() -> str | None:
    value = st.context.cookies.get(COOKIE)
    return value if isinstance(value, str) and value else None


def signed_in(token: str) -> None:
    """After sign-in or registration: remember the token in this tab and in the cookie."""
    state.set_token(token)
    state.set_cookie_action(("set", token))


def sign_out(accounts: AccountsService) -> None:
    """End the session in the database (so the cookie is worthless) and forget it here."""
    accounts.sign_out(state.token(), now())
    state.sign_out_locally()
    state.set_cookie_action(("clear", None))
    state.set_flash("You have signed out.")


def sign_in_after(
    email: str, password: str, create: Callable[[AccountsService], object] | None = None
) -> None:
    """Run an account form's action (create an account, or nothing), sign the person in and
    show the course; or show the error in words and leave the form as it was."""
    try:
        with services.opened() as svc:
            if create is not None:
                create(svc.accounts)
            token = svc.accounts.sign_in(email, password, now())
    except (AccountError, StoreError) as error:
        st.error(str(error))
        return
    signed_in(token)
    st.rerun()


def apply_cookie_action() -> None:
    """Send the pending cookie change to the browser. The token is our own URL-safe random
    string, never a person's input; SameSite=Strict, and Secure when served over https."""
    action = state.cookie_action()
    if action is None:
        return
    kind, token = action
    value, max_age = (token, int(ABSOLUTE_LIFETIME.total_seconds())) if kind == "set" else ("", 0)
    st.html(
        "<script>(function () {"
        "var secure = location.protocol === 'https:' ? '; Secure' : '';"
        f"document.cookie = '{COOKIE}={value}; Path=/; Max-Age={max_age}; SameSite=Strict'"
        " + secure;})();</script>",
        unsafe_allow_javascript=True,
    )
    state.set_cookie_action(None)
