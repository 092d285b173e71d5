"""Reads of 扶贫结对: households, pairings and visits already limited to what the user may see, and the
totals (per org, for the committee, for the year-end account, for member points), each set-based.

Who sees what (accounts/permissions/): households are personal data — staff see every one in their
scope; a secretary the households paired with their org's members (ended pairings too) and those their
org looks after; the reporting client none, only counts.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import connection
from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts import authz
from accounts.authz import OrgScope
from accounts.models import GRASSROOTS_KINDS, Organization

from ..models import Household, Pairing, Visit, VisitPhoto

MONEY = DecimalField(max_digits=14, decimal_places=2)
ZERO = Decimal("0.00")


def year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


# --------------------------------------------------------------------------- scoped lists


def households_in_scope(scope: OrgScope) -> QuerySet[Household]:
    """Households an org scope reaches: looked after by one of its orgs, or paired with one of its
    orgs' members (see Household.reached_by, the same rule for one row)."""
    if scope.everything:
        return Household.objects.all()
    if scope.is_empty:
        return Household.objects.none()
    # The ids of both kinds as one UNION (not "org in scope OR EXISTS pairing"): the database then knows
    # how few they are for a branch, instead of walking every household along the list's ordering.
    looked_after = Household.objects.filter(scope.q("organization")).order_by().values("pk")
    paired = Pairing.objects.filter(scope.q("organization")).order_by().values("household_id")
    return Household.objects.filter(pk__in=looked_after.union(paired))


def households_visible_to(user) -> QuerySet[Household]:
    """The households the user may read, each with its active pairings and visits counted and the date
    of its last visit (none of them a query per row)."""
    today = timezone.localdate()
    active = (
        Pairing.objects.active(today)
        .filter(household=OuterRef("pk"))
        .order_by()
        .annotate(n=Func(F("pk"), function="COUNT"))
        .values("n")
    )
    visits = Visit.objects.filter(household=OuterRef("pk")).order_by()
    return (
        households_in_scope(authz.write_scope(user))
        .select_related("organization")
        .annotate(
            active_pairings=Coalesce(Subquery(active), Value(0), output_field=IntegerField()),
            visit_count=Coalesce(
                Subquery(visits.annotate(n=Func(F("pk"), function="COUNT")).values("n")),
                Value(0),
                output_field=IntegerField(),
            ),
            last_visit=Subquery(visits.annotate(d=Func(F("visited_on"), function="MAX")).values("d")),
        )
    )


def households_filtered(user, *, q: str = "", village: str = "", active_only: bool = False):
    rows = households_visible_to(user)
    if q:
        # Chinese has no case: plain LIKE, not UPPER(column) LIKE, which costs 4× over every row.
        lookup = "icontains" if any(c.isascii() and c.isalpha() for c in q) else "contains"
        rows = rows.filter(
            Q(**{f"head_name__{lookup}": q}) | Q(**{f"village__{lookup}": q}) | Q(**{f"cause__{lookup}": q})
        )
    if village:
        rows = rows.filter(village=village)
    if active_only:
        rows = rows.filter(active_pairings__gt=0)
    return rows.order_by("village", "head_name", "pk")


def pairings_visible_to(user) -> QuerySet[Pairing]:
    return Pairing.objects.filter(authz.write_scope(user).q("organization")).select_related(
        "member", "household", "organization"
    )


def pairings_filtered(
    user, *, q: str = "", organization: Organization | None = None, state: str = "", year: int | None = None
) -> QuerySet[Pairing]:
    rows = pairings_visible_to(user)
    today = timezone.localdate()
    if q:
        rows = rows.filter(
            Q(member__name__icontains=q)
            | Q(household__head_name__icontains=q)
            | Q(household__village__icontains=q)
        )
    if organization is not None:
        rows = rows.filter(organization__path__startswith=organization.path)
    if state == "active":
        rows = rows.active(today)
    elif state == "ended":
        rows = rows.filter(ended_on__lt=today)
    if year:
        rows = rows.in_period(*year_bounds(year))
    return rows.order_by("-started_on", "-pk")


def visits_visible_to(user) -> QuerySet[Visit]:
    return (
        Visit.objects.filter(authz.write_scope(user).q("organization"))
        .select_related("member", "household", "organization")
        .annotate(
            photo_count=Coalesce(
                Subquery(
                    VisitPhoto.objects.filter(visit=OuterRef("pk"))
                    .order_by()
                    .annotate(n=Func(F("pk"), function="COUNT"))
                    .values("n")
                ),
                Value(0),
                output_field=IntegerField(),
            )
        )
    )


