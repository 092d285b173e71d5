"""Reads of 一支部一品牌, 学习培训 and 信息报送, limited to what the user may see; the annual block."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery

from accounts import authz
from accounts.authz import OrgScope

from ..models import Brand, BrandStatus, BrandYear, InfoPiece, Training


def brands_visible_to(user) -> QuerySet[Brand]:
    """Brands of the orgs in the user's business scope, each with `years_recognised` and its latest
    year (`latest_year`, `latest_status`): no query per row."""
    scope = authz.business_scope(user)
    if scope.is_empty:
        return Brand.objects.none()
    latest = BrandYear.objects.filter(brand=OuterRef("pk")).order_by("-year")
    return (
        Brand.objects.filter(scope.q("organization"))
        .select_related("organization")
        .annotate(
            years_recognised=Count("years", filter=Q(years__status=BrandStatus.RECOGNISED)),
            latest_year=Subquery(latest.values("year")[:1]),
            latest_status=Subquery(latest.values("status")[:1]),
        )
        .order_by("organization__path", "name", "pk")
    )


def brands_in_year(brands: QuerySet[Brand], year: int, status: str = "") -> QuerySet[Brand]:
    """The brands with a row in `year` (at `status` when given), each with `year_status`."""
    rows = BrandYear.objects.filter(brand=OuterRef("pk"), year=year)
    if status:
        rows = rows.filter(status=status)
    return brands.filter(Exists(rows)).annotate(year_status=Subquery(rows.values("status")[:1]))


def brand_history(brand: Brand) -> QuerySet[BrandYear]:
    return brand.years.select_related("reviewed_by").order_by("-year")


def trainings_visible_to(user) -> QuerySet[Training]:
    """An org's trainings in the user's business scope, and the committee's (no org) for all of them."""
    scope = authz.business_scope(user)
    if scope.is_empty:
        return Training.objects.none()
    trainings = Training.objects.select_related("organization")
    if scope.everything:  # (an empty Q() ORed with a condition is that condition alone)
        return trainings
    return trainings.filter(scope.q("organization") | Q(organization__isnull=True))


def info_pieces_visible_to(user) -> QuerySet[InfoPiece]:
    scope = authz.business_scope(user)
    if scope.is_empty:
        return InfoPiece.objects.none()
    return InfoPiece.objects.filter(scope.q("organization")).select_related("organization")


def brands_account(scope: OrgScope, year: int) -> dict:
    """CONTRACT.md `brands`: the year's rows at 申报 or 认定 (submitted), at 认定, at 退出. One query."""
    figures = BrandYear.objects.filter(scope.q("brand__organization"), year=year).aggregate(
        submitted=Count("pk", filter=Q(status__in=[BrandStatus.SUBMITTED, BrandStatus.RECOGNISED])),
        recognised=Count("pk", filter=Q(status=BrandStatus.RECOGNISED)),
        exited=Count("pk", filter=Q(status=BrandStatus.EXITED)),
    )
    return {"brands": {key: int(value or 0) for key, value in figures.items()}}
