"""Reads of 志愿服务 (teams in three tiers, activities, hours), scoped per user; the points source
`member_volunteer_hours` and the annual `volunteers` block."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    DecimalField,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from accounts import authz
from accounts.authz import OrgScope

from ..models import TeamTier, VolunteerActivity, VolunteerHours, VolunteerTeam, VolunteerTeamMember


def _count(rows) -> Coalesce:
    """A correlated COUNT(*) of `rows` (filtered on OuterRef("pk")), 0 when there is none."""
    return Coalesce(
        Subquery(rows.order_by().values("team").annotate(n=Count("pk")).values("n")[:1]),
        Value(0),
        output_field=IntegerField(),
    )


def teams_in_scope(user) -> QuerySet[VolunteerTeam]:
    """Teams of the orgs in the user's business scope (no counts: see `with_team_counts`)."""
    scope = authz.business_scope(user)
    if scope.is_empty:
        return VolunteerTeam.objects.none()
    return (
        VolunteerTeam.objects.filter(scope.q("organization"))
        .select_related("organization", "leader", "parent")
        .order_by("tier", "name", "pk")
    )


def teams_visible_to(user) -> QuerySet[VolunteerTeam]:
    """`teams_in_scope`, each team with its member and activity counts (correlated counts per row: for
    a page of teams or one team, not for every team at once)."""
    return (
        teams_in_scope(user)
        .annotate(
            member_count=_count(VolunteerTeamMember.objects.filter(team=OuterRef("pk"))),
            activity_count=_count(VolunteerActivity.objects.filter(team=OuterRef("pk"))),
        )
        .order_by("tier", "name", "pk")
    )


def top_teams(user, teams: QuerySet[VolunteerTeam]) -> QuerySet[VolunteerTeam]:
    """The 支队 level of the tree page: visible teams under a 总队, and visible teams whose parent the user
    cannot see (a branch secretary's 分队), the 总队 themselves apart. Ordered to group by parent."""
    scope = authz.business_scope(user)
    below_corps = Q(parent__tier=TeamTier.CORPS)
    if not scope.everything:
        below_corps |= ~scope.q("parent__organization")
    return (
        teams.exclude(tier=TeamTier.CORPS)
        .filter(below_corps, parent__isnull=False)
        .order_by("parent__name", "parent_id", "name", "pk")
    )


def with_team_counts(
    teams: Iterable[VolunteerTeam], user, *, year: int, totals: bool = True
) -> list[VolunteerTeam]:
    """Set on each team of a page its visible sub-teams' `subteam_count` and, with `totals`, counting the
    team with those sub-teams, `member_total` (distinct members) and `hours_total` (served in `year`).
    Three queries whatever the page: its sub-teams, then members and hours grouped per team of the page."""
    teams = list(teams)
    ids = [t.pk for t in teams]
    if not ids:
        return teams
    scope = authz.business_scope(user)
    below = list(
        VolunteerTeam.objects.filter(scope.q("organization"), parent_id__in=ids).values_list(
            "pk", "parent_id"
        )
    )
    subteams: dict[int, int] = {}
    for _pk, parent in below:
        subteams[parent] = subteams.get(parent, 0) + 1
    for team in teams:
        team.subteam_count = subteams.get(team.pk, 0)
    if not totals:
        return teams
    # The page's teams and their sub-teams, as a list: the planner then reads each along its team index.
    # A row counts for its team when that is on the page, else for the team's parent.
    tree = ids + [pk for pk, _parent in below]
    members = dict(
        VolunteerTeamMember.objects.filter(team_id__in=tree)
        .annotate(root=Case(When(team_id__in=ids, then=F("team_id")), default=F("team__parent_id")))
        .values("root")
        .annotate(n=Count("member_id", distinct=True))
        .values_list("root", "n")
        .order_by()
    )
    # Each activity's hours by a correlated lookup in the (activity, hours) index: a join over every
    # hours row is planned as a scan of them all.
    per_activity = (
        VolunteerHours.objects.filter(activity=OuterRef("pk"))
        .order_by()
        .values("activity")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    hours = dict(
        VolunteerActivity.objects.filter(
            team_id__in=tree, held_on__gte=date(year, 1, 1), held_on__lte=date(year, 12, 31)
        )
        .annotate(root=Case(When(team_id__in=ids, then=F("team_id")), default=F("team__parent_id")))
        .values("root")
        .annotate(n=Sum(Subquery(per_activity)))
        .values_list("root", "n")
        .order_by()
    )
    for team in teams:
        team.member_total = members.get(team.pk, 0)
        team.hours_total = hours.get(team.pk) or Decimal(0)
    return teams


def activities_visible_to(user, *, totals: bool = True) -> QuerySet[VolunteerActivity]:
    """Activities of the teams in the user's business scope; with `totals`, each with `participants` and
    `total_hours` in the same query (a GROUP BY over every hours row: for the API's pages). A list page
    reads them without and sets them on its page's rows with `with_hour_totals`."""
    scope = authz.business_scope(user)
    if scope.is_empty:
        return VolunteerActivity.objects.none()
    rows = VolunteerActivity.objects.filter(scope.q("team__organization")).select_related(
        "team", "team__organization"
    )
    if totals:
        rows = rows.annotate(
            participants=Count("hours"),
            total_hours=Coalesce(Sum("hours__hours"), Value(Decimal(0)), output_field=DecimalField()),
        )
    return rows.order_by("-held_on", "-pk")


def with_hour_totals(activities: Iterable[VolunteerActivity]) -> list[VolunteerActivity]:
    """Set `participants` and `total_hours` on a page's activities: one grouped query over their rows."""
    activities = list(activities)
    totals = {
        row["activity_id"]: row
        for row in VolunteerHours.objects.filter(activity_id__in=[a.pk for a in activities])
        .values("activity_id")
        .annotate(n=Count("pk"), total=Sum("hours"))
        .order_by()
    }
    for activity in activities:
        row = totals.get(activity.pk, {})
        activity.participants = row.get("n", 0)
        activity.total_hours = row.get("total") or Decimal(0)
    return activities


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
