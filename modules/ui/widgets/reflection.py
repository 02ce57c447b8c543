"""Reflection items: free text, not scored; then a model answer and a self-check list."""

from __future__ import annotations

from typing import Any

import streamlit as st

from modules.course import QuestionBase
from modules.learning.service import DisplayOrder

from .registry import register


class ReflectionRenderer:
    type_name = "reflection"

    def answer(self, question: QuestionBase, order: DisplayOrder, key: str) -> Any:
        st.caption(
            "Not scored. Your reflection is private: coordinators see only that you wrote one."
        )
        return st.text_area("Your answer", key=key, height=160, max_chars=4000)

    def feedback(self, question: QuestionBase, order: DisplayOrder, response: Any) -> None:
        st.markdown("**What you wrote**")
        st.text(response or "")
        st.markdown("**A model answer**")
        st.info(question.model_answer)  # type: ignore[attr-defined]
        st.markdown("**Check your answer**")
        for point in question.self_check:  # type: ignore[attr-defined]
            st.markdown(f"- {point}")


register(ReflectionRenderer())
