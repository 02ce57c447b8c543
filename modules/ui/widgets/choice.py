"""Single- and multiple-choice items: a radio group or checkboxes, then feedback per option."""

from __future__ import annotations

from typing import Any

import streamlit as st

from modules.course import QuestionBase
from modules.learning.service import DisplayOrder

from .registry import register


def _options(question: QuestionBase, order: DisplayOrder):
    by_id = {o.id: o for o in question.options}  # type: ignore[attr-defined]
    return [by_id[option_id] for option_id in order.choices if option_id in by_id]


def _explain(option, chosen: bool) -> None:
    mark = "Your choice" if chosen else "Not chosen"
    verdict = "a best response" if option.correct else "not the best response"
    text = f"**{option.text}**  \n*{mark}; {verdict}.* {option.feedback}"
    if chosen and option.correct:
        st.success(text, icon=":material/check_circle:")
    elif chosen:
        st.error(text, icon=":material/cancel:")
    elif option.correct:
        st.info(text, icon=":material/lightbulb:")
    else:
        st.caption(text)


class SingleRenderer:
    type_name = "single"

    def answer(self, question: QuestionBase, order: DisplayOrder, key: str) -> Any:
        options = _options(question, order)
        labels = {o.id: o.text for o in options}
        return st.radio(
            "Choose one response", [o.id for o in options], index=None,
            format_func=labels.__getitem__, key=key,
        )  # fmt: skip

    def feedback(self, question: QuestionBase, order: DisplayOrder, response: Any) -> None:
        options = _options(question, order)
        for option in options:  # what was chosen, then the best answer, then the rest
            if option.id == response:
                _explain(option, chosen=True)
        for option in options:
            if option.correct and option.id != response:
                _explain(option, chosen=False)
        with st.expander("Every option explained"):
            for option in options:
                if option.id != response and not option.correct:
                    _explain(option, chosen=False)


class MultipleRenderer:
    type_name = "multiple"

    def answer(self, question: QuestionBase, order: DisplayOrder, key: str) -> Any:
        st.markdown("Select all that apply.")
        chosen = []
        for option in _options(question, order):
            if st.checkbox(option.text, key=f"{key}.{option.id}"):
                chosen.append(option.id)
        return chosen

    def feedback(self, question: QuestionBase, order: DisplayOrder, response: Any) -> None:
        chosen = set(response or ())
        for option in _options(question, order):
            _explain(option, chosen=option.id in chosen)


register(SingleRenderer())
register(MultipleRenderer())
