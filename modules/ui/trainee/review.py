"""Spaced review: the items a trainee missed come back when due, weakest objectives first."""

from __future__ import annotations

import random

import streamlit as st

from modules.assessment.review import BOX_DAYS, LAST_BOX, LEECH_LAPSES
from modules.ui import quiz_flow, services, state
from modules.ui.pages import page

SLOT = "review"


def render() -> None:
    person = state.person()
    st.title("Review")
    st.caption(
        "Items you missed come back here: at once, then after 1, 3, 7 and 14 days as you get them "
        f"right (Leitner boxes 1-{LAST_BOX}). A wrong answer sends an item back to box 1."
    )
    with services.opened() as svc:
        now = services.now()
        feedback = state.quiz_feedback(SLOT)
        plan = state.quiz_plan(SLOT)
        if feedback is not None and plan is not None:
            quiz_flow.show_feedback(svc, SLOT, plan, feedback)
            return
        status = svc.review.status(person, now)
        leeches(svc, status)
        if plan is not None and plan.finished:
            result = svc.learning.result_of(plan)
            if result.percent is not None:
                st.success(f"Review session done: {result.percent:.0f}% right.")
            state.set_quiz_plan(SLOT, None)
            plan = None
        if plan is None:
            summary(svc, status, now)
            if not status.due and not st.button("Practise my weakest objectives"):
                return
            plan = svc.review.open_session(person, now, random.Random())
            if plan is None:
                st.info("Nothing to review right now: no missed items are due and no objective "
                        "is weak.")  # fmt: skip
                return
            state.set_quiz_plan(SLOT, plan)
        quiz_flow.ask(svc, person, SLOT, plan)


def summary(svc, status, now) -> None:
    boxes = {box: sum(1 for c in status.cards if c.box == box) for box in range(1, LAST_BOX + 1)}
    cols = st.columns(3)
    cols[0].metric("Due now", len(status.due))
    cols[1].metric("In the queue", len(status.cards))
    cols[2].metric("Leeches", len(status.leeches))
    if status.cards:
        st.caption("By box: " + " · ".join(
            f"box {b} ({'now' if not BOX_DAYS[b] else f'{BOX_DAYS[b]} d'}): {n}"
            for b, n in boxes.items()))  # fmt: skip
    if not status.due:
        when = status.next_due_at
        st.info(
            "Nothing is due now."
            + (f" The next item is due {when:%Y-%m-%d %H:%M} (UTC)." if when else "")
        )


def leeches(svc, status) -> None:
    for card in status.leeches:
        question = svc.course.question(card.question_id)
        if question is None:
            continue
        st.warning(
            f"Missed {card.lapses} times (a leech, flagged at {LEECH_LAPSES}): *{question.prompt}* "
            "Repeating it is not working; the lesson behind it may help more.",
            icon=":material/flag:",
        )
        for lesson in svc.course.lessons_of(question.module):
            if question.objective in lesson.objectives:
                st.page_link(
                    page("lesson"), label=f"Lesson: {lesson.title}",
                    icon=":material/menu_book:", query_params={"id": lesson.id},
                )  # fmt: skip


render()