def visits_filtered(
    user,
    *,
    q: str = "",
    organization: Organization | None = None,
    year: int | None = None,
    month: int | None = None,
) -> QuerySet[Visit]:
    rows = visits_visible_to(user)
    if q:
        rows = rows.filter(
            Q(member__name__icontains=q) | Q(household__head_name__icontains=q) | Q(content__icontains=q)
        )
    if organization is not None:
        rows = rows.filter(organization__path__startswith=organization.path)
    if year:
        rows = rows.filter(visited_on__year=year)
        if month:
            rows = rows.filter(visited_on__month=month)
    return rows.order_by("-visited_on", "-pk")


def pairings_to_visit(user, *, today: date | None = None) -> QuerySet[Pairing]:
    """Active pairings the user may record a visit for (the visit form's choices)."""
    return (
        pairings_visible_to(user)
        .active(today or timezone.localdate())
        .order_by("organization__path", "member__name", "household__head_name")
    )


# --------------------------------------------------------------------------- totals


def _pairings_of(scope: OrgScope, start: date, end: date) -> QuerySet[Pairing]:
    return Pairing.objects.filter(scope.q("organization")).in_period(start, end)


def _visits_of(scope: OrgScope, start: date, end: date) -> QuerySet[Visit]:
    return Visit.objects.filter(scope.q("organization"), visited_on__gte=start, visited_on__lte=end)


def _ungrouped(queryset: QuerySet, **figures: Func):
    """The SQL of one row of figures over `queryset` (Func aggregates: no GROUP BY, so one row always,
    zeros or NULLs over no rows)."""
    named = {f"v_{name}": figure for name, figure in figures.items()}  # no clash with a field's name
    return queryset.order_by().annotate(**named).values(*named).query.sql_with_params()


def pairing_totals(scope: OrgScope, start: date, end: date) -> dict:
    """The committee's (or a scope's) figures over [start, end]: orgs with a pairing, distinct members
    and households paired, their people (each household once), the visits and the money and goods they
    brought. ONE query: three one-row aggregates (pairings; the households they reach; the visits, read
    from the index visit_day_money) side by side in a single statement."""
    pairings = _pairings_of(scope, start, end)
    households = Household.objects.filter(Exists(pairings.filter(household=OuterRef("pk"))))
    parts = [
        _ungrouped(
            pairings,
            orgs=_distinct_count("organization"),
            members=_distinct_count("member"),
        ),
        _ungrouped(
            households,
            households=Func(F("pk"), function="COUNT"),
            people=Func(F("people"), function="SUM"),
        ),
        _ungrouped(
            _visits_of(scope, start, end),
            visits=Func(F("visited_on"), function="COUNT"),  # not the id: the index has none
            funds=Func(F("funds"), function="SUM"),
            goods=Func(F("goods"), function="SUM"),
        ),
    ]
    sql = "SELECT * FROM " + ", ".join(f"({part_sql}) AS t{i}" for i, (part_sql, _p) in enumerate(parts))
    params = [param for _sql, part_params in parts for param in part_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0].removeprefix("v_") for column in cursor.description]
        row = dict(zip(names, cursor.fetchone(), strict=True))
    return {
        "orgs": row["orgs"] or 0,
        "members": row["members"] or 0,
        "households": row["households"] or 0,
        "people": int(row["people"] or 0),
        "visits": row["visits"] or 0,
        "funds": Decimal(str(row["funds"] or 0)).quantize(ZERO),
        "goods": Decimal(str(row["goods"] or 0)).quantize(ZERO),
    }


def _scalar(queryset: QuerySet, expression, output_field) -> Coalesce:
    """A correlated scalar subquery of one aggregate over `queryset` (no GROUP BY), 0 when empty."""
    return Coalesce(
        Subquery(queryset.order_by().annotate(v=expression).values("v")[:1]),
        Value(0, output_field=output_field),
        output_field=output_field,
    )


def _distinct_count(field: str) -> Func:
    return Func(F(field), function="COUNT", template="%(function)s(DISTINCT %(expressions)s)")


def totals_orgs(scope: OrgScope) -> QuerySet[Organization]:
    """The rows of the per-org table: the scope's active grassroots orgs, in tree order."""
    return (
        Organization.objects.filter(scope.q(""), kind__in=GRASSROOTS_KINDS, is_active=True)
        .only("pk", "name", "short_name", "path")
        .order_by("path")
    )


