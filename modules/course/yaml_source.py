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

    def line_of(self, location: Iterable[str | int]) -> int:
        """The line of `location`, or of its nearest parent that exists (for a missing field)."""
        path = tuple(location)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.first_line

    def sub(self, location: Location) -> Located:
        """The part of this document at `location`, with its own relative line map."""
        n = len(location)
        data = self.data
        for key in location:
            data = data[key]
        lines = {loc[n:]: line for loc, line in self.lines.items() if loc[:n] == location}
        return Located(data, lines, self.line_of(location))


def parse_yaml(text: str, first_line: int = 1) -> Located:
    """Parse one YAML document; `first_line` shifts the lines (for front matter inside a file)."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = (mark.line + first_line) if mark is not None else first_line
        message = " ".join(str(part) for part in (error.context, error.problem) if part)
        raise YamlSyntaxError(line, f"YAML syntax error: {message}") from None
    except yaml.YAMLError as error:
        raise YamlSyntaxError(first_line, f"YAML syntax error: {error}") from None
    finally:
        loader.dispose()
    lines: dict[Location, int] = {}
    if node is not None:
        _collect_lines(node, (), lines, first_line - 1)
    return Located(data, lines, first_line)


def _collect_lines(node: yaml.Node, path: Location, lines: dict[Location, int], shift: int) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            child = (*path, key)
            lines[child] = key_node.start_mark.line + 1 + shift
            _collect_lines(value_node, child, lines, shift)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = (*path, index)
            lines[child] = item.start_mark.line + 1 + shift
            _collect_lines(item, child, lines, shift)


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
}


def validation_problems(
    error: ValidationError, source: Located, path: str, prefix: Location = ()
) -> list[Problem]:
    """One problem per pydantic error, each at the line of the field it names."""
    problems = []
    for item in error.errors(include_url=False):
        location = _author_location(source.data, item["loc"])
        message = _MESSAGES.get(item["type"], item["msg"])
        if item["type"] == "value_error":
            message = message.removeprefix("Value error, ")
        if item["type"] == "union_tag_invalid":
            message = (
                "unknown question type: "
                + message.split("does not match any of the expected tags: ")[-1]
            )
        problems.append(
            Problem(path, source.line_of(location), field_name(prefix + location), message)
        )
    return problems
