"""Branching case vignettes: their schema, the checks on their graph, and the fictionality check.

A vignette is a graph of nodes. A decision node offers 2-4 choices, each leading to another node;
an ending node closes the case with a debrief and discussion questions. Cycles are allowed (a
therapist can go round in circles), dead ends are not: every node must be able to reach an
ending."""

from __future__ import annotations

import hashlib
import re
from collections import deque
from typing import Annotated, Literal

from pydantic import Field, PrivateAttr, StringConstraints, model_validator

from .schema import DottedId, LocalId, Slug, Strict, Text

TARGETS = ("life-threatening", "therapy-interfering", "quality-of-life", "skills")
"""Stage 1 targets, highest priority first."""

Target = Literal["life-threatening", "therapy-interfering", "quality-of-life", "skills"]
Rating = Literal["optimal", "acceptable", "problematic"]
RATING_POINTS = {"optimal": 2, "acceptable": 1, "problematic": 0}
MIN_OPTIMAL_DECISIONS = 4


class Client(Strict):
    name: Annotated[str, StringConstraints(pattern=r"^[A-Z][\w'’-]*$")] = Field(
        description="a first name only (one word): the person is fictional"
    )
    age: int = Field(ge=12, le=100)
    presentation: Text
    history: Text
    targets: tuple[Text, ...] = Field(min_length=1)


class Condition(Strict):
    """Holds when a counter is within [min, max]."""

    counter: Slug
    min: int | None = None
    max: int | None = None

    @model_validator(mode="after")
    def _bounds(self) -> Condition:
        if self.min is None and self.max is None:
            raise ValueError("give min, max or both")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min {self.min} is above max {self.max}, so it can never hold")
        return self

    def holds(self, counters: dict[str, int]) -> bool:
        value = counters.get(self.counter, 0)
        return (self.min is None or value >= self.min) and (self.max is None or value <= self.max)


class Choice(Strict):
    id: LocalId
    text: Text
    next: LocalId
    rating: Rating
    feedback: Text
    principle: Text = Field(description="the DBT principle the feedback rests on")
    pole: Literal["acceptance", "change"]
    strategy: Slug
    addresses: Target | None = Field(
        default=None, description="the Stage 1 target this choice works on, if any"
    )
    misconception: Slug | None = None
    effects: dict[Slug, int] = Field(default_factory=dict)


class Outcome(Strict):
    """Extra ending text shown when every condition holds (endings may depend on counters)."""

    when: tuple[Condition, ...] = Field(min_length=1)
    text: Text


class Node(Strict):
    id: LocalId
    narrative: Text
    speaker: Literal["client", "colleague", "family member", "other"] | None = None
    says: str | None = None
    targets_present: tuple[Target, ...] = ()
    choices: tuple[Choice, ...] = ()
    ending: bool = False
    debrief: str | None = None
    discussion: tuple[Text, ...] = ()
    outcomes: tuple[Outcome, ...] = ()

    @model_validator(mode="after")
    def _decision_or_ending(self) -> Node:
        if self.ending:
            if self.choices:
                raise ValueError("an ending node has no choices")
            if not self.debrief or not 2 <= len(self.discussion) <= 4:
                raise ValueError("an ending needs a debrief and 2-4 discussion questions")
        else:
            if not 2 <= len(self.choices) <= 4:
                raise ValueError(f"a decision node needs 2-4 choices, found {len(self.choices)}")
            ids = [c.id for c in self.choices]
            if len(ids) != len(set(ids)):
                raise ValueError("choice ids repeat")
            optimal = sum(c.rating == "optimal" for c in self.choices)
            if optimal != 1:
                raise ValueError(f"needs exactly one optimal choice, found {optimal}")
        if self.says and not self.speaker:
            raise ValueError("say who speaks (speaker) when the node has words in 'says'")
        return self


class Vignette(Strict):
    id: Slug
    title: Text
    summary: Text
    modules: tuple[Slug, ...] = Field(min_length=1)
    objectives: tuple[DottedId, ...] = Field(min_length=1)
    references: tuple[Slug, ...] = Field(min_length=1)
    client: Client
    counters: dict[Slug, int] = Field(default_factory=dict)
    start: LocalId
    nodes: tuple[Node, ...] = Field(min_length=2)

    def node(self, node_id: str) -> Node:
        return self._nodes[node_id]

    @property
    def decision_nodes(self) -> tuple[Node, ...]:
        return tuple(n for n in self.nodes if not n.ending)

    def optimal_path(self) -> list[tuple[Node, Choice]]:
        """The decisions made by always taking the optimal choice, up to an ending."""
        path: list[tuple[Node, Choice]] = []
        node, seen = self.node(self.start), set()
        while not node.ending and node.id not in seen:
            seen.add(node.id)
            choice = next(c for c in node.choices if c.rating == "optimal")
            path.append((node, choice))
            node = self.node(choice.next)
        return path

    _nodes: dict[str, Node] = PrivateAttr(default_factory=dict)

    def model_post_init(self, _context: object) -> None:
        self._nodes = {n.id: n for n in self.nodes}

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.model_dump_json().encode()).hexdigest()[:16]


Location = tuple[str | int, ...]


