"""What a workshop shows at each step, built from the course: a decision point or an ending of
a case vignette, or a practice quiz item. Pure: no Streamlit, no SQL."""

from __future__ import annotations

from dataclasses import dataclass

from modules.assessment import shown_order
from modules.course import Course
from modules.course.vignettes import Vignette

VOTABLE_TYPES = ("single", "multiple")  # the item types a room can answer from phones
LETTERS = "ABCDEFGH"


@dataclass(frozen=True)
class Option:
    id: str
    letter: str  # A, B, C... in the order shown on the projector and on every phone
    text: str
    verdict: str  # optimal / acceptable / problematic (cases); right / wrong (items)
    feedback: str
    best: bool
    next: str | None = None  # the node a case choice leads to


@dataclass(frozen=True)
class Step:
    key: str  # a node id (cases) or a question id (items)
    kind: str  # "decision", "ending" or "item"
    heading: str
    body: str  # the narrative, or the item's scenario and prompt
    says: str | None  # a person's own words at this moment of a case
    speaker: str | None
    options: tuple[Option, ...]
    multiple: bool  # more than one option may be chosen
    votable: bool
    explanation: str  # what the leader reveals besides the options' feedback
    discussion: tuple[str, ...] = ()

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


def case_step(vignette: Vignette, node_id: str, seed: str) -> Step:
    node = vignette.node(node_id)
    order = shown_order([c.id for c in node.choices], f"{seed}:{node.id}")
    by_id = {c.id: c for c in node.choices}
    options = tuple(
        Option(c.id, LETTERS[i], c.text, c.rating, f"{c.feedback} ({c.principle})",
               c.rating == "optimal", c.next)
        for i, c in enumerate(by_id[o] for o in order)
    )  # fmt: skip
    return Step(
        key=node.id, kind="ending" if node.ending else "decision", heading=vignette.title,
        body=node.narrative, says=node.says, speaker=node.speaker, options=options,
        multiple=False, votable=bool(options), explanation=node.debrief or "",
        discussion=tuple(node.discussion),
    )  # fmt: skip


def item_step(course: Course, question_id: str, seed: str) -> Step:
    question = course.question(question_id)
    if question is None:
        raise KeyError(question_id)
    kind = question.type  # type: ignore[attr-defined]
    options: tuple[Option, ...] = ()
    if kind in VOTABLE_TYPES:
        by_id = {o.id: o for o in question.options}  # type: ignore[attr-defined]
        order = shown_order(list(by_id), f"{seed}:{question.id}")
        options = tuple(
            Option(o.id, LETTERS[i], o.text, "right" if o.correct else "wrong", o.feedback,
                   o.correct)
            for i, o in enumerate(by_id[x] for x in order)
        )  # fmt: skip
    module = course.module(question.module)  # type: ignore[attr-defined]
    return Step(
        key=question.id, kind="item", heading=module.title if module else "",
        body=f"{question.scenario}\n\n**{question.prompt}**", says=None, speaker=None,
        options=options, multiple=kind == "multiple", votable=kind in VOTABLE_TYPES,
        explanation=question.rationale,
    )  # fmt: skip


def presentable_items(course: Course) -> list:
    """Practice items a leader may present (exam items stay unseen before the exam)."""
    return [q for m in course.modules for q in course.practice_questions(m.id)]
