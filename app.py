"""Entry point: page set-up, who is signed in, and the navigation their role allows."""

import streamlit as st

from modules.tracking import StoreError
from modules.ui import auth, services, state
from modules.ui.pages import navigation_for
from modules.ui.styles import BASE_CSS

st.set_page_config(page_title="DBT for clinicians", page_icon=":material/school:", layout="wide")
st.html(BASE_CSS)

try:
    with services.opened() as svc:
        person = auth.resolve(svc.accounts)
        first_run = svc.accounts.needs_first_admin()
except StoreError as error:
    st.error(f"{error} Your work so far is safe; ask your administrator to check the database.")
    st.stop()

if person is None:
    state.set_person(None)
navigation = st.navigation(navigation_for(person, first_run), position="top")
auth.apply_cookie_action()
navigation.run()
