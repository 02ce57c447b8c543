"""The course map: modules in order with progress, best score, lessons and the way on."""

from __future__ import annotations

import streamlit as st

from modules.learning import CourseProgress
from modules.ui import course_cache, services, state
from modules.ui.pages import page
from modules.ui.wording import count_phrase


def continue_link(course, progress: CourseProgress) -> None:
    if progress.continue_quiz:
        module = course.module(progress.continue_quiz)
        st.page_link(page("quiz"), label=f"Continue where you left off: {module.title} quiz",
                     icon=":material/play_circle:", query_params={"module": module.id})  # fmt: skip
    elif progress.continue_lesson:
        lesson = course.lesson(progress.continue_lesson)
        verb = "Continue with" if progress.completed_lessons else "Start with"
        st.page_link(page("lesson"), label=f"{verb}: {lesson.title}",
                     icon=":material/play_circle:", query_params={"id": lesson.id})  # fmt: skip


def render() -> None:
    loaded = course_cache.current()
    course = loaded.course
    person = state.person()
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
    with services.opened() as svc:
        progress = svc.learning.progress(person)
        mastery = {m.objective_id: m for m in svc.learning.mastery(person)}
        due = len(svc.review.status(person, services.now()).due)
    continue_link(course, progress)
    if due:
        st.page_link(page("review"), label=f"Review: {count_phrase(due, 'item')} due",
                     icon=":material/replay:")  # fmt: skip
    titles = {m.id: m.title for m in course.modules}
    for module in course.modules:
        mine = progress.modules[module.id]
        with st.container(border=True):
            st.subheader(f"{module.order}. {module.title}")
            st.write(module.summary)
            st.progress(mine.share_done, text=_status_line(module, mine))
            st.caption(_mastery_line(module, mastery))
            unmet = [
                p for p in module.prerequisites
                if p in progress.modules and not progress.modules[p].status.passed
            ]  # fmt: skip
            if unmet:
                names = ", ".join(titles.get(p, p) for p in unmet)
                st.caption(f"Best taken after: {names} (advice, not a lock)")
            with st.expander("What you will be able to do"):
                for objective in module.objectives:
                    st.markdown(f"- {objective.text}")
            for lesson in course.lessons_of(module.id):
                done = lesson.id in progress.completed_lessons
                st.page_link(
                    page("lesson"), label=f"{lesson.title} ({lesson.minutes} min)",
                    icon=":material/check_circle:" if done else ":material/article:",
                    query_params={"id": lesson.id},
                )  # fmt: skip
            for vignette in course.vignettes_of(module.id):
                st.page_link(
                    page("cases"), label=f"Case: {vignette.title}", icon=":material/cases:",
                    query_params={"case": vignette.id},
                )  # fmt: skip
            if course.practice_questions(module.id):
                st.page_link(page("quiz"), label=f"Quiz: {module.title}", icon=":material/quiz:",
                             query_params={"module": module.id})  # fmt: skip


def _mastery_line(module, mastery) -> str:
    statuses = [mastery[o.id].status for o in module.objectives if o.id in mastery]
    mastered, weak = statuses.count("mastered"), statuses.count("weak")
    unknown = statuses.count("not enough evidence yet")
    return (f"Objectives: {mastered} mastered, {weak} weak, {unknown} without enough evidence "
            f"yet (of {len(module.objectives)})")  # fmt: skip


def _status_line(module, mine) -> str:
    parts = [f"{mine.lessons_done} of {mine.lessons_total} lessons"]
    if mine.status.best_percent is not None:
        parts.append(
            f"best quiz score {mine.status.best_percent:.0f}% (pass mark {module.pass_mark}%)"
        )
    else:
        parts.append(f"quiz not taken yet (pass mark {module.pass_mark}%)")
    if mine.status.passed:
        parts.append("passed")
    elif mine.status.must_pass_outstanding and mine.status.attempts_completed:
        parts.append("a safety-critical item still needs a correct answer")
    return " · ".join(parts)


render()
