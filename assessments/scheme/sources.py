"""The carriers' compliance in a period, for the scheme's carrier components (registry.CARRIER_SOURCES).

Each is `fn(year, start, end, organization_ids) -> {org id: ratio 0..1}` from one grouped query over the
carrier's records (the meetings' also one over its exemptions), whatever the number of orgs.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count
from django.db.models.functions import ExtractMonth
from django.utils import timezone


def _months(start: date, end: date) -> list[tuple[int, int]]:
    months, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def service_day_months(year: int, start: date, end: date, organization_ids) -> dict[int, float]:
    """党员服务日 "每月至少一次": the share of the period's months with a service day."""
    from activities.models import ServiceDay

    months = len(_months(start, end))
    held = (
        ServiceDay.objects.filter(organization_id__any_of=organization_ids, held_on__range=(start, end))
        .order_by()
        .values("organization_id")
        .annotate(n=Count(ExtractMonth("held_on"), distinct=True))
    )
    return {row["organization_id"]: min(1.0, row["n"] / months) for row in held} if months else {}


def forum_quarters(year: int, start: date, end: date, organization_ids) -> dict[int, float]:
    """主题讲坛 "每季度一次": the share of the period's quarters with a forum (a joint one counts for
    each of its orgs)."""
    from activities.models import ForumOrg

    quarters = len(_months(start, end)) // 3 or 1
    # Months, not quarters, from the database: EXTRACT is numeric on PostgreSQL, so quarter arithmetic
    # in SQL would not be an integer there. At most 12 rows per org.
    held = (
        ForumOrg.objects.filter(organization_id__any_of=organization_ids, forum__held_on__range=(start, end))
        .order_by()
        .values_list("organization_id", ExtractMonth("forum__held_on"))
        .distinct()
    )
    seen: dict[int, set[int]] = {}
    for org_id, month in held:
        seen.setdefault(org_id, set()).add((int(month) - 1) // 3)
    return {org_id: min(1.0, len(q) / quarters) for org_id, q in seen.items()}


def meeting_compliance(year: int, start: date, end: date, organization_ids) -> dict[int, float]:
    """三会一课: of the check cells (党员大会 and 党课 per quarter, 支委会 per month) that lie in the period
    and have ended, the share held or exempted (免查). Branches only: the check covers branches."""
    from activities.selectors.meetings import compliance_ratios

    return compliance_ratios(organization_ids, year, start, end, timezone.localdate())
