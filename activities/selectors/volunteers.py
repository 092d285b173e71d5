"""Reads of 志愿服务 (teams in three tiers, activities, hours), scoped per user; the points source
`member_volunteer_hours` and the annual `volunteers` block."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db.models import Count, DecimalField, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from accounts import authz
from accounts.authz import OrgScope

from ..models import VolunteerActivity, VolunteerHours, VolunteerTeam, VolunteerTeamMember


def _count(rows) -> Coalesce:
    """A correlated COUNT(*) of `rows` (filtered on OuterRef("pk")), 0 when there is none."""
    return Coalesce(
        Subquery(rows.order_by().values("team").annotate(n=Count("pk")).values("n")[:1]),
        Value(0),
        output_field=IntegerField(),
    )


def teams_visible_to(user) -> QuerySet[VolunteerTeam]:
    """Teams of the orgs in the user's business scope, each with its member and activity counts."""
    scope = authz.business_scope(user)
    if scope.is_empty:
        return VolunteerTeam.objects.none()
    return (
        VolunteerTeam.objects.filter(scope.q("organization"))
        .select_related("organization", "leader", "parent")
        .annotate(
            member_count=_count(VolunteerTeamMember.objects.filter(team=OuterRef("pk"))),
            activity_count=_count(VolunteerActivity.objects.filter(team=OuterRef("pk"))),
        )
        .order_by("tier", "name", "pk")
    )


def team_tree(teams: Iterable[VolunteerTeam]) -> list[VolunteerTeam]:
    """The teams as a tree, depth first: each team gets `depth` and its visible `subteams` (a team whose
    parent the user cannot see is a root of its own)."""
    teams = list(teams)
    by_id = {t.pk: t for t in teams}
    for team in teams:
        team.subteams = []
    roots = []
    for team in teams:
        parent = by_id.get(team.parent_id)
        (parent.subteams if parent is not None else roots).append(team)
    ordered: list[VolunteerTeam] = []

    def walk(nodes, depth):
        for node in sorted(nodes, key=lambda t: (t.name, t.pk)):
            node.depth = depth
            ordered.append(node)
            walk(node.subteams, depth + 1)

    walk(roots, 0)
    return ordered


def activities_visible_to(user) -> QuerySet[VolunteerActivity]:
    scope = authz.business_scope(user)
    if scope.is_empty:
        return VolunteerActivity.objects.none()
    return (
        VolunteerActivity.objects.filter(scope.q("team__organization"))
        .select_related("team", "team__organization")
        .annotate(
            participants=Count("hours"),
            total_hours=Coalesce(Sum("hours__hours"), Value(Decimal(0)), output_field=DecimalField()),
        )
        .order_by("-held_on", "-pk")
    )


def member_volunteer_hours(
    start: date, end: date, organization_ids: Iterable[int] | None = None
) -> dict[int, Decimal]:
    """Points source: member id → volunteer hours over activities dated in [start, end] (members of any
    org, or of `organization_ids`). One grouped query."""
    rows = VolunteerHours.objects.filter(activity__held_on__gte=start, activity__held_on__lte=end)
    if organization_ids is not None:
        rows = rows.filter(member__organization_id__in=list(organization_ids))
    return {
        row["member_id"]: row["total"]
        for row in rows.values("member_id").annotate(total=Sum("hours")).order_by()
    }


def volunteers_account(scope: OrgScope, year: int) -> dict:
    """CONTRACT.md `volunteers`: teams existing at the year's end; the year's activities. One query."""
    end, start = date(year, 12, 31), date(year, 1, 1)
    existing = Q(founded_on__lte=end) & (Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=end))
    figures = VolunteerTeam.objects.filter(scope.q("organization")).aggregate(
        teams=Count("pk", filter=existing, distinct=True),
        activities=Count(
            "activities",
            filter=Q(activities__held_on__gte=start, activities__held_on__lte=end),
            distinct=True,
        ),
    )
    return {"volunteers": {key: int(value or 0) for key, value in figures.items()}}
