"""Strict, frozen pydantic models of the authored course: modules, lessons and the shared lists."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$")]
"""A module id, glossary term id or misconception id: lower case, digits and hyphens."""

DottedId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$")]
"""An id inside a module, prefixed by the module's id: `validation.levels`, `validation.q07`."""

LocalId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]
"""An id that only needs to be unique inside its parent, such as an option's."""

ReferenceKey = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]*$")]

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Strict(BaseModel):
    """Unknown fields are errors (a misspelt field must never be silently ignored)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Objective(Strict):
    id: DottedId
    text: Text


class CourseModule(Strict):
    """`content/<NN-slug>/module.yaml`."""

    id: Slug
    title: Text
    order: int = Field(ge=1)
    summary: Text
    objectives: tuple[Objective, ...] = Field(min_length=1)
    prerequisites: tuple[Slug, ...] = ()
    estimated_minutes: int = Field(ge=1, le=6000)
    pass_mark: int = Field(ge=1, le=100, description="percent of the quiz's points")
    quiz_length: int = Field(default=10, ge=1, le=60, description="items drawn for one quiz")

    @model_validator(mode="after")
    def _objectives_belong_to_module(self) -> CourseModule:
        seen: set[str] = set()
        for objective in self.objectives:
            if not objective.id.startswith(self.id + "."):
                raise ValueError(
                    f"objective id {objective.id!r} must start with the module id {self.id + '.'!r}"
                )
            if objective.id in seen:
                raise ValueError(f"objective id {objective.id!r} appears twice")
            seen.add(objective.id)
        if self.id in self.prerequisites:
            raise ValueError("a module cannot be its own prerequisite")
        return self


class LessonFrontMatter(Strict):
    """The YAML front matter at the top of a lesson's Markdown file."""

    id: DottedId
    title: Text
    objectives: tuple[DottedId, ...] = Field(min_length=1)
    minutes: int = Field(ge=1, le=240)
    references: tuple[ReferenceKey, ...] = Field(min_length=1)


class Lesson(LessonFrontMatter):
    """A lesson as the app sees it: its front matter plus where it came from and its body."""

    module: Slug
    order: int
    body: str
    source: str
    body_line: int = Field(description="line of the file on which the Markdown body starts")


class GlossaryTerm(Strict):
    id: Slug
    term: Text
    definition: Text
    aliases: tuple[Text, ...] = ()
    references: tuple[ReferenceKey, ...] = ()


class Reference(Strict):
    key: ReferenceKey
    citation: Text
    url: str | None = None
    note: str | None = None


class Misconception(Strict):
    id: Slug
    statement: Text
    correction: Text
    references: tuple[ReferenceKey, ...] = ()


class Strategy(Strict):
    """A DBT strategy an answer option can exemplify (`content/strategies.yaml`)."""

    id: Slug
    name: Text
    description: Text


class PejorativeTerm(Strict):
    """A description of clients the course does not use, with what to say instead."""

    term: Text
    instead: Text
    not_followed_by: tuple[Text, ...] = Field(
        default=(), description="words after which the term is a different, acceptable phrase"
    )
