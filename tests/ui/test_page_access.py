"""Every screen × every role (and signed out), in AppTest: a page a role may open renders
without an error; any other page is not registered for that role at all, so no address reaches
it (Streamlit shows the role's first page instead; tests/e2e/test_typed_addresses.py checks
that in Chromium)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from modules.accounts import Role
from modules.accounts.service import SignedIn
from modules.ui.pages import SCREENS, screens_for
from tests.ui.conftest import COURSE_OK, ROOT

ROLES = [None, *Role]


def allowed(role: Role | None) -> set[str]:
    return set(screens_for(SignedIn(0, "", "", role, 0) if role else None, first_run=False))


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r.value if r else "signed-out")
@pytest.mark.parametrize("name", sorted(set(SCREENS) - {"setup"}))
def test_page_access(role, name, monkeypatch, make_person) -> None:
    monkeypatch.setenv("DBT_COURSE_CONTENT", str(COURSE_OK))
    if role is None:
        make_person(Role.ADMIN, "Someone Else")  # not the first run: the public pages show
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    if role is not None:
        at.session_state["auth.token"] = make_person(role).token
    at.run()
    script = f"modules/ui/{SCREENS[name].script}"
    if name in allowed(role):
        at.switch_page(script).run()
        assert not at.exception, at.exception
        assert at.title or at.error, f"{name} drew nothing for {role}"
    else:
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(script)
