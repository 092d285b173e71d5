"""Reads of 主题讲坛, already limited to what the user may see: lists, the org × quarter grid, the
members' counts for points, and the year-end figures (each one grouped query)."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, ExtractQuarter
from django.utils import timezone

from accounts import authz
from accounts.authz import OrgScope
from accounts.models import GRASSROOTS_KINDS, Organization
from accounts.selectors import organizations_visible_to

from ..models import Forum, ForumOrg
from .grid_cache import cached_summary, newest


def _in_scope(scope: OrgScope) -> Q:
    """A forum whose host or any co-host is in `scope`."""
    if scope.everything:
        return Q()
    return Q(Exists(ForumOrg.objects.filter(scope.q("organization"), forum=OuterRef("pk"))))


def forums_visible_to(user) -> QuerySet[Forum]:
    """Staff and reporting: every forum; a secretary: those their org (or an org below) held or co-held.
    Each with `org_count` (how many orgs held it), a subquery per row of the page: a GROUP BY over the
    join would aggregate every forum of the list before the page is cut (and again for its count)."""
    scope = authz.business_scope(user)
    if scope.is_empty:
        return Forum.objects.none()
    org_count = (
        ForumOrg.objects.filter(forum=OuterRef("pk"))
        .order_by()
        .values("forum")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Forum.objects.filter(_in_scope(scope))
        .select_related("organization")
        .annotate(org_count=Coalesce(Subquery(org_count[:1]), Value(0), output_field=IntegerField()))
        .order_by("-held_on", "-pk")
    )


def grid_organizations(user) -> QuerySet[Organization]:
    """The rows of the grid: the grassroots orgs the user sees, in tree order."""
    return (
        organizations_visible_to(user)
        .select_related(None)
        .filter(kind__in=GRASSROOTS_KINDS, is_active=True)
        .only("pk", "name", "short_name", "path", "depth", "kind")
        .order_by("path")
    )


def _year_links(year: int) -> QuerySet[ForumOrg]:
    return ForumOrg.objects.filter(
        forum__held_on__gte=date(year, 1, 1), forum__held_on__lte=date(year, 12, 31)
    )


def grid_filtered(user, year: int, *, q: str = "", kind: str = "", missing: bool = False):
    """The grid's orgs after the page's filters (name or short name, kind, only those with a quarter
    without a forum), in tree order; every filter is a WHERE of the one org query."""
    orgs = grid_organizations(user)
    if q := q.strip():
        orgs = orgs.filter(Q(name__icontains=q) | Q(short_name__icontains=q))
    if kind:
        orgs = orgs.filter(kind=kind)
    if missing and q:
        # A name search's few orgs: a correlated count each.
        orgs = _with_quarters_held(orgs, year).filter(quarters_held__lt=4)
    elif missing:
        # Every org: the year's links grouped once (a forum's date is a heap read per link, too many
        # to repeat org by org through 20,000 orgs on a deep page).
        orgs = orgs.exclude(pk__in=_complete_org_ids(year))
    return orgs


def _complete_org_ids(year: int) -> QuerySet:
    """Ids of the orgs that held (or co-held) a forum in each of the year's quarters (a subquery)."""
    return (
        _year_links(year)
        .order_by()
        .values("organization_id")
        .annotate(quarters=Count(ExtractQuarter("forum__held_on"), distinct=True))
        .filter(quarters=4)
        .values("organization_id")
    )


def _with_quarters_held(orgs: QuerySet[Organization], year: int) -> QuerySet[Organization]:
    """Each org with `quarters_held` in `year`: a correlated count per org (along the link's org index),
    for a name search's few orgs (a few index reads each, not every forum of the year)."""
    held = (
        _year_links(year)
        .filter(organization=OuterRef("pk"))
        .order_by()
        .values("organization")
        .annotate(quarters=Count(ExtractQuarter("forum__held_on"), distinct=True))
        .values("quarters")
    )
    return orgs.annotate(quarters_held=Coalesce(Subquery(held[:1]), Value(0), output_field=IntegerField()))


def grid_summary(orgs: QuerySet[Organization], year: int, *, few: bool = False) -> dict[str, int]:
    """{"orgs", "complete", "none"} over the whole filtered set, one aggregate (also the pager's count),
    kept while no forum changes (selectors.grid_cache)."""

    def compute() -> dict[str, int]:
        if few:
            # A name search's few orgs: a correlated count each (a few index reads per org).
            return (
                _with_quarters_held(orgs, year)
                .order_by()
                .aggregate(
                    orgs=Count("pk"),
                    complete=Count("pk", filter=Q(quarters_held=4)),
                    none=Count("pk", filter=Q(quarters_held=0)),
                )
            )
        # Every org (or a whole kind): the year's links grouped once, then the orgs matched against them.
        complete = _complete_org_ids(year)
        held = _year_links(year).order_by().values("organization_id")
        return orgs.order_by().aggregate(
            orgs=Count("pk"),
            complete=Count("pk", filter=Q(pk__in=complete)),
            none=Count("pk", filter=~Q(pk__in=held)),
        )

    version = newest(Forum.objects.all(), Forum.history.all(), ForumOrg.objects.all())
    return cached_summary("forums", orgs, year, timezone.localdate(), version, compute)


def forum_grid_rows(user, year: int, orgs) -> list[dict]:
    """Org × quarter for `orgs` (a page's): how many forums each held (a joint forum counts for each of
    its orgs). ONE grouped query over those orgs' links, whatever their number."""
    orgs = list(orgs)
    scope = authz.business_scope(user)
    cells: dict[int, list[int]] = {}
    if orgs and not scope.is_empty:
        counts = (
            _year_links(year)
            .filter(scope.q("organization"), organization_id__in=[o.pk for o in orgs])
            .order_by()
            .annotate(quarter=ExtractQuarter("forum__held_on"))
            .values("organization_id", "quarter")
            .annotate(n=Count("forum_id"))
            .values_list("organization_id", "quarter", "n")
        )
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
    return rows


def forum_grid(user, year: int) -> dict:
    """Org × quarter of every grid org of the user (small scopes and tests; the page pages its rows)."""
    orgs = grid_organizations(user)
    return {"year": year, "rows": forum_grid_rows(user, year, orgs), **grid_summary(orgs, year)}


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
