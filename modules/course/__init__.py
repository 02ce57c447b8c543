"""The course's content: schema, loader with author-facing problems, and Markdown rendering."""

from .loader import LoadResult, load_course
from .model import Course
from .problems import Problem
from .questions import QUESTION_TYPES, Question, QuestionBase

__all__ = [
    "QUESTION_TYPES",
    "Course",
    "LoadResult",
    "Problem",
    "Question",
    "QuestionBase",
    "load_course",
]
