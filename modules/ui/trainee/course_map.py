"""The course map: modules in order with their objectives and lessons."""

from __future__ import annotations

import streamlit as st

from modules.ui import course_cache
from modules.ui.pages import page
from modules.ui.wording import count_phrase


def render() -> None:
    loaded = course_cache.current()
    course = loaded.course
    st.title("DBT for clinicians")
    st.caption(
        "A self-paced course in Dialectical Behavior Therapy: the biosocial theory, validation, "
        "the dialectical stance, stages and targets, agreements, phone coaching and the "
        "consultation team."
    )
    if loaded.problems:
        st.warning(
            "Part of the course could not be opened "
            f"({count_phrase(len(loaded.problems), 'content problem')}); "
            "everything else is available below.",
            icon=":material/warning:",
        )
    if not course.modules:
        st.info("The course has no modules yet.")
        return
    titles = {m.id: m.title for m in course.modules}
    for module in course.modules:
        with st.container(border=True):
            st.subheader(f"{module.order}. {module.title}")
            st.write(module.summary)
            lessons = course.lessons_of(module.id)
            st.caption(
                f"About {module.estimated_minutes} minutes · {len(lessons)} lessons · "
                f"pass mark {module.pass_mark}%"
            )
            if module.prerequisites:
                names = ", ".join(titles.get(p, p) for p in module.prerequisites)
                st.caption(f"Best taken after: {names}")
            with st.expander("What you will be able to do"):
                for objective in module.objectives:
                    st.markdown(f"- {objective.text}")
            for lesson in lessons:
                st.page_link(
                    page("lesson"),
                    label=f"{lesson.title} ({lesson.minutes} min)",
                    icon=":material/article:",
                    query_params={"id": lesson.id},
                )


render()
