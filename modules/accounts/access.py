"""Who may see whose records: oneself, an admin, and a coordinator for their cohorts' members."""

from __future__ import annotations

from modules.tracking import Database
from modules.tracking import cohorts as cohort_store

from .roles import PermissionDenied, Role
from .service import SignedIn


def may_read_records(db: Database, actor: SignedIn, owner_id: int) -> bool:
    if actor.user_id == owner_id or actor.role is Role.ADMIN:
        return True
    if actor.role is Role.COORDINATOR:
        mine = {c.id for c in cohort_store.cohorts(db, actor.user_id)}
        return bool(mine & set(cohort_store.cohorts_of_member(db, owner_id)))
    return False


def require_records(db: Database, actor: SignedIn, owner_id: int) -> None:
    if not may_read_records(db, actor, owner_id):
        raise PermissionDenied("You can only see your own records (or your cohorts').")


def require_cohort(db: Database, actor: SignedIn, cohort_id: int) -> cohort_store.CohortRow:
    """The cohort, if the actor runs it or is an admin; PermissionDenied otherwise (also for a
    cohort that does not exist, so ids cannot be probed)."""
    cohort = cohort_store.cohort_by_id(db, cohort_id)
    if cohort is None or not (
        actor.role is Role.ADMIN
        or (actor.role is Role.COORDINATOR and cohort.coordinator_id == actor.user_id)
    ):
        raise PermissionDenied("That cohort is not one of yours.")
    return cohort
