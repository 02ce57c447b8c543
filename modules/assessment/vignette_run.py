"""Walking a branching vignette as pure logic: state in, choice in, next state and feedback out.

Scoring rule (documented for trainees): each decision earns 2 for the optimal choice, 1 for an
acceptable one, 0 for a problematic one, and -1 more for a hierarchy error, that is a choice that
works a lower Stage 1 target while a higher target present at that moment is left unaddressed. The
run's score is the points over 2 x the decisions made, floored at 0.

Dialectical balance: the share of acceptance and of change choices. A run in which at least
`POLE_NOTE_SHARE` of at least `POLE_NOTE_MIN` choices sit at one pole gets a note that the
trainee slid to that pole."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from types import MappingProxyType

from modules.course.vignettes import RATING_POINTS, TARGETS, Choice, Node, Vignette

POLE_NOTE_SHARE = 0.8
POLE_NOTE_MIN = 3


class VignetteError(ValueError):
    """A choice that the current node does not offer, or a move after the ending."""


@dataclass(frozen=True)
class Step:
    node_id: str
    choice_id: str
    rating: str
    pole: str
    hierarchy_error: bool
    counters_after: MappingProxyType
    seconds: float | None = None
    confidence: int | None = None


@dataclass(frozen=True)
class RunState:
    vignette_id: str
    node_id: str
    counters: MappingProxyType
    steps: tuple[Step, ...] = ()

    @property
    def decisions(self) -> int:
        return len(self.steps)


@dataclass(frozen=True)
class ChoiceOutcome:
    choice: Choice
    hierarchy_error: bool
    higher_target: str | None  # the target that should have come first, when there is an error


@dataclass(frozen=True)
class RunSummary:
    points: int
    max_points: int
    score: float  # 0..1
    hierarchy_errors: int
    acceptance_share: float | None
    change_share: float | None
    pole_note: str | None
    optimal_path: tuple[str, ...]  # node ids along the optimal path
    path_taken: tuple[str, ...]
    ending: str | None
    outcome_texts: tuple[str, ...] = field(default=())


def start(vignette: Vignette) -> RunState:
    return RunState(vignette.id, vignette.start, MappingProxyType(dict(vignette.counters)))


def hierarchy_error(node: Node, choice: Choice) -> tuple[bool, str | None]:
    """True when the choice works a target while a higher one present here is unaddressed."""
    if choice.addresses is None:
        return False, None
    rank = TARGETS.index(choice.addresses)
    higher = [t for t in node.targets_present if TARGETS.index(t) < rank]
    return (True, min(higher, key=TARGETS.index)) if higher else (False, None)


def choose(
    vignette: Vignette,
    state: RunState,
    choice_id: str,
    seconds: float | None = None,
    confidence: int | None = None,
) -> tuple[RunState, ChoiceOutcome]:
    node = vignette.node(state.node_id)
    if node.ending:
        raise VignetteError("The case has ended; restart to try another path.")
    choice = next((c for c in node.choices if c.id == choice_id), None)
    if choice is None:
        raise VignetteError(f"'{choice_id}' is not a choice at this point of the case.")
    error, higher = hierarchy_error(node, choice)
    counters = dict(state.counters)
    for counter, change in choice.effects.items():
        counters[counter] = counters.get(counter, 0) + change
    frozen = MappingProxyType(counters)
    step = Step(node.id, choice.id, choice.rating, choice.pole, error, frozen, seconds, confidence)
    next_state = replace(state, node_id=choice.next, counters=frozen, steps=(*state.steps, step))
    return next_state, ChoiceOutcome(choice, error, higher)


def finished(vignette: Vignette, state: RunState) -> bool:
    return vignette.node(state.node_id).ending


def summarise(vignette: Vignette, state: RunState) -> RunSummary:
    points = sum(RATING_POINTS[s.rating] - (1 if s.hierarchy_error else 0) for s in state.steps)
    max_points = 2 * len(state.steps)
    score = max(0.0, points / max_points) if max_points else 0.0
    poles = [s.pole for s in state.steps]
    acceptance = poles.count("acceptance") / len(poles) if poles else None
    change = poles.count("change") / len(poles) if poles else None
    note = None
    if len(poles) >= POLE_NOTE_MIN and acceptance is not None and change is not None:
        if acceptance >= POLE_NOTE_SHARE:
            note = ("Nearly every choice was on the acceptance side: validation without movement "
                    "can leave the problem where it was.")  # fmt: skip
        elif change >= POLE_NOTE_SHARE:
            note = ("Nearly every choice was on the change side: pushing for change without "
                    "validation is often experienced as invalidating.")  # fmt: skip
    node = vignette.node(state.node_id)
    outcomes = tuple(
        o.text for o in node.outcomes if all(c.holds(dict(state.counters)) for c in o.when)
    ) if node.ending else ()  # fmt: skip
    return RunSummary(
        points=points, max_points=max_points, score=score,
        hierarchy_errors=sum(s.hierarchy_error for s in state.steps),
        acceptance_share=acceptance, change_share=change, pole_note=note,
        optimal_path=tuple(n.id for n, _ in vignette.optimal_path()),
        path_taken=tuple(s.node_id for s in state.steps),
        ending=node.id if node.ending else None, outcome_texts=outcomes,
    )  # fmt: skip
