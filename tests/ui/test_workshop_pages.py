"""The workshop pages in AppTest: the leader's control view, the projector and the phone page.
AppTest does not fire `run_every`, so a test calls run() again where a page would poll."""

from __future__ import annotations

from datetime import UTC, datetime

from modules.accounts import Role
from modules.accounts.service import SignedIn
from modules.course import load_course
from modules.tracking import StoreFactory
from modules.workshop import WorkshopService
from tests.ui.conftest import COURSE_OK
from tests.ui.quiz_driver import press


def service_on(db_path):
    factory = StoreFactory(db_path)
    db = factory.open()
    return WorkshopService(db, load_course(COURSE_OK).course)


def leader_of(make_person):
    person = make_person(Role.LEADER, "Lee Leader")
    return person, SignedIn(person.user_id, "Lee Leader", person.email, Role.LEADER, 0)


def texts(at) -> str:
    return "\n".join(m.value for m in [*at.markdown, *at.caption, *at.subheader, *at.title])


def test_a_leader_starts_a_case_workshop_and_steps_through_it(open_screen, make_person,
                                                               db_path) -> None:  # fmt: skip
    person, _ = leader_of(make_person)
    at = open_screen("workshops", person=person)
    assert at.title[0].value == "Workshops"
    at.radio[0].set_value("A case vignette")
    next(b for b in at.button if b.label == "Start").click()
    at.run()
    assert not at.exception, at.exception
    service = service_on(db_path)
    (session,) = service.sessions(SignedIn(person.user_id, "L", person.email, Role.LEADER, 0))
    assert at.query_params["session"] == [str(session.id)] or at.query_params["session"] == str(
        session.id
    )
    shown = texts(at)
    assert session.code in shown and "Step 1" in shown
    assert any("join?code=" + session.code in c.value for c in at.code)
    assert len(at.get("image")) == 1  # the QR code
    press(at, "Reveal answers")
    assert service.view(service.session(session.id), datetime.now(UTC)).flags.revealed
    press(at, "Next step")
    after = service.session(session.id)
    assert after.position == 1 and len(after.path) == 2
    press(at, "Previous step")
    assert service.session(session.id).position == 0


def test_the_projector_shows_the_step_and_the_tally_only_when_shown(open_screen, make_person,
                                                                     db_path) -> None:  # fmt: skip
    person, leader = leader_of(make_person)
    service = service_on(db_path)
    now = datetime.now(UTC)
    sid = service.start(leader, "case", "late-again", now)
    session = service.session(sid)
    view = service.view(session, now)
    voter = service.join(session.code, "Secret Name", now)
    service.vote(voter, view.key, view.step.options[0].id, now)
    at = open_screen("projector", person=person, session=str(sid))
    shown = texts(at)
    assert all(o.text in shown for o in view.step.options)
    assert session.code in shown
    assert "Secret Name" not in shown  # no individual's name on the wall
    assert not at.get("progress")  # the tally is hidden until the leader shows it
    assert not any(o.feedback in shown for o in view.step.options)
    service.set_flag(leader, sid, "tally_shown", True, now)
    service.set_flag(leader, sid, "revealed", True, now)
    at.run()  # what the 1 s refresh does
    bars = at.get("progress")
    assert len(bars) == len(view.step.options)
    assert "1 (100%)" in [b.proto.text for b in bars]
    assert view.step.options[0].feedback in texts(at)


def test_the_projector_is_the_leaders_alone(open_screen, make_person, db_path) -> None:
    _, leader = leader_of(make_person)
    service = service_on(db_path)
    sid = service.start(leader, "case", "late-again", datetime.now(UTC))
    other = make_person(Role.LEADER, "Other Leader")
    at = open_screen("projector", person=other, session=str(sid))
    assert "Only the leader who started this workshop" in at.error[0].value


