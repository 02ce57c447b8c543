"""Ordering items: one drop-down per position, then the correct order with each step's reason."""

from __future__ import annotations

from typing import Any

import streamlit as st

from modules.course import QuestionBase
from modules.learning.service import DisplayOrder

from .registry import register


class OrderingRenderer:
    type_name = "ordering"

    def answer(self, question: QuestionBase, order: DisplayOrder, key: str) -> Any:
        steps = {s.id: s.text for s in question.steps}  # type: ignore[attr-defined]
        shown = [step_id for step_id in order.choices if step_id in steps]
        st.markdown("Put the steps in order, first at the top.")
        placed = []
        for position in range(1, len(shown) + 1):
            choice = st.selectbox(
                f"Step {position}", shown, index=None, format_func=steps.__getitem__,
                key=f"{key}.{position}", placeholder="Choose a step",
            )  # fmt: skip
            if choice is not None:
                placed.append(choice)
        return placed

    def feedback(self, question: QuestionBase, order: DisplayOrder, response: Any) -> None:
        given = list(response or [])
        st.markdown("**The order, and why each step sits where it does**")
        for position, step in enumerate(question.steps, start=1):  # type: ignore[attr-defined]
            yours = given.index(step.id) + 1 if step.id in given else None
            where = "you placed it here" if yours == position else f"you placed it {yours}"
            text = f"**{position}. {step.text}**  \n*{where.capitalize()}.* {step.feedback}"
            (st.success if yours == position else st.warning)(text)


register(OrderingRenderer())
