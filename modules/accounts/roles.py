"""The four roles and what each may do; the services call these checks, whatever the pages show."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    TRAINEE = "trainee"
    COORDINATOR = "coordinator"
    LEADER = "leader"
    ADMIN = "admin"


class PermissionDenied(Exception):
    """The person asked for something their role or ownership does not allow."""


def may_read_records_of(actor_id: int, actor_role: Role, owner_id: int) -> bool:
    """A trainee sees only their own records; an admin sees everyone's. Coordinators will see
    their cohorts' trainees once cohorts exist ('Coordinators 1')."""
    return actor_id == owner_id or actor_role is Role.ADMIN


def require_records_of(actor_id: int, actor_role: Role, owner_id: int) -> None:
    if not may_read_records_of(actor_id, actor_role, owner_id):
        raise PermissionDenied("You can only see your own records.")
