"""AppTest tests of the case vignette page: play a case, see feedback, finish, find the run."""

from modules.course import load_course
from tests.ui.conftest import COURSE_OK, page_link_labels
from tests.ui.quiz_driver import press

COURSE = load_course(COURSE_OK).course
VIGNETTE = COURSE.vignette("late-again")


def play(at, choice_for) -> list[str]:
    """Choose, node after node, the choice `choice_for(node)` names, until the ending."""
    visited = []
    while True:
        run = at.session_state["case.play.late-again"]
        node = VIGNETTE.node(run.state.node_id)
        if node.ending:
            return visited
        visited.append(node.id)
        key = f"case.{run.seed}.{run.state.decisions + 1}.{node.id}.choice"
        at.radio(key=key).set_value(choice_for(node))
        press(at, "Choose")
        press(at, "Continue")


def test_the_case_list_links_each_case(open_screen) -> None:
    at = open_screen("cases")
    assert at.title[0].value == "Case vignettes"
    assert page_link_labels(at) == ["Late again: " + VIGNETTE.summary]


def test_playing_the_optimal_path_scores_full_marks_and_keeps_the_run(open_screen) -> None:
    at = open_screen("cases", case="late-again")
    assert at.title[0].value == "Late again"

    def optimal(node):
        return next(c.id for c in node.choices if c.rating == "optimal")

    visited = play(at, optimal)
    assert visited == [node.id for node, _ in VIGNETTE.optimal_path()]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Score"] == "100%" and metrics["Hierarchy errors"] == "0"
    assert "Jo leaves saying the session helped." in [i.value for i in at.info]
    assert VIGNETTE.node("end").debrief in " ".join(m.value for m in at.markdown)
    table = at.dataframe[0].value
    assert list(table["Best move"]) == ["(the same)"] * len(visited)
    at.switch_page("modules/ui/trainee/my_progress.py").run()
    runs = next(d.value for d in at.dataframe if "Case" in d.value.columns)
    assert runs[["Case", "Decisions", "Score %", "Hierarchy errors"]].to_dict("records") == [
        {"Case": "Late again", "Decisions": len(visited), "Score %": 100, "Hierarchy errors": 0}
    ]


def test_a_hierarchy_error_is_explained_and_costs_a_point(open_screen) -> None:
    at = open_screen("cases", case="late-again")
    run = at.session_state["case.play.late-again"]
    key = f"case.{run.seed}.1.arrival.choice"
    at.radio(key=key).set_value("a")
    press(at, "Choose")
    press(at, "Continue")
    run = at.session_state["case.play.late-again"]
    at.radio(key=f"case.{run.seed}.2.card.choice").set_value("b")  # the sister, past the urge
    press(at, "Choose")
    assert at.error[0].value.startswith("**A common mistake.**")
    warning = at.warning[0].value
    assert "quality-of-life target while a life-threatening target was present" in warning


def test_restart_begins_the_case_again(open_screen) -> None:
    at = open_screen("cases", case="late-again")
    play(at, lambda node: next(c.id for c in node.choices if c.rating == "optimal"))
    first_seed = at.session_state["case.play.late-again"].seed
    press(at, "Restart and try another path")
    run = at.session_state["case.play.late-again"]
    assert run.state.node_id == VIGNETTE.start and run.seed != first_seed
    assert at.caption[0].value == "Decision 1"
