"""Matching items: a drop-down of responses for each premise, then each match explained."""

from __future__ import annotations

from typing import Any

import streamlit as st

from modules.course import QuestionBase
from modules.learning.service import DisplayOrder

from .registry import register


class MatchingRenderer:
    type_name = "matching"

    def answer(self, question: QuestionBase, order: DisplayOrder, key: str) -> Any:
        premises = {p.id: p for p in question.premises}  # type: ignore[attr-defined]
        responses = {r.id: r.text for r in question.responses}  # type: ignore[attr-defined]
        choices = [r for r in order.responses if r in responses]
        answer = {}
        for premise_id in order.premises:
            premise = premises[premise_id]
            answer[premise_id] = st.selectbox(
                premise.text, choices, index=None, format_func=responses.__getitem__,
                key=f"{key}.{premise_id}", placeholder="Choose a match",
            )  # fmt: skip
        return {p: r for p, r in answer.items() if r is not None}

    def feedback(self, question: QuestionBase, order: DisplayOrder, response: Any) -> None:
        given = dict(response or {})
        texts = {r.id: r.text for r in question.responses}  # type: ignore[attr-defined]
        by_id = {p.id: p for p in question.premises}  # type: ignore[attr-defined]
        for premise_id in order.premises:
            premise = by_id[premise_id]
            right = given.get(premise_id) == premise.match
            yours = texts.get(given.get(premise_id, ""), "no match")
            text = (
                f"**{premise.text}**  \nMatches: *{texts[premise.match]}*"
                + ("" if right else f" (you chose: {yours})")
                + f". {premise.feedback}"
            )
            (st.success if right else st.error)(text)


register(MatchingRenderer())
