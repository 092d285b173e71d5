"""Who may do what: the one module every service, selector, view, API, admin page and menu asks.

(First cut: the predicates helpers rely on by name; the role-assignment model replaces their bodies.)
"""

from __future__ import annotations

from .models import ADMIN_ROLES, Role


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_committee_staff(user) -> bool:
    return _active(user) and user.role == Role.COMMITTEE_STAFF


def is_system_admin(user) -> bool:
    return _active(user) and user.role == Role.SYSTEM_ADMIN


def is_security_admin(user) -> bool:
    return _active(user) and user.role == Role.SECURITY_ADMIN


def is_audit_admin(user) -> bool:
    return _active(user) and user.role == Role.AUDIT_ADMIN


def holds_admin_role(user) -> bool:
    """One of the three separated admin roles (系统/安全/审计管理员)."""
    return _active(user) and user.role in ADMIN_ROLES


def needs_totp(user) -> bool:
    """Committee staff and the admin roles log in with a second factor (TOTP)."""
    return is_committee_staff(user) or holds_admin_role(user)


def idle_timeout_seconds(user) -> int:
    """30 minutes of inactivity end a session; 15 for the admin roles."""
    return 15 * 60 if holds_admin_role(user) else 30 * 60


def may_read_audit(user) -> bool:
    """Only the audit admin browses and exports the audit trail."""
    return is_audit_admin(user)


def may_manage_users(user) -> bool:
    """The system admin creates and disables accounts (no business data, no rights to itself)."""
    return is_system_admin(user)


def may_unlock(user) -> bool:
    """The security admin unlocks accounts and sets policies."""
    return is_security_admin(user)


def may_reset_second_factor(user) -> bool:
    """The security admin resets someone's TOTP (a lost phone); they enrol again at their next login."""
    return is_security_admin(user)