def pairing_totals_by_org(scope: OrgScope, year: int, org_ids=None) -> QuerySet[Organization]:
    """The orgs of the scope (grassroots ones; only `org_ids` when given: a page of the table), each
    carrying the year's figures as `t_members`, `t_households`, `t_people`, `t_visits`, `t_funds`,
    `t_goods` — one query (a correlated subquery per figure, each on an indexed (organization, date)
    pair), however many orgs there are. 家庭人口 is summed over each household's first pairing in the
    org, so a household two of its members help counts once."""
    start, end = year_bounds(year)
    pairings = Pairing.objects.in_period(start, end).filter(organization=OuterRef("pk"))
    earlier = Pairing.objects.in_period(start, end).filter(
        organization=OuterRef("organization"), household=OuterRef("household"), pk__lt=OuterRef("pk")
    )
    first_of_household = pairings.filter(~Exists(earlier))
    visits = Visit.objects.filter(organization=OuterRef("pk"), visited_on__gte=start, visited_on__lte=end)
    orgs = totals_orgs(scope)
    if org_ids is not None:
        orgs = orgs.filter(pk__in=list(org_ids))
    return orgs.annotate(
        t_members=_scalar(pairings, _distinct_count("member"), IntegerField()),
        t_households=_scalar(pairings, _distinct_count("household"), IntegerField()),
        t_people=_scalar(first_of_household, Func(F("household__people"), function="SUM"), IntegerField()),
        t_visits=_scalar(visits, Func(F("pk"), function="COUNT"), IntegerField()),
        t_funds=_scalar(visits, Func(F("funds"), function="SUM", output_field=MONEY), MONEY),
        t_goods=_scalar(visits, Func(F("goods"), function="SUM", output_field=MONEY), MONEY),
    )


def _yuan(value) -> float | int:
    """Money for JSON: a number (not a string) with at most 2 decimals; whole yuan as an integer."""
    amount = Decimal(value or 0).quantize(Decimal("0.01"))
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def pairing_account(scope: OrgScope, year: int) -> dict:
    """The `pairing` block of the year-end account (CONTRACT.md): orgs with a pairing in force during the
    year, distinct members and households paired then, their 家庭人口, the year's visits and their sums."""
    totals = pairing_totals(scope, *year_bounds(year))
    return {
        "orgs": totals["orgs"],
        "members": totals["members"],
        "households": totals["households"],
        "people": totals["people"],
        "visits": totals["visits"],
        "funds_yuan": _yuan(totals["funds"]),
        "goods_yuan": _yuan(totals["goods"]),
    }


def pairing_counts(user, *, year: int) -> dict:
    """What the reporting client may read: the year's totals in its business scope (counts, no names)."""
    return pairing_totals(authz.business_scope(user), *year_bounds(year))


# --------------------------------------------------------------------------- member points sources


def member_pairings(start: date, end: date, organization_ids=None) -> dict[int, int]:
    """Member id → pairings in force on some day of [start, end] (members of `organization_ids` when
    given). One grouped query."""
    rows = Pairing.objects.in_period(start, end)
    if organization_ids is not None:
        rows = rows.filter(member__organization_id__in=list(organization_ids))
    grouped = rows.order_by().values("member_id").annotate(n=Count("pk"))
    return {row["member_id"]: row["n"] for row in grouped}


def member_visits(start: date, end: date, organization_ids=None) -> dict[int, int]:
    """Member id → visits dated in [start, end]. One grouped query."""
    rows = Visit.objects.filter(visited_on__gte=start, visited_on__lte=end)
    if organization_ids is not None:
        rows = rows.filter(member__organization_id__in=list(organization_ids))
    grouped = rows.order_by().values("member_id").annotate(n=Count("pk"))
    return {row["member_id"]: row["n"] for row in grouped}


# --------------------------------------------------------------------------- the secretary's home


def secretary_pairing_counts(user, *, today: date | None = None) -> dict[str, int]:
    """The home card: the active pairings of the secretary's orgs and the visits recorded this month."""
    today = today or timezone.localdate()
    scope = authz.secretary_scope(user)
    if scope.is_empty:
        return {"pairings": 0, "visits_month": 0, "last_visit": None}
    pairings = Pairing.objects.filter(scope.q("organization")).active(today).count()
    visits = Visit.objects.filter(
        scope.q("organization"), visited_on__year=today.year, visited_on__month=today.month
    ).aggregate(n=Count("pk"), last=Max("visited_on"))
    return {"pairings": pairings, "visits_month": visits["n"], "last_visit": visits["last"]}
