"""Reads of 党员服务日 / 主题党日, already limited to what the user may see; grids and totals set-based."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, ExtractMonth
from django.utils import timezone

from accounts import authz
from accounts.authz import OrgScope
from accounts.models import GRASSROOTS_KINDS, Organization, Role
from accounts.selectors import organizations_visible_to

from ..models import AttendanceStatus, ServiceDay, ServiceDayAttendance, ServiceDayPhoto
from .grid_cache import cached_summary, newest


def _in_year(field: str, year: int) -> Q:
    return Q(**{f"{field}__gte": date(year, 1, 1), f"{field}__lte": date(year, 12, 31)})


def service_days_visible_to(user) -> QuerySet[ServiceDay]:
    """Service days of the orgs in the user's business scope, each with its org and `photo_count`."""
    scope = authz.business_scope(user)
    if scope.is_empty:
        return ServiceDay.objects.none()
    photos = (
        ServiceDayPhoto.objects.filter(service_day=OuterRef("pk"))
        .order_by()
        .values("service_day")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return (
        ServiceDay.objects.filter(scope.q("organization"))
        .select_related("organization")
        .annotate(photo_count=Coalesce(Subquery(photos), Value(0), output_field=IntegerField()))
    )


def service_day_attendance(day: ServiceDay) -> QuerySet[ServiceDayAttendance]:
    return day.attendance.select_related("member").order_by("status", "member__name", "pk")


def grid_organizations(user) -> QuerySet[Organization]:
    """The rows of the compliance grid: active grassroots orgs in the user's scope (branches hold days)."""
    return (
        organizations_visible_to(user)
        .select_related(None)
        .filter(is_active=True, kind__in=GRASSROOTS_KINDS)
        .only("pk", "name", "short_name", "path", "depth", "kind")
        .order_by("path")
    )


def due_months(year: int, today: date | None = None) -> int:
    """How many months of `year` are already over (only those can be missed: the current one may still
    get its day)."""
    today = today or timezone.localdate()
    return 12 if year < today.year else (today.month - 1 if year == today.year else 0)


def grid_filtered(
    user, year: int, *, q: str = "", kind: str = "", missing: bool = False, today: date | None = None
) -> QuerySet[Organization]:
    """The grid's orgs after the page's filters (name or short name, kind, only those with a month
    missed), in tree order. Every filter is a WHERE of the one org query."""
    orgs = grid_organizations(user)
    if q := q.strip():
        orgs = orgs.filter(Q(name__icontains=q) | Q(short_name__icontains=q))
    if kind:
        orgs = orgs.filter(kind=kind)
    if missing:
        orgs = with_missed_months(orgs, year, today)
    return orgs


def with_missed_months(orgs: QuerySet[Organization], year: int, today: date | None = None, keep_all=False):
    """Only the orgs of `orgs` with a month of `year` already over without a service day (all of them,
    each with `months_held`, when `keep_all`): a correlated count per org along the (organization,
    held_on, …) index, so that a page's orgs are tested in tree order until the page is full (the first
    pages read a few hundred orgs' days, not the whole year's)."""
    due = due_months(year, today)
    if due == 0:
        return orgs.annotate(months_held=Value(0, output_field=IntegerField())) if keep_all else orgs.none()
    last = date(year, 12, 31) if due == 12 else date(year, due + 1, 1) - timedelta(days=1)
    held = (
        ServiceDay.objects.filter(
            organization=OuterRef("pk"), held_on__gte=date(year, 1, 1), held_on__lte=last
        )
        .order_by()
        .values("organization")
        .annotate(months=Count(ExtractMonth("held_on"), distinct=True))
        .values("months")
    )
    orgs = orgs.annotate(months_held=Coalesce(Subquery(held[:1]), Value(0), output_field=IntegerField()))
    return orgs if keep_all else orgs.filter(months_held__lt=due)


def grid_summary(orgs: QuerySet[Organization], year: int, today: date | None = None) -> dict[str, int]:
    """{"orgs": N, "missed": M}: how many orgs the filters give and how many of them missed a month;
    one aggregate over the whole filtered set (also the pager's count), kept while no day changes
    (selectors.grid_cache)."""
    today = today or timezone.localdate()

    def compute() -> dict[str, int]:
        # A correlated count per org: a name search's few orgs cost a few index reads, not the year.
        totals = (
            with_missed_months(orgs, year, today, keep_all=True)
            .order_by()
            .aggregate(
                orgs=Count("pk"), missed=Count("pk", filter=Q(months_held__lt=due_months(year, today)))
            )
        )
        return {"orgs": totals["orgs"], "missed": totals["missed"]}

    version = newest(ServiceDay.objects.all(), ServiceDay.history.all())
    return cached_summary("service_days", orgs, year, today, version, compute)


def service_day_grid(user, year: int, organizations=None, *, today: date | None = None) -> list[dict]:
    """Org × month of `year` for `organizations` (a page's orgs; default: every grid org of the user):
    how many service days each org held each month. ONE grouped query over those orgs' days, whatever
    their number. Each row: {"org", "months": [12 counts], "cells", "missed": n, "total": n} (missed =
    months already over without any)."""
    orgs = list(organizations if organizations is not None else grid_organizations(user))
    scope = authz.business_scope(user)
    counts: dict[tuple[int, int], int] = {}
    if orgs and not scope.is_empty:
        rows = (
            ServiceDay.objects.filter(
                scope.q("organization"), _in_year("held_on", year), organization_id__in=[o.pk for o in orgs]
            )
            .order_by()
            .values("organization_id", month=ExtractMonth("held_on"))
            .annotate(n=Count("pk"))
        )
        counts = {(r["organization_id"], r["month"]): r["n"] for r in rows}
    due = due_months(year, today)
    grid = []
    for org in orgs:
        months = [counts.get((org.pk, m), 0) for m in range(1, 13)]
        grid.append(
            {
                "org": org,
                "months": months,
                "cells": [{"n": n, "due": i < due} for i, n in enumerate(months)],
                "total": sum(months),
                "missed": sum(1 for n in months[:due] if n == 0),
            }
        )
    return grid


def member_service_day_attendance(start: date, end: date, organization_ids=None) -> dict[int, int]:
    """Member id → service days attended (present) in [start, end]; members of `organization_ids` when
    given. One grouped query (the member points source `days`)."""
    rows = ServiceDayAttendance.objects.filter(
        status=AttendanceStatus.PRESENT, service_day__held_on__gte=start, service_day__held_on__lte=end
    )
    if organization_ids is not None:
        rows = rows.filter(member__organization_id__in=list(organization_ids))
    grouped = rows.order_by().values("member_id").annotate(n=Count("pk"))
    return {r["member_id"]: r["n"] for r in grouped}


def service_days_account(scope: OrgScope, year: int) -> dict[str, int]:
    """CONTRACT.md `service_days`: `held` = service days; `attendance` = the sum of 实到人数;
    `orgs_every_month` = grassroots orgs with a service day in each of the year's 12 months."""
    days = ServiceDay.objects.filter(scope.q("organization"), _in_year("held_on", year))
    # COUNT(*), not of the id: the covering index on (held_on, org) INCLUDE present answers it alone.
    totals = days.aggregate(held=Count("*"), attendance=Sum("present"))
    every_month = (
        days.filter(organization__kind__in=GRASSROOTS_KINDS)
        .order_by()
        .values("organization_id")
        .annotate(months=Count(ExtractMonth("held_on"), distinct=True))
        .filter(months=12)
        .count()
    )
    return {
        "held": int(totals["held"] or 0),
        "attendance": int(totals["attendance"] or 0),
        "orgs_every_month": every_month,
    }


def secretary_org_ids(user) -> list[int]:
    """The orgs a user is secretary of (their role grants), in a stable order."""
    return sorted(
        {g.organization_id for g in authz.grants(user) if g.role == Role.SECRETARY and g.organization_id}
    )


def month_held(user, organization: Organization, today: date) -> QuerySet[ServiceDay]:
    """The org's service days in the month of `today` (the secretary's home card)."""
    return service_days_visible_to(user).filter(
        organization=organization, held_on__year=today.year, held_on__month=today.month
    )
