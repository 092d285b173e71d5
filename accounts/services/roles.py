"""Role assignments: granting and revoking roles, and the roles that terms of office carry.

三员分立: an admin role (系统/安全/审计管理员) is the only role its holder has, nobody holds two, and
nobody changes their own roles. A term of office grants its holder the secretary role for its org
from the day it starts to the day it ends; ending it revokes the role with the holder's sessions.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuild.exceptions import DomainError, PermissionDeniedError

from .. import authz
from ..audit import audit_log
from ..identity.services import user_sessions_end
from ..models import ADMIN_ROLES, ORG_SCOPED_ROLES, Organization, Role, RoleAssignment, SecretaryTerm, User

# Roles whose holders use the admin site (Django's is_staff flag follows them).
ADMIN_SITE_ROLES = (Role.COMMITTEE_STAFF, *ADMIN_ROLES)


def _require_granter(actor: User | None, user: User) -> None:
    """`actor=None` is the system itself (a term starting, a migration); people need the right."""
    if actor is None:
        return
    if not authz.may_grant_roles(actor):
        raise PermissionDeniedError(_("只有安全管理员可以分配角色"))
    if actor.pk == user.pk:
        raise PermissionDeniedError(_("不能修改自己的角色"))


def _check_combination(user: User, role: str, organization: Organization | None) -> None:
    others = set(RoleAssignment.objects.filter(user=user).exclude(role=role).values_list("role", flat=True))
    if role in ADMIN_ROLES and others:
        raise DomainError(
            _("%(role)s必须单独设置：该用户已有其他角色，请另建账号") % {"role": Role(role).label},
            field="role",
        )
    if others & set(ADMIN_ROLES):
        raise DomainError(_("该用户是系统、安全或审计管理员，不能再分配其他角色"), field="role")
    if role in ORG_SCOPED_ROLES and organization is None:
        raise DomainError(_("%(role)s必须指定党组织") % {"role": Role(role).label}, field="organization")
    if role in ADMIN_ROLES and organization is not None:
        raise DomainError(_("管理员角色不按党组织划分，请不要指定党组织"), field="organization")
    if role == Role.MEMBER and user.member_id and user.member.organization_id != organization.pk:
        raise DomainError(_("党员角色的党组织必须是该党员所在的党组织"), field="organization")


def _refresh_admin_site_flag(user: User) -> None:
    uses_site = RoleAssignment.objects.filter(user=user, role__in=ADMIN_SITE_ROLES).exists()
    if user.is_staff != uses_site:
        user.is_staff = uses_site
        user.save(update_fields=["is_staff"])


@transaction.atomic
def role_grant(
    *,
    actor: User | None,
    user: User,
    role: str,
    organization: Organization | None = None,
    term: SecretaryTerm | None = None,
    starts_on: date | None = None,
    ends_on: date | None = None,
) -> RoleAssignment:
    """Give `user` the `role` (over `organization` and the orgs below it, where the role needs one)."""
    _require_granter(actor, user)
    _check_combination(user, role, organization)
    existing = RoleAssignment.objects.filter(
        user=user, role=role, organization=organization, term=term, scope_type__isnull=True
    ).first()
    if existing is not None:
        return existing
    assignment = RoleAssignment(
        user=user,
        role=role,
        organization=organization,
        term=term,
        starts_on=starts_on,
        ends_on=ends_on,
        granted_by=actor,
    )
    assignment.full_clean()
    assignment.save()
    _after_change(actor, user, "role.grant", assignment)
    return assignment


@transaction.atomic
def role_revoke(*, actor: User | None, assignment: RoleAssignment) -> None:
    """Take a role away; the holder's sessions and tokens end with it."""
    user = assignment.user
    _require_granter(actor, user)
    _after_change(actor, user, "role.revoke", assignment)
    assignment.delete()
    _refresh_admin_site_flag(user)


def _after_change(actor: User | None, user: User, action: str, assignment: RoleAssignment) -> None:
    _refresh_admin_site_flag(user)
    authz.forget_grants(user)
    audit_log(
        action,
        actor=actor,
        target=assignment,
        detail={"user": user.username, "role": assignment.role, "organization": assignment.organization_id},
    )
    # A changed role changes what every open session and token may do: end them all.
    user_sessions_end(user, reason=action)


# --- terms of office ------------------------------------------------------------------------------


def term_roles_sync(term: SecretaryTerm) -> None:
    """Make the secretary role that `term` grants match it: who holds it, from when, until when."""
    holder = getattr(term.member, "user", None) if term.member_id else None
    current = list(RoleAssignment.objects.filter(term=term).select_related("user"))
    for assignment in current:
        if holder is None or assignment.user_id != holder.pk:
            role_revoke(actor=None, assignment=assignment)
    if holder is None:
        return
    kept = next((a for a in current if a.user_id == holder.pk), None)
    if term.ended_on is not None and term.ended_on < timezone.localdate():
        if kept is not None:
            role_revoke(actor=None, assignment=kept)
        return
    if kept is None:
        role_grant(
            actor=None,
            user=holder,
            role=Role.SECRETARY,
            organization=term.organization,
            term=term,
            starts_on=term.started_on,
            ends_on=term.ended_on,
        )
        return
    if (kept.starts_on, kept.ends_on) != (term.started_on, term.ended_on):
        kept.starts_on, kept.ends_on = term.started_on, term.ended_on
        kept.full_clean()
        kept.save(update_fields=["starts_on", "ends_on"])
        authz.forget_grants(holder)


@transaction.atomic
def role_assignments_expire(*, today: date | None = None) -> int:
    """The daily job: assignments past their end date are revoked, ending their holders' sessions and
    tokens (until then they already grant nothing: accounts.authz reads only assignments in force)."""
    today = today or timezone.localdate()
    expired = list(RoleAssignment.objects.filter(ends_on__lt=today).select_related("user"))
    for assignment in expired:
        role_revoke(actor=None, assignment=assignment)
    return len(expired)


def user_terms_sync(user: User) -> None:
    """After a login is linked to a member: the roles of that member's terms follow."""
    if user.member_id is None:
        return
    for term in SecretaryTerm.objects.filter(member_id=user.member_id).select_related("member__user"):
        term_roles_sync(term)
