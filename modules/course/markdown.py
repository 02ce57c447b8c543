"""Lesson Markdown to HTML with markdown-it-py: raw HTML off, glossary links, clinical callouts."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from .schema import GlossaryTerm

CALLOUTS = {"pearl": "Clinical pearl", "caution": "Caution", "example": "Example"}
"""`::: pearl` … `:::` blocks a lesson may use, with the heading each one shows."""

GLOSSARY_LINK = re.compile(r"\[\[([^\[\]\n|]+)(?:\|([^\[\]\n]+))?\]\]")
"""`[[term]]` or `[[term|shown text]]`, where term is a glossary term, alias or id."""

CALLOUT_OPENER = re.compile(r"^\s*:{3,}(?!:)\s*([^\s:]\S*)")
"""`::: pearl` or `:::: pearl` (fences nest with more colons); closing fences do not match."""


_FRONT_MATTER_PARSER = MarkdownIt("zero").use(front_matter_plugin)


@dataclass(frozen=True)
class FrontMatter:
    text: str
    first_line: int
    body: str
    body_line: int


def split_front_matter(source: str) -> FrontMatter | None:
    """The YAML front matter of a lesson and the Markdown body after it (None if there is none)."""
    # only the head of the file goes through the parser: the body is rendered separately
    head = source
    if source.startswith("---"):
        closing = re.search(r"^(---|\.\.\.)[ \t]*$", source[3:], re.MULTILINE)
        if closing is not None:
            head = source[: 3 + closing.end()] + "\n"
    tokens = _FRONT_MATTER_PARSER.parse(head)
    if not tokens or tokens[0].type != "front_matter" or tokens[0].map is None:
        return None
    end = tokens[0].map[1]
    lines = source.splitlines(keepends=True)
    return FrontMatter(
        text=tokens[0].content,
        first_line=2,
        body="".join(lines[end:]),
        body_line=end + 1,
    )


class GlossaryIndex:
    """Finds a glossary term by its id, its name or an alias, ignoring case."""

    def __init__(self, terms: Iterable[GlossaryTerm]) -> None:
        self._by_key: dict[str, GlossaryTerm] = {}
        for term in terms:
            for key in (term.id, term.term, *term.aliases):
                self._by_key.setdefault(key.strip().lower(), term)

    def find(self, key: str) -> GlossaryTerm | None:
        return self._by_key.get(key.strip().lower())


def glossary_href(term_id: str) -> str:
    return f"glossary?term={quote(term_id)}"


class LessonRenderer:
    """Renders lesson bodies; build one per course and reuse it (building the parser is the
    expensive part)."""

    def __init__(self, glossary: Iterable[GlossaryTerm]) -> None:
        self.glossary = GlossaryIndex(glossary)
        md = MarkdownIt("commonmark", {"html": False, "typographer": True})
        md.enable(["table", "strikethrough", "replacements", "smartquotes"])
        md.inline.ruler.before("link", "glossary_link", _glossary_rule)
        md.add_render_rule("glossary_ref", self._glossary_ref_renderer())
        for name, heading in CALLOUTS.items():
            md.use(container_plugin, name, render=_callout_renderer(name, heading))
        self._md = md

    def render(self, body: str) -> str:
        return self._md.render(body)

    def _glossary_ref_renderer(self):
        glossary = self.glossary

        # markdown-it binds render rules to its renderer, hence a plain function, not a method
        def render(_self: Any, tokens: Sequence[Token], idx: int, _options: Any, _env: Any) -> str:
            key, label = tokens[idx].meta["key"], tokens[idx].meta["label"]
            term = glossary.find(key)
            if term is None:  # the loader reports it; the reader still sees the words
                return f'<span class="glossary-missing">{escapeHtml(label)}</span>'
            return (
                f'<a class="glossary-term" href="{escapeHtml(glossary_href(term.id))}" '
                f'title="{escapeHtml(term.term + ": " + term.definition)}" target="_self">'
                f"{escapeHtml(label)}</a>"
            )

        return render


def _glossary_rule(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("[[", state.pos):
        return False
    match = GLOSSARY_LINK.match(state.src, state.pos)
    if match is None:
        return False
    if not silent:
        token = state.push("glossary_ref", "", 0)
        key = match.group(1).strip()
        token.meta = {"key": key, "label": (match.group(2) or key).strip()}
    state.pos = match.end()
    return True


def _callout_renderer(name: str, heading: str):
    def render(_self: Any, tokens: Sequence[Token], idx: int, _options: Any, _env: Any) -> str:
        if tokens[idx].nesting == 1:
            return (
                f'<aside class="callout callout-{name}" role="note">'
                f'<p class="callout-title">{escapeHtml(heading)}</p>\n'
            )
        return "</aside>\n"

    return render


def glossary_links(body: str, body_line: int) -> list[tuple[int, str]]:
    """Every `[[term]]` in a body with the file line it is on."""
    found = []
    for offset, line in enumerate(body.splitlines()):
        for match in GLOSSARY_LINK.finditer(line):
            found.append((body_line + offset, match.group(1).strip()))
    return found


def callout_kinds(body: str, body_line: int) -> list[tuple[int, str]]:
    """Every `::: kind` opener in a body with its file line (closing `:::` lines are skipped)."""
    return [
        (body_line + offset, match.group(1))
        for offset, line in enumerate(body.splitlines())
        if (match := CALLOUT_OPENER.match(line))
    ]


WORD = re.compile(r"[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*")


def count_words(body: str) -> int:
    """Words a reader reads: Markdown markup, link targets and glossary brackets excluded."""
    text = re.sub(r"\]\([^)]*\)", "]", body)  # link targets
    text = re.sub(r"^\s*:{3,}.*$", "", text, flags=re.MULTILINE)  # callout fences
    text = GLOSSARY_LINK.sub(lambda m: m.group(2) or m.group(1), text)
    return len(WORD.findall(text))
