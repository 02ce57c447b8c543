"""The course's own content meets the curriculum's rules, checked on the loaded course so that
they keep holding as content grows (issues 'Curriculum 1' and 'Curriculum 2')."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from modules.course import QUESTION_TYPES, load_course
from modules.course.markdown import GLOSSARY_LINK, GlossaryIndex, count_words
from modules.settings import REPOSITORY_ROOT

LOADED = load_course(REPOSITORY_ROOT)
COURSE = LOADED.course
MODULES = [m.id for m in COURSE.modules]
MEASURABLE = re.compile(
    r"^(Identify|Distinguish|Choose|Sequence|Match|Recognise|Recognize|Select|Explain|Describe|"
    r"Apply|Classify|Prioritise|Prioritize|Name|Compare|Evaluate|Formulate|Respond|Link|Map|"
    r"Differentiate|Detect|Plan|Use|Construct|Interpret|Locate|Order|State|Generate|Decide|"
    r"Rewrite|Assess|Predict|Justify|Trace|Critique|Demonstrate|Reframe|Translate)\b"
)
VAGUE = re.compile(r"\b(understand|know|appreciate|be aware|learn about|become familiar)\b", re.I)

# What "Curriculum 2" (after "Curriculum 1"), "Vignettes 1" and "Vignettes 2" promised.
MINIMA = {"modules": 8, "lessons": 36, "lesson_words": 45_000, "practice_items": 190,
          "exam_items": 48, "glossary_terms": 80, "misconceptions": 30, "must_pass_items": 12,
          "vignettes": 14, "vignette_decision_nodes": 100}  # fmt: skip


def test_the_course_validates_without_problems() -> None:
    assert [str(p) for p in LOADED.problems] == []


@pytest.mark.parametrize("name", sorted(MINIMA))
def test_course_size(name: str) -> None:
    assert COURSE.stats()[name] >= MINIMA[name]


@pytest.mark.parametrize("module_id", MODULES)
def test_module_shape(module_id: str) -> None:
    module = COURSE.module(module_id)
    lessons = COURSE.lessons_of(module_id)
    assert 4 <= len(module.objectives) <= 7
    assert 4 <= len(lessons) <= 6
    for objective in module.objectives:
        assert MEASURABLE.match(objective.text), objective.text
        assert not VAGUE.search(objective.text), objective.text
    for lesson in lessons:
        assert 900 <= count_words(lesson.body) <= 1600, (lesson.id, count_words(lesson.body))


@pytest.mark.parametrize("module_id", MODULES)
def test_module_bank(module_id: str) -> None:
    questions = COURSE.questions_of(module_id)
    practice = [q for q in questions if not q.exam]
    assert len(practice) >= 24 and len(questions) - len(practice) >= 6
    assert {q.type for q in questions} == set(QUESTION_TYPES)
    per_objective = Counter(q.objective for q in questions)
    for objective in COURSE.module(module_id).objectives:
        assert per_objective[objective.id] >= 3, objective.id
    difficulty = Counter(q.difficulty for q in questions)
    assert max(difficulty.values()) <= len(questions) / 2, difficulty


@pytest.mark.parametrize("module_id", MODULES)
def test_every_choice_explains_itself_and_names_its_mistake(module_id: str) -> None:
    for question in COURSE.questions_of(module_id):
        assert question.references and question.rationale
        for option in getattr(question, "options", ()):
            assert len(option.feedback.split()) >= 6, (question.id, option.id)
            assert option.tags.strategy, (question.id, option.id)
            if not option.correct:
                assert option.misconception, (question.id, option.id)
        for choice in (*getattr(question, "steps", ()), *getattr(question, "premises", ())):
            assert len(choice.feedback.split()) >= 4, (question.id, choice.id)


def test_must_pass_items_are_scored_safety_items() -> None:
    must = [q for q in COURSE.all_questions() if q.must_pass]
    assert len(must) >= len(MODULES)  # at least one per module so far
    assert all(q.type != "reflection" for q in must)


def test_each_glossary_term_is_defined_once_and_linked_from_a_lesson() -> None:
    index = GlossaryIndex(COURSE.glossary)
    linked = {
        index.find(match.group(1)).id
        for lesson in COURSE.all_lessons()
        for match in GLOSSARY_LINK.finditer(lesson.body)
        if index.find(match.group(1)) is not None
    }
    ids = [t.id for t in COURSE.glossary]
    names = [n.lower() for t in COURSE.glossary for n in (t.term, *t.aliases)]
    assert len(ids) == len(set(ids)) and len(names) == len(set(names))
    assert sorted(set(ids) - linked) == []
    for term in COURSE.glossary:
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", term.definition.strip()) if s]
        assert 1 <= len(sentences) <= 2, term.id


def test_every_misconception_is_named_by_some_option_or_case_choice() -> None:
    named = {
        choice.misconception
        for q in COURSE.all_questions()
        for choice in (*getattr(q, "options", ()), *getattr(q, "premises", ()))
        if getattr(choice, "misconception", None)
    } | {
        choice.misconception
        for vignette in COURSE.vignettes
        for node in vignette.nodes
        for choice in node.choices
        if choice.misconception
    }
    assert sorted(set(COURSE.misconceptions) - named) == []


@pytest.mark.parametrize("vignette_id", [v.id for v in COURSE.vignettes])
def test_each_case_is_a_real_decision_path(vignette_id: str) -> None:
    vignette = COURSE.vignette(vignette_id)
    path = vignette.optimal_path()
    assert len(path) >= 4
    assert {choice.pole for _, choice in path} == {"acceptance", "change"}  # itself dialectical
    assert 2 <= sum(node.ending for node in vignette.nodes) <= 4
    for node in vignette.decision_nodes:
        ratings = sorted(c.rating for c in node.choices)
        assert ratings.count("optimal") == 1 and len(ratings) >= 2
        for choice in node.choices:
            assert len(choice.feedback.split()) >= 8, (node.id, choice.id)


@pytest.mark.parametrize("vignette_id", [v.id for v in COURSE.vignettes])
def test_picking_the_longest_choice_does_not_pay(vignette_id: str) -> None:
    """A trainee who always chooses the longest text must not do well: length is no clue."""
    from modules.assessment import vignette_run as run

    vignette = COURSE.vignette(vignette_id)
    state = run.start(vignette)
    for _ in range(40):
        node = vignette.node(state.node_id)
        if node.ending:
            break
        state, _ = run.choose(vignette, state, max(node.choices, key=lambda c: len(c.text)).id)
    assert run.summarise(vignette, state).score <= 0.5


@pytest.mark.parametrize("module_id", MODULES)
def test_the_key_is_not_usually_the_longest_option(module_id: str) -> None:
    singles = [q for q in COURSE.questions_of(module_id) if q.type == "single"]

    def key_strictly_longest(question) -> bool:
        key = next(o for o in question.options if o.correct)
        return all(len(o.text) < len(key.text) for o in question.options if o is not key)

    longest = sum(key_strictly_longest(q) for q in singles)
    assert longest <= 0.6 * len(singles), f"{longest} of {len(singles)}"
