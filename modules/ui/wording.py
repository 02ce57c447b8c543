"""Small pieces of wording shared by the screens."""

import re


def count_phrase(count: int, noun: str, plural: str | None = None) -> str:
    """'1 problem', '3 problems'."""
    return f"{count} {noun if count == 1 else (plural or noun + 's')}"


_MARKDOWN = set("\\`*_{}[]()<>#|~$:!")  # read as syntax anywhere in a line (: for :red[...])


def plain(text: str) -> str:
    """A person's own words (a name, a display name) made safe inside Markdown: every character
    Markdown could read as syntax is escaped, so the words show exactly as typed."""
    escaped = "".join(f"\\{ch}" if ch in _MARKDOWN else ch for ch in text)
    # a list or a rule only at the start of a line: "- x", "+ x", "1. x"
    escaped = re.sub(r"(?m)^(\s*)([-+=])", r"\1\\\2", escaped)
    return re.sub(r"(?m)^(\s*\d+)\.", r"\1\\.", escaped)
