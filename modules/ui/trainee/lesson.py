"""One lesson: its objectives, the rendered text, its references, and the way on."""

from __future__ import annotations

import streamlit as st

from modules.learning.service import LearningError
from modules.tracking import StoreError
from modules.ui import course_cache, services, state
from modules.ui.pages import page
from modules.ui.styles import LESSON_CSS


def render() -> None:
    course = course_cache.current().course
    lesson_id = st.query_params.get("id", "")
    lesson = course.lesson(lesson_id)
    if lesson is None:
        st.title("Lesson")
        if lesson_id:
            st.warning("That lesson is not in the course (it may have been renamed or removed).")
        st.page_link(
            page("course_map"), label="Choose a lesson on the course map", icon=":material/map:"
        )
        return

    module = course.module(lesson.module)
    module_title = module.title if module else lesson.module
    st.caption(f"{module_title} · lesson {lesson.order} · {lesson.minutes} min")
    with st.expander("In this lesson you will learn to", expanded=False):
        for objective_id in lesson.objectives:
            objective = course.objective(objective_id)
            st.markdown(f"- {objective.text if objective else objective_id}")

    # Rendered once at load time by markdown-it with raw HTML off: the author's text is escaped.
    st.html(LESSON_CSS + f'<div class="lesson-body">{course.lesson_html[lesson.id]}</div>')

    st.subheader("References", divider="gray")
    for key in lesson.references:
        reference = course.references.get(key)
        st.markdown(f"- {reference.citation if reference else key}", unsafe_allow_html=False)

    mark_complete(lesson.id)
    previous, following = course.neighbours(lesson.id)
    left, right = st.columns(2)
    if previous:
        left.page_link(
            page("lesson"),
            label=f"Previous: {previous.title}",
            icon=":material/arrow_back:",
            query_params={"id": previous.id},
        )
    if following:
        right.page_link(
            page("lesson"),
            label=f"Next: {following.title}",
            icon=":material/arrow_forward:",
            query_params={"id": following.id},
        )


def mark_complete(lesson_id: str) -> None:
    person = state.person()
    with services.opened() as svc:
        done = lesson_id in svc.learning.completed_lessons(person)
        if done:
            st.success("You have completed this lesson.", icon=":material/check_circle:")
            return
        if st.button("Mark as complete", key=f"lesson.complete.{lesson_id}", type="primary"):
            try:
                svc.learning.complete_lesson(person, lesson_id, services.now())
            except (LearningError, StoreError) as error:
                st.error(f"Not saved: {error}")
            else:
                st.rerun()


render()
