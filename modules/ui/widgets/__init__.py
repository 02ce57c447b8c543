"""One renderer per question type: the answer widgets, and the explained feedback afterwards."""

from .registry import QuestionRenderer, renderer_for, renderer_types

__all__ = ["QuestionRenderer", "renderer_for", "renderer_types"]
