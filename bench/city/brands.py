"""一支部一品牌, 志愿服务, 学习培训 and 信息报送 at city scale, written straight into the tables.

- Brands: a fifth of the grassroots orgs apply over the years; each year's applications are mostly
  recognised; every later year re-checks last year's recognised brands (about one in eight exits).
- Volunteers: the committee's 总队, a 支队 per upper-level org, a 分队 in one grassroots org of four;
  up to 12 members each; about four activities a year per team with 3–8 participants and their hours.
- Trainings: the committee's 中心组 sessions and 培训班 (30 a year) and one session a year in a third of
  the grassroots orgs (counts only). Information pieces: about two a year per grassroots org, a third
  adopted.
Also `portal_pages(t)` and `api_pages(t)`: the rows bench/pages.py times.
No history rows: no page reads them.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from activities.models import (
    Brand,
    BrandStatus,
    BrandYear,
    InfoChannel,
    InfoPiece,
    TeamTier,
    Training,
    TrainingKind,
    VolunteerActivity,
    VolunteerHours,
    VolunteerTeam,
    VolunteerTeamMember,
)

from .context import City
from .writer import Writer

NAMES = ("红色引擎", "先锋岗", "民生直通车", "书香机关", "服务零距离", "阳光政务", "法治先锋", "数据先锋")
SLOGANS = ("党建引领 业务提质", "群众办事不出门", "让数据多跑路", "守初心 担使命")
TITLES = ("文明交通劝导", "社区环境整治", "结对走访慰问", "义务植树", "关爱留守儿童", "政策宣传进社区")
CLASS_TITLES = {TrainingKind.CENTRAL_GROUP: "理论学习中心组集体学习", TrainingKind.CLASS: "党务干部培训班"}
HOURS = [Decimal(v) for v in ("1", "1.5", "2", "2.5", "3", "4")]


def _day(city: City, year: int) -> date:
    end = min(date(year, 12, 31), city.today)
    return date(year, 1, 1) + timedelta(days=city.rng.randrange((end - date(year, 1, 1)).days + 1))


def build(writer: Writer, city: City) -> None:
    years = city.sizes.year_list(city.today)
    _brands(writer, city, years)
    _volunteers(writer, city, years)
    _trainings_and_info(writer, city, years)


def _brands(writer: Writer, city: City, years: list[int]) -> None:
    rng = city.rng
    grassroots = city.grassroots
    applicants = rng.sample(grassroots, len(grassroots) // 5)
    brands, rows = [], []
    recognised: set[int] = set()
    for index, org in enumerate(applicants):
        brand = {
            "organization_id": org.pk,
            "name": f"{NAMES[index % len(NAMES)]}{index}",
            "slogan": SLOGANS[index % len(SLOGANS)],
            "work_tie": "把党建任务与业务工作同谋划、同部署、同考核。",
            "created_at": city.now,
        }
        brands.append(brand)
    writer.insert(Brand, brands)
    starts = {b["id"]: rng.choice(years) for b in brands}
    for year in years:
        kept = set()
        for brand in brands:
            pk = brand["id"]
            if pk in recognised:
                status = BrandStatus.EXITED if rng.random() < 0.125 else BrandStatus.RECOGNISED
            elif starts[pk] == year:
                roll = rng.random()
                status = (
                    BrandStatus.RECOGNISED
                    if roll < 0.6
                    else BrandStatus.EXITED
                    if roll < 0.8
                    else BrandStatus.SUBMITTED
                )
            else:
                continue
            rows.append({"brand_id": pk, "year": year, "status": status, "note": ""})
            if status == BrandStatus.RECOGNISED:
                kept.add(pk)
        recognised = kept
    writer.insert(BrandYear, rows)


def _volunteers(writer: Writer, city: City, years: list[int]) -> None:
    rng = city.rng
    root = min(city.orgs, key=lambda o: o.depth)
    founded = date(years[0], 1, 1)
    corps = {
        "name": "市直机关党员志愿服务总队",
        "tier": TeamTier.CORPS,
        "organization_id": root.pk,
        "founded_on": founded,
    }
    writer.insert(VolunteerTeam, [corps])
    uppers = [o for o in city.orgs if o.depth == root.depth + 1]
    detachments = [
        {
            "name": f"{o.name or o.pk}志愿服务支队",
            "tier": TeamTier.DETACHMENT,
            "parent_id": corps["id"],
            "organization_id": o.pk,
            "founded_on": founded,
        }
        for o in uppers
    ]
    writer.insert(VolunteerTeam, detachments)
    by_path = sorted(((o.path, d) for o, d in zip(uppers, detachments, strict=True)), reverse=True)
    squads = []
    for org in city.grassroots:
        if org.depth <= root.depth + 1 or rng.random() > 0.25:
            continue
        parent = next((d for path, d in by_path if org.path.startswith(path)), None)
        if parent is not None:
            squads.append(
                {
                    "name": f"{org.name or org.pk}志愿服务分队",
                    "tier": TeamTier.SQUAD,
                    "parent_id": parent["id"],
                    "organization_id": org.pk,
                    "founded_on": founded,
                }
            )
    writer.insert(VolunteerTeam, squads)
    memberships, rosters = [], {}
    for team in detachments + squads:
        people = city.members_by_org.get(team["organization_id"], [])[:12]
        rosters[team["id"]] = people
        memberships += [{"team_id": team["id"], "member_id": m, "joined_on": founded} for m in people]
    writer.insert(VolunteerTeamMember, memberships)
    activities, hours = [], []
    for year in years:
        for team_id, people in rosters.items():
            if not people:
                continue
            for _n in range(rng.randint(2, 6)):
                activity = {
                    "team_id": team_id,
                    "held_on": _day(city, year),
                    "title": rng.choice(TITLES),
                    "created_at": city.now,
                }
                activities.append((activity, rng.sample(people, min(len(people), rng.randint(3, 8)))))
    writer.insert(VolunteerActivity, [a for a, _p in activities])
    for activity, people in activities:
        hours += [{"activity_id": activity["id"], "member_id": m, "hours": rng.choice(HOURS)} for m in people]
    writer.insert(VolunteerHours, hours)


def _trainings_and_info(writer: Writer, city: City, years: list[int]) -> None:
    rng = city.rng
    trainings, pieces = [], []
    channels = InfoChannel.values
    for year in years:
        for n in range(30):
            kind = TrainingKind.CENTRAL_GROUP if n % 3 == 0 else TrainingKind.CLASS
            trainings.append(
                {
                    "kind": kind,
                    "title": f"{year}年{CLASS_TITLES[kind]}",
                    "starts_on": _day(city, year),
                    "attendance": rng.randint(40, 300),
                    "created_at": city.now,
                }
            )
        for org in city.grassroots:
            if rng.random() < 0.33:
                trainings.append(
                    {
                        "kind": TrainingKind.OTHER,
                        "title": "支部集中学习",
                        "organization_id": org.pk,
                        "starts_on": _day(city, year),
                        "attendance": len(city.members_by_org.get(org.pk, [])),
                        "created_at": city.now,
                    }
                )
            for _n in range(rng.randint(0, 4)):
                sent = _day(city, year)
                adopted = rng.random() < 0.33 and sent + timedelta(days=3) <= city.today
                pieces.append(
                    {
                        "organization_id": org.pk,
                        "title": "开展主题党日活动",
                        "sent_on": sent,
                        "channel": rng.choice(channels),
                        "adopted": adopted,
                        "adopted_by": "工委《机关党建》简报" if adopted else "",
                        "adopted_on": sent + timedelta(days=2) if adopted else None,
                        "created_at": city.now,
                    }
                )
    writer.insert(Training, trainings)
    writer.insert(InfoPiece, pieces)


def _targets() -> dict:
    from django.db.models import Count

    busiest = (
        VolunteerTeam.objects.filter(tier=TeamTier.DETACHMENT)
        .annotate(n=Count("activities"))
        .order_by("-n", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    brand = Brand.objects.annotate(n=Count("years")).order_by("-n", "pk").values_list("pk", flat=True).first()
    widest = (
        VolunteerTeam.objects.filter(tier=TeamTier.DETACHMENT)
        .annotate(n=Count("children"))
        .order_by("-n", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    newest = VolunteerActivity.objects.order_by("-held_on", "-pk")
    activity = newest.filter(team_id=busiest).first() or newest.first()  # a small city's team may hold none
    return {"team": busiest, "brand": brand, "squads_of": widest, "activity": activity.pk if activity else 0}


def portal_pages(t: dict) -> list[tuple[str, str, str]]:
    y, ids = t["year"], _targets()
    return [
        ("brands:brand_list", "staff", f"/activities/brands/?year={y}"),
        ("brands:brand_list (recognised)", "staff", f"/activities/brands/?year={y}&status=recognised"),
        ("brands:brand_list", "branch", "/activities/brands/"),
        ("brands:brand_detail", "staff", f"/activities/brands/{ids['brand']}/"),
        ("brands:brand_recheck", "staff", f"/activities/brands/recheck/{y}/"),
        ("brands:brand_recheck (last page)", "staff", f"/activities/brands/recheck/{y}/?page=9999"),
        (
            "brands:brand_recheck (exit, search)",
            "staff",
            f"/activities/brands/recheck/{y}/?decision=exit&q=先锋",
        ),
        ("brands:team_tree", "staff", "/activities/volunteers/"),
        ("brands:team_tree (page 5)", "staff", "/activities/volunteers/?page=5"),
        ("brands:team_tree (search)", "staff", "/activities/volunteers/?q=分队"),
        ("brands:team_tree", "branch", "/activities/volunteers/"),
        ("brands:team_squads", "staff", f"/activities/volunteers/teams/{ids['squads_of']}/squads/"),
        ("brands:team_detail", "staff", f"/activities/volunteers/teams/{ids['team']}/"),
        ("brands:activity_list", "staff", f"/activities/volunteers/activities/?year={y}"),
        (
            "brands:activity_list (last page)",
            "staff",
            f"/activities/volunteers/activities/?year={y}&page=9999",
        ),
        ("brands:activity_list", "staff", "/activities/volunteers/activities/"),
        *(
            [("brands:activity_edit", "staff", f"/activities/volunteers/activities/{ids['activity']}/edit/")]
            if ids["activity"]
            else []
        ),
        ("brands:training_list", "staff", f"/activities/trainings/?year={y}"),
        ("brands:training_list", "branch", "/activities/trainings/"),
        ("brands:info_list", "staff", f"/activities/info/?year={y}"),
        ("brands:info_list", "branch", "/activities/info/"),
    ]


def api_pages(t: dict) -> list[tuple[str, str, str]]:
    y = t["year"]
    return [
        ("activities brands", "staff_api", f"/api/v1/activities/brands/?year={y}"),
        ("activities volunteer-teams", "staff_api", "/api/v1/activities/volunteer-teams/"),
        (
            "activities volunteer-activities",
            "staff_api",
            f"/api/v1/activities/volunteer-activities/?year={y}",
        ),
        ("activities trainings", "staff_api", f"/api/v1/activities/trainings/?year={y}"),
        ("activities info-pieces", "staff_api", f"/api/v1/activities/info-pieces/?year={y}"),
        ("activities brands", "branch_api", "/api/v1/activities/brands/"),
    ]
