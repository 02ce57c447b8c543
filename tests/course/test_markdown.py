"""Lesson rendering: raw HTML stays text, glossary links and callouts, front matter, word counts."""

import pytest

from modules.course.markdown import (
    LessonRenderer,
    callout_kinds,
    count_words,
    glossary_links,
    split_front_matter,
)
from modules.course.schema import GlossaryTerm

TERMS = [
    GlossaryTerm(
        id="validation",
        term="Validation",
        definition='Saying that a response "makes sense" & why.',
        aliases=("validating",),
    ),
    GlossaryTerm(id="dialectics", term="Dialectics", definition="Opposites held together."),
]


@pytest.fixture(scope="module")
def renderer() -> LessonRenderer:
    return LessonRenderer(TERMS)


@pytest.mark.parametrize(
    "markdown",
    [
        '<script>alert("x")</script>',
        "Before <script>alert(1)</script> after",
        "<img src=x onerror=alert(1)>",
        '<a href="javascript:alert(1)">click</a>',
    ],
)
def test_raw_html_comes_out_as_text(renderer: LessonRenderer, markdown: str) -> None:
    html = renderer.render(markdown)
    assert "<script" not in html and "<img" not in html and "<a href" not in html
    assert "&lt;" in html


def test_javascript_links_are_not_links(renderer: LessonRenderer) -> None:
    html = renderer.render("[click](javascript:alert(1))")
    assert 'href="javascript' not in html


def test_glossary_link_by_alias_with_definition_as_title(renderer: LessonRenderer) -> None:
    html = renderer.render("Start by [[validating]] her.")
    assert (
        '<a class="glossary-term" href="glossary?term=validation" '
        'title="Validation: Saying that a response &quot;makes sense&quot; &amp; why." '
        'target="_self">validating</a>'
    ) in html


def test_glossary_link_with_label_and_unknown_term(renderer: LessonRenderer) -> None:
    html = renderer.render("[[Dialectics|a dialectical view]] and [[nothing here]]")
    assert ">a dialectical view</a>" in html
    assert '<span class="glossary-missing">nothing here</span>' in html


def test_glossary_link_inside_code_is_left_alone(renderer: LessonRenderer) -> None:
    assert "<code>[[Validation]]</code>" in renderer.render("`[[Validation]]`")


@pytest.mark.parametrize(
    ("kind", "heading"),
    [("pearl", "Clinical pearl"), ("caution", "Caution"), ("example", "Example")],
)
def test_callouts(renderer: LessonRenderer, kind: str, heading: str) -> None:
    html = renderer.render(f"::: {kind}\nInside *it*.\n:::\n")
    assert html.startswith(f'<aside class="callout callout-{kind}" role="note">')
    assert f'<p class="callout-title">{heading}</p>' in html
    assert "<em>it</em>" in html and html.rstrip().endswith("</aside>")


def test_front_matter_is_split_with_the_body_line() -> None:
    source = "---\nid: m.l\ntitle: T\n---\n# Heading\n\nText\n"
    front = split_front_matter(source)
    assert front is not None
    assert front.text == "id: m.l\ntitle: T"
    assert front.body == "# Heading\n\nText\n"
    assert front.body_line == 5


def test_no_front_matter() -> None:
    assert split_front_matter("# Just a heading\n") is None


def test_links_and_callouts_are_found_with_their_lines() -> None:
    body = "Intro\n\nSee [[Validation]] and [[dialectics|this]].\n::: caution\nx\n:::\n"
    assert glossary_links(body, body_line=10) == [(12, "Validation"), (12, "dialectics")]
    assert callout_kinds(body, body_line=10) == [(13, "caution")]


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("One two three.", 3),
        ("The client's week", 3),
        ("[[Validation|validating her]] now", 3),
        ("A [link](https://example.org/a-b-c) here", 3),
        ("::: pearl\nFour words are here.\n:::", 4),
        ("# Heading\n\n- item one\n- item two", 5),
    ],
)
def test_count_words(body: str, words: int) -> None:
    assert count_words(body) == words
