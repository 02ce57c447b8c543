"""YAML read with line numbers, and pydantic errors turned into problems that name file and line."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import yaml
from pydantic import ValidationError

from .problems import Problem

try:  # libyaml is about ten times faster and still reports line numbers
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - only where PyYAML was built without libyaml
    _Loader = yaml.SafeLoader

Location = tuple[str | int, ...]


class YamlSyntaxError(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Located:
    """Parsed YAML data plus the line (1-based) of every mapping key and sequence item in it."""

    data: Any
    lines: dict[Location, int] = field(default_factory=dict)
    first_line: int = 1
    text: str = ""
    shift: int = 0  # file line of the text's first line, minus one (front matter starts lower)
    spans: dict[Location, tuple[int, int, str]] = field(default_factory=dict)
    """Where each text value lies in `text`: start, end and YAML style ('', '|', '>', '"', "'")."""
    duplicates: tuple[tuple[int, str], ...] = ()
    """(line, field) of every key that repeats in its mapping (YAML would keep only the last)."""
    prefix: Location = ()
    """Where this part sits in the whole document: the maps are shared, never copied."""

    def line_at(self, index: int) -> int:
        return self.text.count("\n", 0, index) + 1 + self.shift

    def line_of(self, location: Iterable[str | int]) -> int:
        """The line of `location`, or of its nearest parent that exists (for a missing field)."""
        path = tuple(location)
        while path:
            line = self.lines.get(self.prefix + path)
            if line is not None:
                return line
            path = path[:-1]
        return self.first_line

    def span_of(self, location: Location) -> tuple[int, int, str] | None:
        return self.spans.get(self.prefix + location)

    def sub(self, location: Location) -> Located:
        """The part of this document at `location` (locations inside it are relative to it)."""
        data = self.data
        for key in location:
            data = data[key]
        return Located(data, self.lines, self.line_of(location), self.text, self.shift,
                       self.spans, (), self.prefix + tuple(location))  # fmt: skip


def parse_yaml(text: str, first_line: int = 1) -> Located:
    """Parse one YAML document; `first_line` shifts the lines (for front matter inside a file)."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        if "end of stream" in str(error.problem) and error.context_mark is not None:
            mark = error.context_mark  # where the unclosed thing opened, not the end of the file
        line = (mark.line + first_line) if mark is not None else first_line
        message = " ".join(str(part) for part in (error.context, error.problem) if part)
        raise YamlSyntaxError(line, f"YAML syntax error: {message}") from None
    except yaml.YAMLError as error:
        raise YamlSyntaxError(first_line, f"YAML syntax error: {error}") from None
    finally:
        loader.dispose()
    walk = _NodeWalk(first_line - 1)
    if node is not None:
        walk.collect(node, ())
    return Located(
        data, walk.lines, first_line, text, first_line - 1, walk.spans, tuple(walk.duplicates)
    )


@dataclass
class _NodeWalk:
    """Collects, from PyYAML's node tree, the line of every key and item and the span of every
    text value (so a word inside a multi-line value can be placed on its own line)."""

    shift: int
    lines: dict[Location, int] = field(default_factory=dict)
    spans: dict[Location, tuple[int, int, str]] = field(default_factory=dict)
    duplicates: list[tuple[int, str]] = field(default_factory=list)

    def collect(self, node: yaml.Node, path: Location) -> None:
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
                child = (*path, key)
                line = key_node.start_mark.line + 1 + self.shift
                if key in seen:
                    self.duplicates.append((line, field_name(child)))
                seen.add(key)
                self.lines[child] = line
                self.collect(value_node, child)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                child = (*path, index)
                self.lines[child] = item.start_mark.line + 1 + self.shift
                self.collect(item, child)
        elif isinstance(node, yaml.ScalarNode):
            self.spans[path] = (node.start_mark.index, node.end_mark.index, node.style or "")


def field_name(location: Iterable[str | int]) -> str:
    """`('questions', 3, 'options', 0, 'feedback')` -> `questions[3].options[0].feedback`."""
    text = ""
    for part in location:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + part
    return text or "(file)"


def _author_location(data: Any, location: Iterable[str | int]) -> Location:
    """Drop what pydantic adds to a location that is not in the author's file: the tag of a
    tagged union (`questions.3.single.options`) and validator function names."""
    result: list[str | int] = []
    for part in location:
        added = isinstance(data, dict) and isinstance(part, str) and part not in data
        if added and (part == data.get("type") or part.startswith("function-")):
            continue
        result.append(part)
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            data = None
    return tuple(result)


_MESSAGES = {
    "extra_forbidden": "unknown field (check its spelling; unknown fields are not allowed)",
    "missing": "required field is missing",
    "union_tag_not_found": "required field is missing",
}


def _message(item: dict[str, Any]) -> str:
    kind, ctx = item["type"], item.get("ctx") or {}
    if kind in _MESSAGES:
        return _MESSAGES[kind]
    if kind == "value_error":
        return item["msg"].removeprefix("Value error, ")
    if kind == "union_tag_invalid":
        expected = str(ctx.get("expected_tags", "")).replace("'", "")
        return f"unknown question type '{ctx.get('tag')}' (use one of: {expected})"
    if kind in ("too_short", "too_long"):
        bound = "at least" if kind == "too_short" else "at most"
        limit = ctx.get("min_length" if kind == "too_short" else "max_length")
        return f"needs {bound} {limit} entries (found {ctx.get('actual_length')})"
    return item["msg"]


def validation_problems(
    error: ValidationError, source: Located, path: str, prefix: Location = ()
) -> list[Problem]:
    """One problem per pydantic error, each at the line of the field it names."""
    items = error.errors(include_url=False)
    located = [(_author_location(source.data, item["loc"]), item) for item in items]
    problems = []
    for location, item in located:
        if item["type"] == "too_short" and any(
            len(other) > len(location) and other[: len(location)] == location
            for other, _ in located
        ):
            continue  # pydantic counts the broken entries out; the entries' own errors suffice
        if item["type"] in ("union_tag_invalid", "union_tag_not_found"):
            location = (*location, "type")
        problems.append(
            Problem(path, source.line_of(location), field_name(prefix + location), _message(item))
        )
    return problems
