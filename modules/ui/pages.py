"""Every screen of the app by name, who may see it, and the navigation built from the role."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from modules.accounts import Role, SignedIn

UI = Path(__file__).resolve().parent
STAFF = frozenset(Role)
EVERYONE = frozenset(Role)  # signed-in people of any role, and also the signed-out
LEADS = frozenset({Role.LEADER, Role.COORDINATOR, Role.ADMIN})  # who may run a workshop


@dataclass(frozen=True)
class Screen:
    title: str
    url_path: str
    icon: str
    script: str  # relative to modules/ui/; file pages let AppTest switch to them by path
    section: str
    roles: frozenset[Role] = frozenset()  # empty: a public page, shown only when signed out


SCREENS: dict[str, Screen] = {
    "setup": Screen("Set up", "setup", ":material/build:", "public/setup.py", "Welcome"),
    "sign_in": Screen("Sign in", "sign-in", ":material/login:", "public/sign_in.py", "Welcome"),
    "register": Screen(
        "Create account", "register", ":material/person_add:", "public/register.py", "Welcome"
    ),
    "reset": Screen(
        "Reset password", "reset-password", ":material/key:", "public/reset.py", "Welcome"
    ),
    "course_map": Screen(
        "Course", "course", ":material/map:", "trainee/course_map.py", "Study", STAFF
    ),
    "lesson": Screen(
        "Lesson", "lesson", ":material/menu_book:", "trainee/lesson.py", "Study", STAFF
    ),
    "quiz": Screen("Quiz", "quiz", ":material/quiz:", "trainee/quiz.py", "Study", STAFF),
    "cases": Screen("Cases", "cases", ":material/cases:", "trainee/cases.py", "Study", STAFF),
    "review": Screen("Review", "review", ":material/replay:", "trainee/review.py", "Study", STAFF),
    "exams": Screen(
        "Exams", "exams", ":material/workspace_premium:", "trainee/exams.py", "Study", STAFF
    ),
    "my_progress": Screen(
        "My progress", "progress", ":material/insights:", "trainee/my_progress.py", "Study", STAFF
    ),
    "glossary": Screen(
        "Glossary", "glossary", ":material/dictionary:", "trainee/glossary.py", "Study", STAFF
    ),
    "cohorts": Screen(
        "Cohorts",
        "cohorts",
        ":material/groups:",
        "coordinator/cohorts.py",
        "Coordinate",
        frozenset({Role.COORDINATOR, Role.ADMIN}),
    ),
    "dashboard": Screen(
        "Dashboard",
        "dashboard",
        ":material/monitoring:",
        "coordinator/dashboard.py",
        "Coordinate",
        frozenset({Role.COORDINATOR, Role.ADMIN}),
    ),
    "items": Screen(
        "Item analysis",
        "item-analysis",
        ":material/analytics:",
        "coordinator/item_analysis.py",
        "Coordinate",
        frozenset({Role.COORDINATOR, Role.ADMIN}),
    ),
    "workshops": Screen(
        "Workshops",
        "workshops",
        ":material/cast_for_education:",
        "leader/workshops.py",
        "Lead",
        LEADS,
    ),
    "projector": Screen(
        "Projector", "projector", ":material/present_to_all:", "leader/projector.py", "Lead", LEADS
    ),
    "join": Screen(
        "Join a workshop", "join", ":material/how_to_vote:", "public/join.py", "Welcome", EVERYONE
    ),
    "people": Screen(
        "People",
        "people",
        ":material/manage_accounts:",
        "admin/people.py",
        "Admin",
        frozenset({Role.ADMIN}),
    ),
    "content_check": Screen(
        "Content check",
        "content-check",
        ":material/fact_check:",
        "admin/content_check.py",
        "Admin",
        frozenset({Role.ADMIN}),
    ),
    "account": Screen(
        "Account", "account", ":material/account_circle:", "everyone/account.py", "You", STAFF
    ),
    "verify": Screen(
        "Verify a certificate",
        "verify",
        ":material/verified:",
        "public/verify.py",
        "Welcome",
        EVERYONE,
    ),
}


def page(name: str, default: bool = False) -> st.Page:
    """The st.Page for a screen; pages with the same url_path are the same page to Streamlit,
    so a link built here reaches the page that app.py put in the navigation."""
    screen = SCREENS[name]
    return st.Page(
        UI / screen.script,
        title=screen.title,
        url_path=screen.url_path,
        icon=screen.icon,
        default=default,
    )


def screens_for(person: SignedIn | None, first_run: bool) -> list[str]:
    """The screens a person may open: only set-up on an empty database, only the public pages
    when signed out, and the pages of their role when signed in."""
    if first_run:
        return ["setup"]
    if person is None:
        return ["sign_in", "register", "reset", "verify", "join"]
    names = [name for name, screen in SCREENS.items() if person.role in screen.roles]
    if person.role is Role.COORDINATOR:  # who needs attention is a coordinator's first screen
        names.remove("dashboard")
        names.insert(0, "dashboard")
    if person.role is Role.LEADER:  # a seminar leader comes to run workshops
        names.remove("workshops")
        names.insert(0, "workshops")
    return names


def navigation_for(person: SignedIn | None, first_run: bool) -> dict[str, list[st.Page]]:
    names = screens_for(person, first_run)
    sections: dict[str, list[st.Page]] = {}
    for index, name in enumerate(names):
        sections.setdefault(SCREENS[name].section, []).append(page(name, default=index == 0))
    return sections
