"""Schemas, scorers, renderers and the fixture course cover the same set of question types."""

from modules.assessment import registered_types
from modules.course import QUESTION_TYPES, load_course
from modules.ui.widgets import renderer_types
from tests.ui.conftest import COURSE_OK


def test_every_question_type_has_a_scorer_a_renderer_and_a_fixture() -> None:
    fixture_types = {q.type for q in load_course(COURSE_OK).course.all_questions()}
    assert set(QUESTION_TYPES) == set(registered_types()) == set(renderer_types()) == fixture_types