def graph_problems(vignette: Vignette) -> list[tuple[Location, str]]:
    """Everything wrong with a vignette's graph, each with where it is in the file."""
    nodes = {n.id: n for n in vignette.nodes}
    position = {n.id: i for i, n in enumerate(vignette.nodes)}
    found: list[tuple[Location, str]] = []
    seen_ids: set[str] = set()
    for i, node in enumerate(vignette.nodes):
        if node.id in seen_ids:
            found.append((("nodes", i, "id"), f"node id '{node.id}' repeats"))
        seen_ids.add(node.id)
    if vignette.start not in nodes:
        return [*found, (("start",), f"'{vignette.start}' is not a node")]
    for i, node in enumerate(vignette.nodes):
        for j, choice in enumerate(node.choices):
            if choice.next not in nodes:
                found.append(((*_at(i, j), "next"), f"'{choice.next}' is not a node"))
            for counter in choice.effects:
                if counter not in vignette.counters:
                    message = f"unknown counter '{counter}' (declare it under counters)"
                    found.append(((*_at(i, j), "effects"), message))
        for k, outcome in enumerate(node.outcomes):
            for condition in outcome.when:
                if condition.counter not in vignette.counters:
                    message = f"unknown counter '{condition.counter}'"
                    found.append((("nodes", i, "outcomes", k, "when"), message))
    for i, node in enumerate(vignette.nodes):
        for j, choice in enumerate(node.choices):
            if choice.rating == "optimal" and choice.addresses is not None:
                rank = TARGETS.index(choice.addresses)
                higher = [t for t in node.targets_present if TARGETS.index(t) < rank]
                if higher:
                    message = (
                        f"the optimal choice works on {choice.addresses} while {higher[0]} is "
                        "present: by the target hierarchy it cannot be the best move"
                    )
                    found.append(((*_at(i, j), "addresses"), message))
    if found:
        return found
    reachable = _reach(vignette.start, lambda n: [c.next for c in nodes[n].choices])
    for node_id in sorted(set(nodes) - reachable):
        found.append((("nodes", position[node_id]), f"node '{node_id}' is never reached"))
    parents: dict[str, list[str]] = {n: [] for n in nodes}
    for node in vignette.nodes:
        for choice in node.choices:
            parents[choice.next].append(node.id)
    can_end: set[str] = set()
    for node in vignette.nodes:
        if node.ending:
            can_end |= _reach(node.id, lambda n: parents[n])
    for node_id in sorted(set(nodes) - can_end):
        message = f"no ending can be reached from node '{node_id}' (a dead end)"
        found.append((("nodes", position[node_id]), message))
    if found:
        return found
    path = vignette.optimal_path()
    last = nodes[path[-1][1].next] if path else nodes[vignette.start]
    if not last.ending:
        found.append((("start",), "the optimal path goes round in a loop and never ends"))
    elif len(path) < MIN_OPTIMAL_DECISIONS:
        message = (
            f"the optimal path has {len(path)} decisions; "
            f"a vignette needs at least {MIN_OPTIMAL_DECISIONS}"
        )
        found.append((("start",), message))
    return found


def _at(node_index: int, choice_index: int) -> Location:
    return ("nodes", node_index, "choices", choice_index)


def _reach(start: str, following) -> set[str]:
    seen, queue = {start}, deque([start])
    while queue:
        for nxt in following(queue.popleft()):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


IDENTIFYING = [
    (
        "a full date (of birth?)",
        re.compile(
            r"\b(\d{1,2}[/.-]\d{1,2}[/.-](19|20)\d{2}|(19|20)\d{2}-\d{2}-\d{2}|"
            r"\d{1,2}(st|nd|rd|th)?\s+(January|February|March|April|May|June|July|August|September|"
            r"October|November|December)\s+(19|20)\d{2})\b",
            re.I,
        ),
    ),
    ("a date of birth", re.compile(r"\b(born on|date of birth|d\.?o\.?b\.?)\b", re.I)),
    (
        "a full date (of birth?)",
        re.compile(
            r"\b(January|February|March|April|May|June|July|August|September|October|November|"
            r"December)\s+\d{1,2}(st|nd|rd|th)?,?\s+(19|20)\d{2}\b",
            re.I,
        ),
    ),
    ("an email address", re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")),
    (
        "a street address",
        re.compile(
            r"\b\d{1,5}\s+([A-Z][a-z]+\s+){1,3}(Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|"
            r"Close|Way|Court|Ct|Boulevard|Blvd|Place|Pl|Terrace)\b"
        ),
    ),
    (
        "a record number",
        re.compile(
            r"\b(MRN|NHS\s+(no|number)|record\s+(no|number)|patient\s+(id|number)|case\s+number)\b"
            r"|\b[A-Z]{1,3}\d{6,}\b",
            re.I,
        ),
    ),
]


PHONE = re.compile(r"(?<![\w.])(\+\d{1,3}[\s-]?)?(\(?\d{2,5}\)?[\s-]?){2,4}\d{3,4}\b")
PHONE_MIN_DIGITS = 9  # real numbers have 9-15 digits; "2015-2018" or "1060-1064" have 8


def identifying_detail(text: str) -> list[str]:
    """What in the text looks like a real person's identifying detail (vignettes are fictional)."""
    found = [what for what, pattern in IDENTIFYING if pattern.search(text)]
    if any(sum(c.isdigit() for c in m.group(0)) >= PHONE_MIN_DIGITS for m in PHONE.finditer(text)):
        found.append("a phone number")
    return list(dict.fromkeys(found))
