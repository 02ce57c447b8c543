"""An administrator's use cases for people: create staff accounts, change roles, deactivate."""

from __future__ import annotations

from datetime import datetime

from modules.tracking import Database, privacy
from modules.tracking import cohorts as audit_store
from modules.tracking import users as store

from .access import may_read_records
from .roles import PermissionDenied, Role
from .service import AccountError, AccountsService, SignedIn, issue_reset_code


def _admin_only(actor: SignedIn) -> None:
    if actor.role is not Role.ADMIN:
        raise PermissionDenied("Only an administrator manages people.")


class PeopleService:
    def __init__(self, db: Database, accounts: AccountsService) -> None:
        self.db = db
        self.accounts = accounts

    def everyone(self, actor: SignedIn) -> list[store.UserRow]:
        _admin_only(actor)
        return store.all_users(self.db)

    def create(self, actor: SignedIn, name: str, email: str, password: str, role: Role,
               now: datetime) -> int:  # fmt: skip
        _admin_only(actor)
        user_id = self.accounts.create_account(name, email, password, role, now)
        audit_store.audit(self.db, actor.user_id, "create account", now, user_id, role=role.value)
        return user_id

    def change_role(self, actor: SignedIn, user_id: int, role: Role, now: datetime) -> None:
        _admin_only(actor)
        if user_id == actor.user_id and role is not Role.ADMIN:
            raise AccountError("You cannot take away your own administrator role.")
        user = store.user_by_id(self.db, user_id)
        if user is None:
            raise AccountError("There is no such account.")
        store.set_role(self.db, user_id, role.value)
        audit_store.audit(self.db, actor.user_id, "change role", now, user_id,
                          before=user.role, after=role.value)  # fmt: skip

    def set_active(self, actor: SignedIn, user_id: int, active: bool, now: datetime) -> None:
        _admin_only(actor)
        if user_id == actor.user_id and not active:
            raise AccountError("You cannot deactivate your own account.")
        if store.user_by_id(self.db, user_id) is None:
            raise AccountError("There is no such account.")
        store.set_active(self.db, user_id, active, now)
        action = "reactivate account" if active else "deactivate account"
        audit_store.audit(self.db, actor.user_id, action, now, user_id)

    def unlock(self, actor: SignedIn, user_id: int, now: datetime) -> None:
        _admin_only(actor)
        user = store.user_by_id(self.db, user_id)
        if user is None:
            raise AccountError("There is no such account.")
        store.clear_failures(self.db, user.email)
        audit_store.audit(self.db, actor.user_id, "unlock account", now, user_id)

    def issue_reset_code(self, actor: SignedIn, user_id: int, now: datetime) -> str:
        """An admin for anyone; a coordinator for the trainees of their own cohorts."""
        user = store.user_by_id(self.db, user_id)
        if user is None:
            raise AccountError("There is no such account.")
        if actor.role is Role.COORDINATOR:
            if user.role != Role.TRAINEE.value or not may_read_records(self.db, actor, user_id):
                raise PermissionDenied("You can issue codes only to trainees in your cohorts.")
        else:
            _admin_only(actor)
        code = issue_reset_code(self.db, user_id, actor.user_id, now)
        audit_store.audit(self.db, actor.user_id, "issue reset code", now, user_id)
        return code

    def audit_log(self, actor: SignedIn) -> list[dict]:
        _admin_only(actor)
        return audit_store.audit_entries(self.db)

    def export_person(self, actor: SignedIn, user_id: int, now: datetime) -> dict:
        """Everything stored about one person, table by table (for a subject access request)."""
        _admin_only(actor)
        found = privacy.export(self.db, user_id)
        audit_store.audit(self.db, actor.user_id, "export person", now, user_id)
        return found

    def erase_person(self, actor: SignedIn, user_id: int, now: datetime) -> int:
        """Erase a person (see tracking/privacy.py); returns the anonymous id their answers
        now carry. The audit log records the erasure against that id, not the person."""
        _admin_only(actor)
        if user_id == actor.user_id:
            raise AccountError("You cannot erase your own account.")
        try:
            anonymous = privacy.erase(self.db, user_id, now)
        except privacy.ErasureRefused as error:
            raise AccountError(str(error)) from None
        audit_store.audit(self.db, actor.user_id, "erase person", now, anonymous)
        return anonymous
