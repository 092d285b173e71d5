"""扶贫结对 at city scale, written straight into the tables like the other steps (no history rows).

A quarter of the members are paired (two to a household, in the roster's own org), from some day of the
first year; a twentieth of those pairings ended since. Every pairing is visited about three times a
year (dates up to `today`), a little under half of the visits with money, half with goods. Households
are looked after by their first member's org. At 60,000 members: ~15,000 pairings, ~7,500 households,
~45,000 visits a year.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from activities.models import Household, Pairing, Visit

from .context import City
from .writer import Writer

PAIRED_SHARE = 0.25
MEMBERS_PER_HOUSEHOLD = 2
VISITS_PER_YEAR = 3
ENDED_SHARE = 0.05
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何罗高林"
GIVEN = ("德明", "正华", "光荣", "世才", "国富", "兴林", "永贵", "开平", "玉兰", "秀英", "仕学", "金花")
TOWNS = (
    "红枫湖镇",
    "站街镇",
    "卫城镇",
    "暗流镇",
    "麦格乡",
    "犁倭镇",
    "流长乡",
    "王庄乡",
    "新店镇",
    "百花湖镇",
)
CAUSES = ("因病", "因残", "因学", "缺劳力", "缺技术", "缺资金", "因灾")
WHAT = (
    "宣讲扶贫政策",
    "帮助联系务工岗位",
    "送去生活物资",
    "协助办理医疗救助",
    "帮助春耕备耕",
    "帮助销售农产品",
)


def build(writer: Writer, city: City) -> None:
    rng = city.rng
    years = city.sizes.year_list(city.today)
    first = date(years[0], 1, 1)
    households: list[dict] = []
    pairings: list[dict] = []
    for org in city.orgs:
        members = city.members_by_org.get(org.pk, [])
        paired = [m for m in members if rng.random() < PAIRED_SHARE]
        for index in range(0, len(paired), MEMBERS_PER_HOUSEHOLD):
            household = {
                "head_name": rng.choice(SURNAMES) + rng.choice(GIVEN),
                "village": f"{rng.choice(TOWNS)}{len(households) % 97 + 1}村",
                "people": rng.choice((1, 2, 3, 3, 4, 4, 5, 6)),
                "cause": rng.choice(CAUSES),
                "organization_id": org.pk,
                "created_at": city.now,
            }
            # The natural key (户主, 村) is unique: the row number makes it so at any size.
            household["head_name"] += f"{len(households) + 1}"
            households.append(household)
            for member_id in paired[index : index + MEMBERS_PER_HOUSEHOLD]:
                started = first + timedelta(days=rng.randrange(0, 300))
                ended = None
                if rng.random() < ENDED_SHARE:
                    ended = min(started + timedelta(days=rng.randrange(60, 400)), city.today)
                pairings.append(
                    {
                        "member_id": member_id,
                        "household": household,
                        "organization_id": org.pk,
                        "started_on": started,
                        "ended_on": ended,
                        "created_at": city.now,
                    }
                )
    writer.insert(Household, households)
    for pairing in pairings:
        pairing["household_id"] = pairing.pop("household")["id"]
    writer.insert(Pairing, pairings)
    writer.insert(Visit, _visits(city, pairings, years))


def _visits(city: City, pairings: list[dict], years: list[int]):
    rng = city.rng
    for pairing in pairings:
        seen: set[date] = set()
        for year in years:
            start = max(pairing["started_on"], date(year, 1, 1))
            end = min(pairing["ended_on"] or city.today, date(year, 12, 31), city.today)
            if start > end:
                continue
            for _ in range(VISITS_PER_YEAR):
                on = start + timedelta(days=rng.randrange(0, (end - start).days + 1))
                if on in seen:
                    continue
                seen.add(on)
                yield {
                    "pairing_id": pairing["id"],
                    "member_id": pairing["member_id"],
                    "household_id": pairing["household_id"],
                    "organization_id": pairing["organization_id"],
                    "visited_on": on,
                    "content": rng.choice(WHAT),
                    "funds": Decimal(rng.randrange(100, 500, 50)) if rng.random() < 0.45 else Decimal(0),
                    "goods": Decimal(rng.randrange(50, 300, 50)) if rng.random() < 0.5 else Decimal(0),
                    "created_at": city.now,
                }


def pairing_pages(y: int) -> list[tuple[str, str, str]]:
    """The portal pages of 扶贫结对 (ids picked with the ORM: the household with the most visits)."""
    from django.db.models import Count

    busiest = (
        Household.objects.annotate(n=Count("visits"))
        .order_by("-n", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    return [
        ("pairing:household_list", "staff", "/activities/households/"),
        ("pairing:household_list", "branch", "/activities/households/"),
        ("pairing:household_list (village)", "staff", "/activities/households/?q=%E7%BA%A2%E6%9E%AB"),
        ("pairing:household_list last page", "staff", "/activities/households/?page=9999"),
        ("pairing:household_detail (busiest)", "staff", f"/activities/households/{busiest}/"),
        ("pairing:pairing_list", "staff", f"/activities/pairings/?year={y}"),
        ("pairing:pairing_list", "organ", "/activities/pairings/"),
        ("pairing:visit_list", "staff", f"/activities/visits/?year={y}"),
        ("pairing:visit_list", "branch", "/activities/visits/"),
        ("pairing:visit_create (form)", "branch", "/activities/visits/new/"),
        ("pairing:totals", "staff", f"/activities/pairings/totals/?year={y}"),
        ("pairing:totals last page", "staff", f"/activities/pairings/totals/?year={y}&page=9999"),
        ("pairing:totals", "organ", f"/activities/pairings/totals/?year={y}"),
    ]


def pairing_api_pages(y: int) -> list[tuple[str, str, str]]:
    return [
        ("activities households", "staff_api", "/api/v1/activities/households/"),
        ("activities households", "branch_api", "/api/v1/activities/households/"),
        ("activities pairings", "staff_api", f"/api/v1/activities/pairings/?year={y}"),
        ("activities visits", "staff_api", f"/api/v1/activities/visits/?year={y}"),
        ("activities visits", "branch_api", f"/api/v1/activities/visits/?year={y}"),
    ]
