"""Entry point: page set-up and the navigation of the DBT clinician course."""

import streamlit as st

from modules.ui.pages import page

st.set_page_config(page_title="DBT for clinicians", page_icon=":material/school:", layout="wide")

navigation = st.navigation(
    {
        "Study": [page("course_map", default=True), page("lesson"), page("glossary")],
        "Admin": [page("content_check")],
    },
    position="top",
)
navigation.run()
