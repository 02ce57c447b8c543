"""Reading authored files while collecting problems: text, YAML, top-level shape, models, ids."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from .problems import Problem
from .yaml_source import Located, YamlSyntaxError, parse_yaml, validation_problems

M = TypeVar("M", bound=BaseModel)


@dataclass
class ProblemCollector:
    """Reads files under `root` and records every problem instead of raising."""

    root: Path
    problems: list[Problem] = field(default_factory=list)
    course_ids: dict[str, str] = field(default_factory=dict)  # id -> where it was first defined

    def rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def problem(self, path: str, line: int, field_: str, message: str) -> None:
        self.problems.append(Problem(path, line, field_, message))

    def read_text(self, path: Path) -> str | None:
        try:
            # utf-8-sig: some editors on Windows start a file with a byte-order mark
            return path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as error:
            self.problem(self.rel(path), 1, "(file)", f"not UTF-8 text ({error.reason})")
        except OSError as error:
            self.problem(self.rel(path), 1, "(file)", f"cannot be read ({error.strerror})")
        return None

    def parse(
        self, text: str, rel: str, first_line: int = 1, field_: str = "(file)"
    ) -> Located | None:
        try:
            source = parse_yaml(text, first_line=first_line)
        except YamlSyntaxError as error:
            self.problem(rel, error.line, field_, error.message)
            return None
        for line, name in source.duplicates:
            self.problem(rel, line, name, "this field appears twice; YAML would keep only the last")
        return source

    def read_yaml(self, path: Path, required: bool = True) -> Located | None:
        if not path.exists():
            if required:
                self.problem(self.rel(path), 1, "(file)", "file is missing")
            return None
        text = self.read_text(path)
        return None if text is None else self.parse(text, self.rel(path))

    def mapping_with(self, source: Located, rel: str, keys: dict[str, type]) -> bool:
        """Check a file's top level: a mapping with exactly these keys, of these types."""
        if not isinstance(source.data, dict):
            expected = ", ".join(f"'{k}:'" for k in keys)
            self.problem(rel, source.first_line, "(file)", f"expected a mapping with {expected}")
            return False
        good = True
        for key in source.data:
            if key not in keys:
                self.problem(rel, source.line_of((key,)), str(key), "unknown field")
                good = False
        for key, kind in keys.items():
            if key not in source.data:
                self.problem(rel, source.first_line, key, "required field is missing")
                good = False
            elif not isinstance(source.data[key], kind):
                what = "a list" if kind is list else "text"
                self.problem(rel, source.line_of((key,)), key, f"must be {what}")
                good = False
        return good

    def validate(
        self, model: type[M] | TypeAdapter, source: Located, rel: str, prefix: tuple = ()
    ) -> M | None:
        try:
            if isinstance(model, TypeAdapter):
                return model.validate_python(source.data)
            return model.model_validate(source.data)
        except ValidationError as error:
            self.problems.extend(validation_problems(error, source, rel, prefix))
            return None

    def claim_id(self, item_id: str, rel: str, line: int, field_: str) -> bool:
        """Course ids (modules, objectives, lessons, questions) are unique across the course."""
        if item_id in self.course_ids:
            where = self.course_ids[item_id]
            self.problem(rel, line, field_, f"id '{item_id}' is already used at {where}")
            return False
        self.course_ids[item_id] = f"{rel}:{line}"
        return True


@dataclass
class SharedList:
    """A shared list file (references, glossary, ...) as loaded: entries by id, and where each
    entry stands in its file. `usable` is False when the file itself is missing or unreadable,
    so that checks against it are skipped rather than repeated for every citing item."""

    rel: str
    key: str
    entries: dict
    source: Located | None
    index: dict[str, int]

    @property
    def usable(self) -> bool:
        return self.source is not None

    def knows(self, entry_id: str) -> bool:
        return not self.usable or entry_id in self.entries

    def location(self, entry_id: str, *rest: str | int) -> tuple:
        return (self.key, self.index[entry_id], *rest)

    def line(self, entry_id: str, *rest: str | int) -> int:
        assert self.source is not None
        return self.source.line_of(self.location(entry_id, *rest))


def load_list(
    files: ProblemCollector, rel: str, key: str, model: type[M], id_field: str
) -> SharedList:
    """Each entry validated on its own, so one bad entry leaves the others usable."""
    source = files.read_yaml(files.root / rel)
    if source is None or not files.mapping_with(source, rel, {key: list}):
        return SharedList(rel, key, {}, None, {})
    entries: dict[str, M] = {}
    index: dict[str, int] = {}
    for position in range(len(source.data[key])):
        location = (key, position)
        entry = files.validate(model, source.sub(location), rel, location)
        if entry is None:
            continue
        entry_id = getattr(entry, id_field)
        if entry_id in entries:
            first = source.line_of((key, index[entry_id]))
            files.problem(
                rel, source.line_of(location), f"{key}[{position}].{id_field}",
                f"'{entry_id}' is already defined at line {first}",
            )  # fmt: skip
            continue
        entries[entry_id] = entry
        index[entry_id] = position
    return SharedList(rel, key, entries, source, index)
