"""Keyboard stepping for the control and projector views: Right or Page Down presses the page's
next-step button, Left or Page Up its previous-step button (what presentation clickers send).
The script is ours alone (no person's input goes into it) and installs one listener per page."""

from __future__ import annotations

import json

import streamlit as st

NEXT = "workshop_next"
BACK = "workshop_back"


def listen(next_key: str, back_key: str) -> None:
    """Buttons made with these widget keys get the class `st-key-<key>` from Streamlit; the
    listener looks them up at each key press, so reruns that redraw them need nothing more."""
    selectors = json.dumps({"next": f".st-key-{next_key} button",
                            "back": f".st-key-{back_key} button"})  # fmt: skip
    st.html(
        "<script>(function () {"
        f"var s = {selectors}; window.__dbtWorkshopKeys = s;"
        "if (window.__dbtWorkshopListening) { return; }"
        "window.__dbtWorkshopListening = true;"
        "document.addEventListener('keydown', function (e) {"
        " var t = e.target; if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA'"
        "  || t.isContentEditable)) { return; }"
        " var which = (e.key === 'ArrowRight' || e.key === 'PageDown') ? 'next'"
        "  : (e.key === 'ArrowLeft' || e.key === 'PageUp') ? 'back' : null;"
        " if (!which || !window.__dbtWorkshopKeys) { return; }"
        " var b = document.querySelector(window.__dbtWorkshopKeys[which]);"
        " if (b && !b.disabled) { e.preventDefault(); b.click(); }"
        "});})();</script>",
        unsafe_allow_javascript=True,
    )
