"""AppTest tests of the course map, lesson and glossary screens on the fixture course."""

from pathlib import Path

from tests.ui.conftest import page_link_labels


def test_course_map_lists_modules_and_lessons(open_screen) -> None:
    at = open_screen("course_map")
    assert [s.value for s in at.subheader] == ["1. The biosocial theory", "2. Validation"]
    assert page_link_labels(at) == [
        "Two roots of emotion dysregulation (10 min)",
        "The transaction over time (12 min)",
        "The six levels of validation (15 min)",
    ]
    assert any("Best taken after: The biosocial theory" in c.value for c in at.caption)
    assert not at.warning


def test_lesson_renders_its_text_objectives_and_references(open_screen) -> None:
    at = open_screen("lesson", id="validation.levels")
    html = at.get("html")[0].proto.body
    assert "<h1>The six levels of validation</h1>" in html
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert 'class="glossary-term"' in html
    markdown = " ".join(m.value for m in at.markdown)
    assert "Match therapist statements to Linehan's levels of validation." in markdown
    assert "Validation and psychotherapy" in markdown
    assert page_link_labels(at) == ["Previous: The transaction over time"]


def test_first_lesson_has_only_a_next_link(open_screen) -> None:
    at = open_screen("lesson", id="biosocial.two-roots")
    assert page_link_labels(at) == ["Next: The transaction over time"]


def test_unknown_lesson_says_so_and_links_back(open_screen) -> None:
    at = open_screen("lesson", id="validation.nope")
    assert "not in the course" in at.warning[0].value
    assert page_link_labels(at) == ["Choose a lesson on the course map"]


def test_glossary_shows_the_linked_term_first_and_filters(open_screen) -> None:
    at = open_screen("glossary", term="validation")
    bold = [m.value for m in at.markdown if m.value.startswith("**")]
    assert bold[0] == "**Validation**" and len(bold) == 5
    at.text_input(key="glossary.search").input("transact").run()
    assert [m.value for m in at.markdown if m.value.startswith("**")] == ["**Biosocial theory**"]
    at.text_input(key="glossary.search").input("zzz").run()
    assert at.info[0].value == "No term matches that search."


def test_a_course_without_content_still_opens(open_screen, tmp_path: Path) -> None:
    at = open_screen("course_map", content=tmp_path)
    assert "could not be opened (1 content problem)" in at.warning[0].value
    assert at.info[0].value == "The course has no modules yet."
