"""The optional "how sure are you?" question asked with quiz answers and case decisions."""

from __future__ import annotations

import streamlit as st

CONFIDENCE = {1: "Guessing", 2: "Fairly sure", 3: "Sure"}


def confidence_radio(key: str) -> int | None:
    return st.radio(
        "How sure are you? (optional)", list(CONFIDENCE), index=None,
        format_func=CONFIDENCE.__getitem__, horizontal=True, key=key,
    )  # fmt: skip
