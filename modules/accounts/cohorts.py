"""Use cases of cohorts: create one, invite by code or link, import a roster, join."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime

from modules.tracking import Database
from modules.tracking import cohorts as store
from modules.tracking import users as user_store

from .access import require_cohort
from .roles import PermissionDenied, Role
from .roster import Roster, parse_roster
from .service import AccountError, AccountsService, SignedIn

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread on a slide
CODE_LENGTH = 8


@dataclass(frozen=True)
class RosterImport:
    roster: Roster
    imported: int
    already_there: int
    joined_now: int  # people on the roster who already had accounts and joined at once


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def invitation_link(public_url: str | None, code: str) -> str:
    """The registration address with the code; relative when no public address is configured."""
    base = (public_url or "").rstrip("/")
    return f"{base}/register?code={code}"


class CohortService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def create(
        self, actor: SignedIn, name: str, now: datetime, *, starts_on: date | None = None,
        ends_on: date | None = None, target_on: date | None = None, pass_mark: int | None = None,
    ) -> store.CohortRow:  # fmt: skip
        if actor.role not in (Role.COORDINATOR, Role.ADMIN):
            raise PermissionDenied("Only coordinators and admins create cohorts.")
        name = name.strip()
        if not name or len(name) > 120:
            raise AccountError("Give the cohort a name of up to 120 characters.")
        if starts_on and ends_on and ends_on < starts_on:
            raise AccountError("The end date comes before the start date.")
        if pass_mark is not None and not 1 <= pass_mark <= 100:
            raise AccountError("A pass mark is a percentage from 1 to 100.")
        for _ in range(5):  # a clash of random codes is rare; try again if it happens
            try:
                cohort_id = store.insert_cohort(
                    self.db, name=name, coordinator_id=actor.user_id, starts_on=starts_on,
                    ends_on=ends_on, target_on=target_on, pass_mark=pass_mark,
                    invite_code=new_code(), now=now,
                )  # fmt: skip
                break
            except store.StoreWriteError:
                continue
        else:
            raise AccountError("Could not make an invitation code; try again.")
        store.audit(self.db, actor.user_id, "create cohort", now, cohort=name)
        cohort = store.cohort_by_id(self.db, cohort_id)
        assert cohort is not None
        return cohort

    def mine(self, actor: SignedIn) -> list[store.CohortRow]:
        if actor.role is Role.ADMIN:
            return store.cohorts(self.db)
        if actor.role is Role.COORDINATOR:
            return store.cohorts(self.db, actor.user_id)
        raise PermissionDenied("Only coordinators and admins see cohorts.")

    def get(self, actor: SignedIn, cohort_id: int) -> store.CohortRow:
        return require_cohort(self.db, actor, cohort_id)

    def members(self, actor: SignedIn, cohort_id: int) -> list[store.MemberRow]:
        require_cohort(self.db, actor, cohort_id)
        return store.members(self.db, cohort_id)

    def roster(self, actor: SignedIn, cohort_id: int) -> list[tuple[str, str]]:
        require_cohort(self.db, actor, cohort_id)
        return store.roster(self.db, cohort_id)

    def import_roster(
        self, actor: SignedIn, cohort_id: int, csv_text: str, now: datetime,
        import_good_rows: bool = False,
    ) -> RosterImport:  # fmt: skip
        """Nothing is imported while any row is bad, unless the coordinator chooses to import
        the good rows; people already registered with a roster email join straight away."""
        require_cohort(self.db, actor, cohort_id)
        roster = parse_roster(csv_text)
        if roster.bad and not import_good_rows:
            return RosterImport(roster, 0, 0, 0)
        people = [(row.name, row.email) for row in roster.good]
        added = store.add_roster(self.db, cohort_id, people, now)
        joined = 0
        for _, email in people:
            user = user_store.user_by_email(self.db, email)
            if user is not None and store.add_member(self.db, cohort_id, user.id, "roster", now):
                joined += 1
        store.audit(self.db, actor.user_id, "import roster", now, cohort_id=cohort_id,
                    imported=added, bad_rows=len(roster.bad))  # fmt: skip
        return RosterImport(roster, added, len(people) - added, joined)

    def cohort_for_code(self, code: str) -> store.CohortRow:
        cohort = store.cohort_by_code(self.db, code.strip().upper())
        if cohort is None:
            raise AccountError("That invitation code does not match a cohort; check it with "
                               "your coordinator.")  # fmt: skip
        return cohort

    def join(self, user_id: int, code: str, now: datetime) -> store.CohortRow:
        cohort = self.cohort_for_code(code)
        store.add_member(self.db, cohort.id, user_id, "code", now)
        return cohort

    def register_trainee(
        self, accounts: AccountsService, name: str, email: str, password: str, code: str,
        now: datetime,
    ) -> int:  # fmt: skip
        """Register, then join the cohort of the code (checked first, so a mistyped code
        creates no account) and every cohort whose roster lists the email."""
        if code.strip():
            self.cohort_for_code(code)
        user_id = accounts.register_trainee(name, email, password, now)
        if code.strip():
            self.join(user_id, code, now)
        self.join_rosters(user_id, email.strip().lower(), now)
        return user_id

    def join_rosters(self, user_id: int, email: str, now: datetime) -> int:
        """On registration: join every cohort whose roster lists this email."""
        joined = 0
        for cohort_id in store.rosters_with_email(self.db, email):
            joined += store.add_member(self.db, cohort_id, user_id, "roster", now)
        return joined
