"""Verify a certificate of completion by its code (public: for employers and registrars)."""

import streamlit as st

from modules.learning.certificates import CertificateService
from modules.ui import services
from modules.ui.wording import plain


def render() -> None:
    st.title("Verify a certificate")
    code = st.text_input("Verification code", value=st.query_params.get("code", ""),
                         placeholder="XXXX-XXXX-XXXX-XXXX")  # fmt: skip
    if not code.strip():
        return
    with services.opened() as svc:
        found = CertificateService(svc.learning).verify(code)
    if found is None:
        st.error("No certificate has this code. Check the code; a forged or mistyped code is "
                 "not recognised.")  # fmt: skip
        return
    st.success(
        f"Genuine: **{plain(found.name)}** completed *{found.course}* on "
        f"{found.completed_on:%d %B %Y} "
        f"({found.hours:g} hours of study).",
        icon=":material/verified:",
    )


render()
