"""Question renderers by type name, mirroring the scorers' registry in modules/assessment."""

from __future__ import annotations

from typing import Any, Protocol

from modules.course import QuestionBase
from modules.learning.service import DisplayOrder


class QuestionRenderer(Protocol):
    type_name: str

    def answer(self, question: QuestionBase, order: DisplayOrder, key: str) -> Any:
        """Draw the answer widgets (inside a form) and return the current response."""

    def feedback(self, question: QuestionBase, order: DisplayOrder, response: Any) -> None:
        """Explain the response: the feedback on what was chosen and on the best answer."""


_RENDERERS: dict[str, QuestionRenderer] = {}


def register(renderer: QuestionRenderer) -> QuestionRenderer:
    if renderer.type_name in _RENDERERS:
        raise ValueError(f"a renderer for {renderer.type_name!r} is already registered")
    _RENDERERS[renderer.type_name] = renderer
    return renderer


def renderer_for(type_name: str) -> QuestionRenderer:
    _load_all()
    return _RENDERERS[type_name]


def renderer_types() -> tuple[str, ...]:
    _load_all()
    return tuple(_RENDERERS)


def _load_all() -> None:
    from . import choice, matching, ordering, reflection  # noqa: F401  (registers them)
