"""党员积分 at city scale: the demo's three schemes for each year, a few 加分/扣分 a quarter, and every
member's points computed by the service itself (set-based: one call per source, one upsert a quarter),
so the bench also times the computation the Celery job runs."""

from __future__ import annotations

from datetime import datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from assessments.demo.points import REASONS, SCHEMES
from assessments.models import ManualPoint
from assessments.services import points as services
from partybuild.periods import QUARTER, periods_of_year

from .context import City
from .writer import Writer

TZ = ZoneInfo("Asia/Shanghai")
MANUAL_SHARE = 0.03  # members given a manual item per quarter
# Above this many members only this year's quarters are computed (the pages read the latest ones).
COMPUTE_EARLIER_YEARS_UP_TO = 100_000


def build(writer: Writer, city: City) -> None:
    rng = city.rng
    for year in city.sizes.year_list(city.today):
        for member_class, (title, items) in SCHEMES.items():
            if services.scheme_current(year, member_class) is None:
                services.scheme_create(
                    actor=None,
                    year=year,
                    member_class=member_class,
                    title=f"{year}年{title}",
                    items=[
                        {
                            "code": c,
                            "label": label,
                            "source": s,
                            "points_per_unit": Decimal(str(p)),
                            "cap_per_quarter": cap,
                        }
                        for c, label, s, p, cap in items
                    ],
                )
        quarters = [q for q in periods_of_year(year, QUARTER) if q.end < city.today]
        manual = []
        for quarter in quarters:
            at = datetime.combine(quarter.end, time(17), tzinfo=TZ)
            for org_id, member_ids in city.members_by_org.items():
                for member_id in member_ids:
                    if rng.random() < MANUAL_SHARE:
                        code = rng.choice(["lead", "advice", "report"])
                        manual.append(
                            ManualPoint(
                                member_id=member_id,
                                organization_id=org_id,
                                period=quarter.code,
                                item_code=code,
                                points=Decimal(rng.choice((1, 2, 3))),
                                reason=rng.choice(REASONS[code]),
                                given_by_id=city.secretary_user_by_org.get(org_id, city.clerk_user_id),
                                given_at=at,
                            )
                        )
        ManualPoint.objects.bulk_create(manual, batch_size=5000)
        if year != city.today.year and city.sizes.members > COMPUTE_EARLIER_YEARS_UP_TO:
            continue  # earlier years at full size: minutes a quarter (docs/benchmarks.md)
        for quarter in quarters:
            services.points_compute(year=year, quarter=quarter.index)


def points_pages(t: dict) -> list[tuple[str, str, str]]:
    """The member points pages and API lists, with ids picked from the database."""
    from assessments.models import MemberPoints

    latest = MemberPoints.objects.order_by("-period").values_list("period", flat=True).first() or ""
    row = (
        MemberPoints.objects.filter(organization_id=t["branch_org"], period=latest)
        .values_list("pk", flat=True)
        .first()
    )
    pages = [
        ("points:ranking (orgs)", "staff", f"/assessments/points/ranking/?period={latest}"),
        ("points:ranking (own branch)", "branch", f"/assessments/points/ranking/?period={latest}"),
        (
            "points:ranking (org)",
            "staff",
            f"/assessments/points/ranking/?period={latest}&org={t['branch_org']}",
        ),
        ("points:scheme_list", "staff", f"/assessments/points/schemes/?year={t['year']}"),
        ("points:manual_list", "staff", "/assessments/points/manual/"),
    ]
    if row:
        pages.append(("points:member_card", "branch", f"/assessments/points/{row}/"))
    return pages


def points_api_pages(t: dict) -> list[tuple[str, str, str]]:
    from assessments.models import MemberPoints

    latest = MemberPoints.objects.order_by("-period").values_list("period", flat=True).first() or ""
    return [
        ("assessments points", "staff_api", f"/api/v1/assessments/points/?period={latest}"),
        ("assessments points", "branch_api", f"/api/v1/assessments/points/?period={latest}"),
        ("assessments manual-points", "staff_api", "/api/v1/assessments/manual-points/"),
    ]
