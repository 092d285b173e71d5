"""The predicates every part of the matrix uses: scopes of the row's org, business access, staff."""

from __future__ import annotations

import rules

from .. import authz
from ..models import Organization

deny = rules.always_deny
is_staff = authz.is_committee_staff


def _org_of(obj) -> Organization | None:
    """The org a row belongs to: the org itself, its `organization`, or its record's org (evidence)."""
    if isinstance(obj, Organization):
        return obj
    org = getattr(obj, "organization", None)
    if org is None and hasattr(obj, "record"):
        org = obj.record.organization
    return org


def _in(scope_of):
    """A predicate: the row's org is inside the user's scope (with no row: the scope is not empty)."""

    def check(user, obj=None) -> bool:
        scope = scope_of(user)
        if obj is None:
            return not scope.is_empty
        return scope.covers(_org_of(obj))

    check.__name__ = f"in_{scope_of.__name__}"
    return rules.predicate(check)


def _roster_scope(user) -> authz.OrgScope:
    """Names and personal details: staff and secretaries; the reporting client reads counts only."""
    return authz.write_scope(user)


in_business_scope = _in(authz.business_scope)
in_staff_scope = _in(authz.staff_scope)
in_write_scope = _in(authz.write_scope)
in_roster_scope = _in(_roster_scope)
in_secretary_scope = _in(authz.secretary_scope)


@rules.predicate
def has_business_access(user) -> bool:
    return authz.has_business_access(user)


@rules.predicate
def is_own_member_row(user, obj=None) -> bool:
    """A row about the user's own roster entry (its `member_id`): a transfer of theirs, their points."""
    if not authz.is_party_member(user) or user.member_id is None:
        return False
    return obj is None or obj.member_id == user.member_id
