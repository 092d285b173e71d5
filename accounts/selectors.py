"""Reads scoped to the user. Every queryset that leaves here holds only what the user may see."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from . import authz
from .models import Member, MemberStatus, Organization, OrgGroupRule, Role, RoleAssignment, User


def organizations_visible_to(user: User) -> QuerySet[Organization]:
    """The orgs whose data the user reads (accounts.authz.business_scope)."""
    return Organization.objects.select_related("unit").filter(authz.business_scope(user).q(""))


def organization_ids_visible_to(user: User) -> QuerySet:
    """The visible org ids as a subquery, for filtering other tables in the same SQL statement."""
    return organizations_visible_to(user).values("pk")


def members_visible_to(user: User) -> QuerySet[Member]:
    """Names and personal details: staff and secretaries in their scope, a party member only themselves;
    the reporting client reads counts (organizations_with_member_counts), not the roster."""
    members = Member.objects.select_related("organization", "organization__unit")
    scope = authz.write_scope(user)
    if not scope.is_empty:
        return members.filter(scope.q())
    if authz.is_party_member(user) and user.member_id:
        return members.filter(pk=user.member_id)
    return members.none()


def subtree_q(org: Organization, field: str = "organization") -> Q:
    """Q for rows whose `field` org is `org` or below it."""
    return Q(**{f"{field}__path__startswith": org.path})


def organizations_for_phrase(rule: OrgGroupRule) -> QuerySet[Organization]:
    """The active orgs a group phrase such as 各基层党支部 stands for."""
    orgs = Organization.objects.filter(is_active=True, kind__in=rule.kinds)
    if rule.unit_required:
        orgs = orgs.filter(unit__isnull=False)
    return orgs


def organizations_for_phrases(rule_ids) -> dict[int, set[int]]:
    """{rule id: ids of the orgs that phrase stands for}: one query per phrase (a handful), never per task.

    The one place that answers "which orgs does a group phrase name", for the task services, the
    import's assignment step and the task list alike.
    """
    rules = OrgGroupRule.objects.filter(pk__in=set(rule_ids))
    return {rule.pk: set(organizations_for_phrase(rule).values_list("pk", flat=True)) for rule in rules}


def organizations_with_member_counts(user: User) -> QuerySet[Organization]:
    """Visible orgs, each with `member_count` computed in the same query — a scan of every visible
    org's members, so only for sorting by the count; a page of orgs uses `with_member_counts`."""
    return organizations_visible_to(user).annotate(
        member_count=Count("members", filter=Q(members__status=MemberStatus.ACTIVE))
    )


def member_counts(org_ids: Iterable[int]) -> dict[int, int]:
    """Members on the roll (在册) of each of these orgs: one grouped query reading only their members."""
    rows = (
        Member.objects.filter(organization_id__in=list(org_ids), status=MemberStatus.ACTIVE)
        .order_by()
        .values_list("organization_id")
        .annotate(count=Count("pk"))
    )
    return dict(rows)


def with_member_counts(orgs: Iterable[Organization]) -> list[Organization]:
    """Set `member_count` on each org of a page, after pagination: page 200 costs what page 1 costs."""
    orgs = list(orgs)
    counts = member_counts(org.pk for org in orgs if not hasattr(org, "member_count"))
    for org in orgs:
        if not hasattr(org, "member_count"):
            org.member_count = counts.get(org.pk, 0)
    return orgs


def with_parent_ids(orgs: Iterable[Organization]) -> list[Organization]:
    """Set `parent_id` on each org from its materialized path: one query for the page's parents."""
    orgs = list(orgs)
    step = Organization.steplen
    parent_paths = {org.path[:-step] for org in orgs if org.depth > 1}
    ids = (
        dict(Organization.objects.filter(path__in=parent_paths).values_list("path", "pk"))
        if parent_paths
        else {}
    )
    for org in orgs:
        org.parent_id = ids.get(org.path[:-step]) if org.depth > 1 else None
    return orgs


def secretary_users_by_org(org_ids, *, today: date | None = None) -> dict[int, list[User]]:
    """The logins holding the secretary role of each org today (one query): who gets an org's reminders."""
    today = today or timezone.localdate()
    assignments = (
        RoleAssignment.objects.filter(role=Role.SECRETARY, organization_id__in=org_ids, user__is_active=True)
        .filter(Q(starts_on__isnull=True) | Q(starts_on__lte=today))
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .select_related("user")
        .order_by("organization_id", "user_id")
    )
    by_org: dict[int, list[User]] = {}
    for assignment in assignments:
        by_org.setdefault(assignment.organization_id, []).append(assignment.user)
    return by_org
