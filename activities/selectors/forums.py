"""Reads of 主题讲坛, already limited to what the user may see: lists, the org × quarter grid, the
members' counts for points, and the year-end figures (each one grouped query)."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import ExtractQuarter

from accounts import authz
from accounts.authz import OrgScope
from accounts.models import GRASSROOTS_KINDS, Organization
from accounts.selectors import organizations_visible_to

from ..models import Forum, ForumOrg


def _in_scope(scope: OrgScope) -> Q:
    """A forum whose host or any co-host is in `scope`."""
    if scope.everything:
        return Q()
    return Q(Exists(ForumOrg.objects.filter(scope.q("organization"), forum=OuterRef("pk"))))


def forums_visible_to(user) -> QuerySet[Forum]:
    """Staff and reporting: every forum; a secretary: those their org (or an org below) held or co-held."""
    scope = authz.business_scope(user)
    if scope.is_empty:
        return Forum.objects.none()
    return (
        Forum.objects.filter(_in_scope(scope))
        .select_related("organization")
        .annotate(org_count=Count("org_links", distinct=True))
        .order_by("-held_on", "-pk")
    )


def grid_organizations(user) -> QuerySet[Organization]:
    """The rows of the grid: the grassroots orgs the user sees, in tree order."""
    return (
        organizations_visible_to(user)
        .select_related(None)
        .filter(kind__in=GRASSROOTS_KINDS, is_active=True)
        .only("pk", "name", "short_name", "path", "depth")
        .order_by("path")
    )


def forum_grid(user, year: int) -> dict:
    """Org × quarter: how many forums each org held (a joint forum counts for each of its orgs).

    ONE grouped query over ForumOrg (whatever the number of orgs), plus the org list. Rows of orgs
    with a quarter without a forum carry `missing` (the quarters to highlight)."""
    orgs = list(grid_organizations(user))
    counts = (
        ForumOrg.objects.filter(
            authz.business_scope(user).q("organization"),
            organization__kind__in=GRASSROOTS_KINDS,
            organization__is_active=True,
            forum__held_on__gte=date(year, 1, 1),
            forum__held_on__lte=date(year, 12, 31),
        )
        .annotate(quarter=ExtractQuarter("forum__held_on"))
        .values("organization_id", "quarter")
        .annotate(n=Count("forum_id"))
        .values_list("organization_id", "quarter", "n")
    )
    cells: dict[int, list[int]] = {}
    for org_id, quarter, n in counts:
        cells.setdefault(org_id, [0, 0, 0, 0])[quarter - 1] += n
    rows = []
    for org in orgs:
        quarters = cells.get(org.pk, [0, 0, 0, 0])
        rows.append(
            {
                "organization": org,
                "quarters": quarters,
                "total": sum(quarters),
                "missing": [q + 1 for q, n in enumerate(quarters) if n == 0],
            }
        )
    return {
        "year": year,
        "rows": rows,
        "orgs": len(rows),
        "complete": sum(1 for r in rows if not r["missing"]),
        "none": sum(1 for r in rows if r["total"] == 0),
    }


def _members_of(organization_ids) -> Q:
    return Q() if organization_ids is None else Q(member__organization_id__in=list(organization_ids))


def member_forum_attendance(start: date, end: date, organization_ids=None) -> dict[int, int]:
    """Member id → forums attended (named as attendees) dated in [start, end]. One grouped query."""
    rows = (
        Forum.attendees.through.objects.filter(
            _members_of(organization_ids), forum__held_on__gte=start, forum__held_on__lte=end
        )
        .values("member_id")
        .annotate(n=Count("forum_id"))
        .values_list("member_id", "n")
    )
    return dict(rows)


def member_forum_speeches(start: date, end: date, organization_ids=None) -> dict[int, int]:
    """Member id → forums given as a speaker dated in [start, end]. One grouped query."""
    rows = (
        Forum.speakers.through.objects.filter(
            _members_of(organization_ids), forum__held_on__gte=start, forum__held_on__lte=end
        )
        .values("member_id")
        .annotate(n=Count("forum_id"))
        .values_list("member_id", "n")
    )
    return dict(rows)


def forums_account(scope: OrgScope, year: int) -> dict:
    """CONTRACT.md `forums`: `held` = forums of the year (a joint one once), `attendance` = Σ 参加人数;
    `committee` = the year's forum-speaker selection by stage (selectors.selections)."""
    from .selections import forum_speakers_account

    row = Forum.objects.filter(
        _in_scope(scope), held_on__gte=date(year, 1, 1), held_on__lte=date(year, 12, 31)
    ).aggregate(held=Count("pk"), attendance=Sum("attendance", output_field=IntegerField()))
    return {
        "held": int(row["held"] or 0),
        "attendance": int(row["attendance"] or 0),
        "committee": forum_speakers_account(scope, year),
    }
