"""Reads of 一支部一品牌, 学习培训 and 信息报送, limited to what the user may see; the annual block."""

from __future__ import annotations

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

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
            # Correlated (not a GROUP BY over every brand's years): worked out for a page's rows only.
            years_recognised=Coalesce(
                Subquery(
                    BrandYear.objects.filter(brand=OuterRef("pk"), status=BrandStatus.RECOGNISED)
                    .order_by()
                    .values("brand")
                    .annotate(n=Count("pk"))
                    .values("n")[:1]
                ),
                Value(0),
                output_field=IntegerField(),
            ),
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


# The re-check's decisions as the page names them; a brand of the year with no row, or a row only
# applied for (申报), is still pending.
PENDING, KEEP, EXIT = "pending", "keep", "exit"
DECISION_STATUS = {KEEP: BrandStatus.RECOGNISED, EXIT: BrandStatus.EXITED}


def _due_for_recheck(user, year: int) -> QuerySet[Brand]:
    """The brands recognised in `year - 1` in the user's staff scope (the re-check of `year`)."""
    scope = authz.staff_scope(user)
    if scope.is_empty:
        return Brand.objects.none()
    last = BrandYear.objects.filter(brand=OuterRef("pk"), year=year - 1, status=BrandStatus.RECOGNISED)
    return Brand.objects.filter(scope.q("organization"), Exists(last))


def recheck_rows(user, year: int, decision: str = "", q: str = "") -> QuerySet[Brand]:
    """The re-check's brands, each with `decision_status` and `decision_note` (its row of `year`, or
    None), at `decision` (pending / keep / exit) and matching `q` when given; in org order, a total order
    for paging from either end."""
    this = BrandYear.objects.filter(brand=OuterRef("pk"), year=year)
    rows = (
        _due_for_recheck(user, year)
        .select_related("organization")
        .annotate(
            decision_status=Subquery(this.values("status")[:1]),
            decision_note=Subquery(this.values("note")[:1]),
        )
    )
    if decision in DECISION_STATUS:
        rows = rows.filter(Exists(this.filter(status=DECISION_STATUS[decision])))
    elif decision == PENDING:
        rows = rows.exclude(Exists(this.filter(status__in=DECISION_STATUS.values())))
    if q:
        rows = rows.filter(
            Q(name__icontains=q)
            | Q(organization__name__icontains=q)
            | Q(organization__short_name__icontains=q)
        )
    return rows.order_by("organization__path", "name", "pk")


def recheck_counts(user, year: int) -> dict[str, int]:
    """How many of the year's re-check (whole scope, whatever the page's filters) are pending, kept and
    exited, and in all. One aggregate query."""
    decided = {
        key: Count("years", filter=Q(years__year=year, years__status=status))
        for key, status in DECISION_STATUS.items()
    }
    figures = _due_for_recheck(user, year).aggregate(total=Count("pk", distinct=True), **decided)
    counts = {key: int(value or 0) for key, value in figures.items()}
    counts[PENDING] = counts["total"] - counts[KEEP] - counts[EXIT]
    return counts


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
