"""Organizations, members, terms and exports; accounts, roles, lockouts and audit (三员分立)."""

from __future__ import annotations

import rules

from .. import authz
from ..models import Member
from .predicates import (
    _roster_scope,
    deny,
    has_business_access,
    in_business_scope,
    in_roster_scope,
    in_staff_scope,
    is_own_member_row,
    is_staff,
)


@rules.predicate
def is_own_member_record(user, obj=None) -> bool:
    """A party member reads their own roster entry and nothing else."""
    if not authz.is_party_member(user) or user.member_id is None:
        return False
    return obj is None or (isinstance(obj, Member) and obj.pk == user.member_id)


@rules.predicate
def transfer_in_roster_scope(user, obj=None) -> bool:
    """A transfer is read by whoever keeps the roster at either end, and by the member it moved."""
    scope = _roster_scope(user)
    if obj is None:
        return not scope.is_empty
    return scope.covers(obj.from_organization) or scope.covers(obj.to_organization)


@rules.predicate
def is_own_export(user, obj=None) -> bool:
    """A background export is read and downloaded only by the user who asked for it (not even staff)."""
    return obj is None or obj.requested_by_id == user.pk


@rules.predicate
def not_about_self(user, obj=None) -> bool:
    """Nobody grants, changes or revokes their own roles (三员分立: no admin raises itself)."""
    return obj is None or getattr(obj, "user_id", None) != user.pk


may_manage_users = rules.predicate(authz.may_manage_users)
may_grant_roles = rules.predicate(authz.may_grant_roles)
may_unlock = rules.predicate(authz.may_unlock)
may_read_audit = rules.predicate(authz.may_read_audit)
reads_logins = authz.is_security_admin | authz.is_audit_admin


RULES = {
    # Organizations and people
    "accounts.view_organization": in_business_scope,
    "accounts.add_organization": is_staff,
    "accounts.change_organization": in_staff_scope,
    "accounts.delete_organization": deny,
    "accounts.import_organization": is_staff,
    "accounts.export_organization": is_staff,
    "accounts.view_member": in_roster_scope | is_own_member_record,
    "accounts.add_member": in_roster_scope,
    "accounts.change_member": in_roster_scope,
    "accounts.delete_member": deny,
    "accounts.import_member": is_staff,
    "accounts.export_member": in_roster_scope,
    "accounts.view_roster": in_roster_scope,
    # 组织关系转接: the services ask this of both the member (their current org) and the org they go
    # to, so a secretary transfers only within their own subtree; committee staff between any orgs.
    "accounts.transfer_member": in_roster_scope,
    "accounts.view_membertransfer": transfer_in_roster_scope | is_own_member_row,
    # Renaming is a change (accounts.change_organization); merging, asked of both orgs, is staff's.
    "accounts.merge_organization": in_staff_scope,
    "accounts.view_organizationmerge": is_staff,
    "accounts.view_secretaryterm": in_business_scope,
    "accounts.add_secretaryterm": is_staff,
    "accounts.change_secretaryterm": in_staff_scope,
    "accounts.delete_secretaryterm": deny,
    "accounts.view_unit": has_business_access,
    "accounts.add_unit": is_staff,
    "accounts.change_unit": is_staff,
    "accounts.delete_unit": deny,
    "accounts.view_orggrouprule": is_staff,
    "accounts.add_orggrouprule": is_staff,
    "accounts.change_orggrouprule": is_staff,
    "accounts.delete_orggrouprule": deny,
    # Background exports (我的导出): each user their own; the three admin roles export no business data
    "accounts.view_exportjob": has_business_access & is_own_export,
    "accounts.download_exportjob": has_business_access & is_own_export,
    # Accounts and roles: the system admin keeps accounts, the security admin roles and lockouts
    "accounts.view_user": may_manage_users | may_grant_roles,
    "accounts.add_user": may_manage_users,
    "accounts.change_user": may_manage_users,
    "accounts.delete_user": deny,
    "accounts.view_roleassignment": may_manage_users | may_grant_roles,
    "accounts.add_roleassignment": may_grant_roles & not_about_self,
    "accounts.change_roleassignment": may_grant_roles & not_about_self,
    "accounts.delete_roleassignment": may_grant_roles & not_about_self,
    "identity.reset_otp": rules.predicate(authz.may_reset_second_factor),
    "axes.view_accessattempt": may_unlock | authz.is_audit_admin,
    "axes.delete_accessattempt": may_unlock,
    "axes.view_accesslog": reads_logins,
    "axes.view_accessfailurelog": reads_logins,
    "audit.view_auditevent": may_read_audit,
    "audit.export_auditevent": may_read_audit,
    "admin.view_logentry": may_read_audit,
    # Scheduled jobs are configuration: the system admin's
    **{
        f"django_celery_beat.{action}_{model}": authz.is_system_admin
        for model in (
            "periodictask",
            "crontabschedule",
            "intervalschedule",
            "solarschedule",
            "clockedschedule",
        )
        for action in ("view", "add", "change", "delete")
    },
}