def test_a_participant_joins_votes_and_follows_the_leader(open_screen, make_person,
                                                          db_path) -> None:  # fmt: skip
    _, leader = leader_of(make_person)
    service = service_on(db_path)
    now = datetime.now(UTC)
    sid = service.start(leader, "case", "late-again", now)
    session = service.session(sid)
    at = open_screen("join", role=None, code=session.code.lower())
    assert at.title[0].value == "Join a workshop"
    assert at.text_input[0].value == session.code.lower()
    at.text_input[1].input("**Zoë** <b>Nguyễn</b>")
    next(b for b in at.button if b.label == "Join").click()
    at.run()
    assert not at.exception, at.exception
    token = at.query_params["p"]
    token = token[0] if isinstance(token, list) else token
    participant = service.participant(token)
    assert participant is not None and participant.display_name == "**Zoë** <b>Nguyễn</b>"
    assert any("\\*\\*Zoë\\*\\*" in c.value for c in at.caption)  # shown as typed, not bold
    view = service.view(session, now)
    option = view.step.options[1]
    press(at, f"{option.letter}. {option.text}")
    assert service.tally(session, view.key) == {option.id: 1}
    assert any("Your vote: " + option.letter in s.value for s in at.success)
    service.set_flag(leader, sid, "locked", True, now)
    at.run()  # the 2 s poll sees the new version and redraws
    assert "Voting on this step is closed." in [w.value for w in at.warning]
    service.set_flag(leader, sid, "locked", False, now)
    service.forward(leader, sid, now)
    at.run()
    assert any(s.value == "Step 2" for s in at.subheader)
    service.end(leader, sid, now)
    at.run()
    assert any(s.value == "This workshop has ended" for s in at.subheader)


def test_a_wrong_code_says_so_and_a_trainee_can_answer_as_themself(open_screen, make_person,
                                                                    db_path) -> None:  # fmt: skip
    _, leader = leader_of(make_person)
    service = service_on(db_path)
    sid = service.start(leader, "items", ["validation.q04"], datetime.now(UTC))
    session = service.session(sid)
    at = open_screen("join", role=None, code="ZZZZZZ")
    at.text_input[1].input("Ana")
    next(b for b in at.button if b.label == "Join").click()
    at.run()
    assert "No live workshop has the code ZZZZZZ" in at.error[0].value
    trainee = make_person(Role.TRAINEE, "Robin Trainee")
    at = open_screen("join", person=trainee, code=session.code)
    assert at.checkbox[0].value is True and "Robin Trainee" in at.checkbox[0].label
    at.text_input[1].input("Robin")
    next(b for b in at.button if b.label == "Join").click()
    at.run()
    token = at.query_params["p"]
    token = token[0] if isinstance(token, list) else token
    assert service.participant(token).user_id == trainee.user_id
    assert any("course record" in c.value for c in at.caption)


def test_an_ended_workshop_shows_its_summary_and_csv(open_screen, make_person, db_path) -> None:
    person, leader = leader_of(make_person)
    service = service_on(db_path)
    now = datetime.now(UTC)
    sid = service.start(leader, "case", "late-again", now)
    session = service.session(sid)
    view = service.view(session, now)
    worst = next(o for o in view.step.options if o.verdict == "problematic")
    for n in range(3):
        service.vote(service.join(session.code, f"P{n}", now), view.key, worst.id, now)
    service.end(leader, sid, now)
    at = open_screen("workshops", person=person, session=str(sid))
    assert "This workshop has ended" in at.info[0].value
    shown = texts(at)
    assert "Step 1: 0% chose the best answer" in shown
    (download,) = at.get("download_button")
    assert download.proto.label.startswith("Download every step")
    table = at.dataframe[0].value
    assert int(table.loc[table["option"] == worst.letter, "phones"].iloc[0]) == 3


def test_a_trainees_workshop_answers_show_in_my_progress(open_screen, make_person,
                                                         db_path) -> None:  # fmt: skip
    _, leader = leader_of(make_person)
    trainee = make_person(Role.TRAINEE, "Robin Trainee")
    me = SignedIn(trainee.user_id, "Robin Trainee", trainee.email, Role.TRAINEE, 0)
    service = service_on(db_path)
    now = datetime.now(UTC)
    sid = service.start(leader, "case", "late-again", now)
    voter = service.join(service.session(sid).code, "Robin", now, as_person=me)
    service.vote(voter, "1:arrival", "a", now)
    service.end(leader, sid, now)
    at = open_screen("my_progress", person=trainee)
    table = next(d.value for d in at.dataframe if "Where" in d.value.columns)
    assert list(table["Where"]) == ["workshop"]
    assert any("(your votes in a workshop)" in e.label for e in at.expander)
