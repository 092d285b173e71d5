"""Reads of member points, already limited to what the user may see: staff and secretaries the orgs of
their scope, a party member only their own points."""

from __future__ import annotations

from django.db.models import Avg, Count, Max, Q, QuerySet

from accounts import authz
from accounts.models import Organization

from ..models import ManualPoint, MemberPoints, PointScheme


def _own_or_scope(user, field: str = "organization") -> Q:
    scope = authz.write_scope(user)
    condition = scope.q(field) if not scope.is_empty else Q(pk__in=[])
    if authz.is_party_member(user) and user.member_id:
        condition |= Q(member_id=user.member_id)
    return condition


def points_visible_to(user) -> QuerySet[MemberPoints]:
    return (
        MemberPoints.objects.filter(_own_or_scope(user))
        .select_related("member", "organization", "scheme")
        .order_by("-period", "organization__path", "member_class", "rank", "member__name", "member_id")
    )


def manual_points_visible_to(user) -> QuerySet[ManualPoint]:
    return ManualPoint.objects.filter(_own_or_scope(user)).select_related(
        "member", "organization", "given_by"
    )


def ranking(user, organization: Organization, period: str, member_class: str = "") -> QuerySet[MemberPoints]:
    """A branch's quarter, class by class, best first; equal totals share a rank and list by name."""
    rows = points_visible_to(user).filter(organization=organization, period=period)
    if member_class:
        rows = rows.filter(member_class=member_class)
    return rows.order_by("member_class", "rank", "member__name", "member_id")


def org_summaries(user, period: str) -> QuerySet:
    """Per org of the user's scope: members scored, average and best total in the quarter (grouped)."""
    scope = authz.write_scope(user)
    return (
        MemberPoints.objects.filter(scope.q("organization"), period=period)
        .values("organization_id", "organization__name", "organization__path")
        .annotate(members=Count("pk"), average=Avg("total"), best=Max("total"))
        .order_by("organization__path")
    )


def member_quarters(user, member_id: int, year: int) -> QuerySet[MemberPoints]:
    """A member's quarters of a year (for their card), newest first."""
    return points_visible_to(user).filter(member_id=member_id, year=year).order_by("-period")


def manual_points_of(user, member_id: int, period: str) -> QuerySet[ManualPoint]:
    return (
        manual_points_visible_to(user).filter(member_id=member_id, period=period).order_by("given_at", "pk")
    )


def schemes_of_year(year: int) -> list[PointScheme]:
    """The newest version of each class's scheme in a year, with its items (two queries)."""
    newest: dict[str, PointScheme] = {}
    for scheme in (
        PointScheme.objects.filter(year=year).order_by("member_class", "-version").prefetch_related("items")
    ):
        newest.setdefault(scheme.member_class, scheme)
    return list(newest.values())


def _quarters(period: str) -> list[str]:
    from partybuild.periods import Period

    span = Period.parse(period)
    return [f"{span.year}-Q{q}" for q in range((span.first_month + 2) // 3, span.last_month // 3 + 1)]


def best_org_points_average(year: int, period: str) -> float:
    """The committee's best org average of quarterly member points over `period` (0 when none)."""
    averages = (
        MemberPoints.objects.filter(period__in=_quarters(period))
        .order_by()
        .values("organization_id")
        .annotate(avg=Avg("total"))
        .order_by("-avg")
        .values_list("avg", flat=True)
    )
    return float(averages.first() or 0)


def org_points_index(year: int, period: str, organization_ids, best: float | None = None) -> dict[int, float]:
    """党员行为积分指数 for the assessment scheme: each org's average quarterly member points over the
    quarters of `period` (2026-Q1, 2026-H1, 2026-Y), as a share of the best org's average (= 100).
    One aggregate over the orgs asked (two when `best` is not given)."""
    if best is None:
        best = best_org_points_average(year, period)
    if not best:
        return {}
    quarters = _quarters(period)
    rows = MemberPoints.objects.filter(period__in=quarters, organization_id__any_of=list(organization_ids))
    averages = rows.order_by().values("organization_id").annotate(avg=Avg("total"))
    return {row["organization_id"]: float(100 * float(row["avg"] or 0) / best) for row in averages}
