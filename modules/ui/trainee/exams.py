"""Entry check and final exam: no feedback until the whole exam is submitted, then the gain."""

from __future__ import annotations

import random

import streamlit as st

from modules.assessment.exams import ENTRY_PER_MODULE, FINAL_PASS_MARK, FINAL_PER_MODULE
from modules.learning.certificates import CertificateService
from modules.learning.exams import ENTRY, FINAL
from modules.learning.service import LearningError, display_order
from modules.settings import load_settings
from modules.ui import quiz_flow, services, state

SLOTS = {ENTRY: "exam-entry", FINAL: "exam-final"}
TITLES = {ENTRY: "Entry check", FINAL: "Final exam"}


def render() -> None:
    person = state.person()
    st.title("Exams")
    with services.opened() as svc:
        kind = st.query_params.get("kind", "")
        plan = state.quiz_plan(SLOTS[kind]) if kind in SLOTS else None
        if plan is not None:
            st.subheader(TITLES[kind])
            if plan.finished:
                results(svc, kind, plan)
            else:
                st.caption("Feedback comes after the last item.")
                quiz_flow.ask(svc, person, SLOTS[kind], plan, feedback_now=False)
            return
        overview(svc, person)


def overview(svc, person) -> None:
    status = svc.exams.status(person)
    modules = len(svc.course.modules)
    st.write(
        f"The **entry check** ({ENTRY_PER_MODULE} items per module, {ENTRY_PER_MODULE * modules} "
        "in all) shows where you start; take it before the course. The **final exam** "
        f"({FINAL_PER_MODULE} per module, other items where the bank allows) opens when every "
        f"module is passed and passes at {FINAL_PASS_MARK}%. Both use items kept out of the "
        "practice quizzes, and show feedback only after the last item."
    )
    if status.completed:
        st.success("You have completed the course.", icon=":material/workspace_premium:")
        certificate_download(svc, person)
    if status.entry is not None and status.entry.percent is not None:
        st.metric("Entry check", f"{status.entry.percent:.0f}%")
    elif st.button("Start the entry check", type="primary"):
        start(svc, person, ENTRY)
    if status.final_best is not None and status.final_best.percent is not None:
        st.metric("Final exam (best)", f"{status.final_best.percent:.0f}%")
    if status.gain_points is not None:
        normalised = (f", normalised gain {status.normalised_gain:.2f}"
                      if status.normalised_gain is not None else "")  # fmt: skip
        st.info(f"Your gain: {status.gain_points:+.0f} points{normalised} "
                "(the share of the possible improvement you achieved).")  # fmt: skip
    if not status.final_unlocked:
        titles = {m.id: m.title for m in svc.course.modules}
        names = ", ".join(titles.get(m, m) for m in status.modules_not_passed)
        st.caption(f"The final exam opens when these modules are passed: {names}.")
    elif not status.completed and st.button("Start the final exam", type="primary"):
        start(svc, person, FINAL)


def certificate_download(svc, person) -> None:
    certificates = CertificateService(svc.learning)
    try:
        certificate = certificates.certificate(person, services.now())
    except LearningError as error:
        st.warning(str(error))
        return
    base = (load_settings().public_url or "").rstrip("/")
    verify_url = f"{base}/verify?code={certificate.code}"
    st.download_button(
        "Download your certificate (PDF)", certificates.pdf(certificate, verify_url),
        file_name="dbt-certificate.pdf", mime="application/pdf", icon=":material/download:",
    )  # fmt: skip
    st.caption(f"Verification code: {certificate.code}")


def start(svc, person, kind: str) -> None:
    try:
        plan = svc.exams.open_exam(person, kind, random.Random())
    except LearningError as error:
        st.warning(str(error))
        return
    state.set_quiz_plan(SLOTS[kind], plan)
    st.query_params["kind"] = kind
    st.rerun()


def results(svc, kind: str, plan) -> None:
    result = svc.learning.result_of(plan)
    if result.percent is not None:
        if kind == FINAL:
            verdict = "passed" if result.percent >= FINAL_PASS_MARK else "not passed yet"
            st.metric("Your score", f"{result.percent:.0f}%", help=f"Pass mark {FINAL_PASS_MARK}%")
            (st.success if verdict == "passed" else st.warning)(f"Final exam {verdict}.")
        else:
            st.metric("Your entry check score", f"{result.percent:.0f}%")
    status = svc.exams.status(state.person())
    if kind == FINAL and status.gain_points is not None:
        st.info(f"Gain since the entry check: {status.gain_points:+.0f} points.")
    st.subheader("Every item, explained")
    for number, question_id in enumerate(plan.item_ids, start=1):
        question = svc.course.question(question_id)
        answer = plan.answered.get(question_id)
        if question is None or answer is None:
            continue
        mark = "right" if answer.correct else f"{answer.score or 0:.0%}"
        with st.expander(f"{number}. {question.prompt} ({mark})"):
            st.markdown(question.scenario)
            quiz_flow.explain(svc, question, display_order(question, plan.seed), answer.answer)
    if st.button("Back to exams"):
        state.set_quiz_plan(SLOTS[kind], None)
        del st.query_params["kind"]
        st.rerun()


render()
