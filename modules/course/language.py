"""Flags pejorative descriptions of clients in authored text, as DBT's nonjudgmental stance asks."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from .problems import Problem
from .schema import PejorativeTerm
from .yaml_source import Located, field_name

SPEECH_FIELDS = frozenset({"says"})
"""Fields that hold what a person in a case says (YAML drops the quotation marks around it)."""

_QUOTED = re.compile(r'"[^"\n]*"|“[^”]*”')


def _mask_quotations(text: str) -> str:
    """Blank out quoted speech (keeping offsets and newlines): a client's or a colleague's own
    words, or a phrase the course is naming in order to discuss it, are not the course's voice."""
    return _QUOTED.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def _phrase(text: str) -> str:
    """A regular expression for a phrase, allowing any run of whitespace between its words."""
    return r"\s+".join(re.escape(word) for word in text.split())


class LanguageChecker:
    def __init__(self, terms: Iterable[PejorativeTerm]) -> None:
        self._terms: list[PejorativeTerm] = []
        alternatives = []
        for index, term in enumerate(terms):
            words = _phrase(term.term)
            guard = "".join(rf"(?!\s+{_phrase(after)}(?![\w-]))" for after in term.not_followed_by)
            alternatives.append(rf"(?P<t{index}>(?<![\w-]){words}(?![\w-]){guard})")
            self._terms.append(term)
        # one pass over the text for all terms: most text holds none of them
        self._pattern = re.compile("|".join(alternatives), re.IGNORECASE) if alternatives else None
        # and a cheaper test first: each term's longest word must appear somewhere in the text
        self._triggers = tuple(
            max(re.split(r"[\s-]+", t.term.lower()), key=len) for t in self._terms
        )

    def find(self, text: str) -> list[tuple[int, PejorativeTerm, str]]:
        """(offset, term, the words found) for every flagged phrase outside quotation marks."""
        if self._pattern is None:
            return []
        lowered = text.lower()
        if not any(trigger in lowered for trigger in self._triggers):
            return []
        if self._pattern.search(text) is None:
            return []
        hits = []
        for match in self._pattern.finditer(_mask_quotations(text)):
            index = int(match.lastgroup[1:])  # type: ignore[index]
            hits.append((match.start(), self._terms[index], match.group(0)))
        return hits

    @staticmethod
    def _message(found: str, term: PejorativeTerm) -> str:
        return f'"{found}" describes clients pejoratively; {term.instead}'

    def check_markdown(self, body: str, body_line: int, path: str, field: str) -> list[Problem]:
        return [
            Problem(
                path, body_line + body.count("\n", 0, offset), field, self._message(found, term)
            )
            for offset, term, found in self.find(body)
        ]

    def check_yaml(self, source: Located, path: str, prefix: tuple = ()) -> list[Problem]:
        """Every text value in a YAML document (or part of one, named by `prefix`), skipping
        options marked `models_error: true`."""
        problems: list[Problem] = []
        self._walk(source.data, (), source, path, prefix, problems)
        return problems

    def _walk(
        self, data: Any, location: tuple, source: Located, path: str, prefix: tuple,
        problems: list[Problem],
    ) -> None:  # fmt: skip
        if isinstance(data, dict):
            if data.get("models_error") is True:
                return
            for key, value in data.items():
                if key in SPEECH_FIELDS:
                    continue  # a client's or colleague's own words, not the course's voice
                self._walk(value, (*location, key), source, path, prefix, problems)
        elif isinstance(data, list):
            for index, value in enumerate(data):
                self._walk(value, (*location, index), source, path, prefix, problems)
        elif isinstance(data, str):
            hits = self.find(data)
            lines = self._lines_in_file(source, location, len(hits))
            for (_, term, found), line in zip(hits, lines, strict=True):
                problems.append(
                    Problem(path, line, field_name(prefix + location), self._message(found, term))
                )

    def _lines_in_file(self, source: Located, location: tuple, count: int) -> list[int]:
        """The file line of each hit: found again in the value's own text in the file, since
        folded and multi-line YAML text does not keep the file's line breaks."""
        span = source.span_of(location)
        if span is not None and count:
            start, end, style = span
            if style in ("'", '"'):
                start, end = start + 1, end - 1  # YAML's own quotes are not quotation marks
            raw_hits = self.find(source.text[start:end])
            if len(raw_hits) == count:
                return [source.line_at(start + offset) for offset, _, _ in raw_hits]
        return [source.line_of(location)] * count
