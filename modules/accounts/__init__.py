"""People, roles, password hashing, sign-in sessions and the permission checks the services use."""

from .roles import Role
from .service import (
    AccountError,
    AccountsService,
    SignedIn,
)

__all__ = ["AccountError", "AccountsService", "Role", "SignedIn"]
