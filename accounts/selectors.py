"""Reads scoped to the user. Every queryset that leaves here holds only what the user may see."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from .models import ADMIN_ROLES, Member, MemberStatus, Organization, OrgGroupRule, Role, User


def organizations_visible_to(user: User) -> QuerySet[Organization]:
    """Committee staff and reporting see every org; a secretary their org's subtree; a member their org."""
    orgs = Organization.objects.select_related("unit")
    if not user.is_authenticated or not user.is_active:
        return orgs.none()
    if user.sees_all_orgs:
        return orgs
    if user.role in ADMIN_ROLES or user.organization_id is None:
        return orgs.none()
    if user.role == Role.SECRETARY:
        return orgs.filter(path__startswith=user.organization.path)
    return orgs.filter(pk=user.organization_id)


def organization_ids_visible_to(user: User) -> QuerySet:
    """The visible org ids as a subquery, for filtering other tables in the same SQL statement."""
    return organizations_visible_to(user).values("pk")


def members_visible_to(user: User) -> QuerySet[Member]:
    members = Member.objects.select_related("organization", "organization__unit")
    if not user.is_authenticated:
        return members.none()
    if user.sees_all_orgs:
        return members
    if user.role == Role.MEMBER:
        return members.filter(pk=user.member_id) if user.member_id else members.none()
    return members.filter(organization__in=organization_ids_visible_to(user))


def subtree_q(org: Organization, field: str = "organization") -> Q:
    """Q for rows whose `field` org is `org` or below it."""
    return Q(**{f"{field}__path__startswith": org.path})


def organizations_for_phrase(rule: OrgGroupRule) -> QuerySet[Organization]:
    """The active orgs a group phrase such as 各基层党支部 stands for."""
    orgs = Organization.objects.filter(is_active=True, kind__in=rule.kinds)
    if rule.unit_required:
        orgs = orgs.filter(unit__isnull=False)
    return orgs


def organizations_with_member_counts(user: User) -> QuerySet[Organization]:
    """Visible orgs, each with `member_count` (members on the roll, 在册) computed in the same query."""

    return organizations_visible_to(user).annotate(
        member_count=Count("members", filter=Q(members__status=MemberStatus.ACTIVE))
    )
