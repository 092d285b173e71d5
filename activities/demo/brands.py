"""一支部一品牌, 志愿服务, 学习培训 and 信息报送 in the demo (seed 001, Hulunbuir, scaled to the demo).

Brands over two years with entry and exit: last year 12 branches applied, 9 were recognised; this year's
re-check keeps 7 and lets 2 exit, and 3 new brands apply (one already recognised). A volunteer corps in
three tiers (总队 → a 支队 per unit → 分队 in the bigger ones) with members and ~60 activities, hours per
participant. ~20 study and training sessions (中心组, 培训班, the branches' own) and ~80 information
pieces sent up, about a third adopted. Deterministic: the same rows on every install.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from ..models import (
    BrandStatus,
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
from ..services import brands as services

BRANDS = [
    ("担当引领守初心", "凝心聚力三服务"),
    ("锻造红色铁军", "助力绿色发展"),
    ("智引改革", "谋新发展"),
    ("红色税苑", "诚信纳税 服务为先"),
    ("阳光财政", "理财为民 廉洁高效"),
    ("法治先锋", "公正司法 一心为民"),
    ("健康守门人", "医者仁心 党员先行"),
    ("一线服务站", "群众办事不出门"),
    ("书香机关", "学习型党组织建设"),
    ("民生直通车", "民有所呼 我有所应"),
    ("绿色卫士", "守护碧水蓝天"),
    ("安全哨兵", "守牢安全生产底线"),
    ("数据先锋", "让数据多跑路"),
    ("暖心驿站", "服务职工零距离"),
    ("红色引擎", "党建引领 业务提质"),
]
WORK_TIE = "围绕单位中心工作，把党建任务与业务工作同谋划、同部署、同考核，推动党建与业务深度融合。"
ACTIVITIES = [
    "文明交通劝导",
    "社区环境整治",
    "结对社区走访慰问",
    "义务植树",
    "疫情防控值守",
    "敬老院志愿服务",
    "文明城市创建宣传",
    "无偿献血",
    "关爱留守儿童",
    "政策法规进社区",
]
TRAININGS = [
    (TrainingKind.CENTRAL_GROUP, "市直机关理论学习中心组集体学习"),
    (TrainingKind.CLASS, "党务干部培训班"),
    (TrainingKind.CLASS, "入党积极分子培训班"),
    (TrainingKind.CLASS, "党建品牌专题培训"),
]
INFO_TITLES = [
    "开展主题党日活动",
    "扎实推进“一支部一品牌”创建",
    "党员志愿服务队走进社区",
    "召开专题组织生活会",
    "开展党建业务流动讲堂",
    "深入开展结对帮扶",
    "举办党史学习教育专题讲座",
    "推进党支部标准化规范化建设",
]
ADOPTED_BY = {
    InfoChannel.COMMITTEE: ["工委《机关党建》简报", "机关党建网"],
    InfoChannel.CITY: ["市委办《每日要情》", "市委组织部《组工信息》"],
    InfoChannel.UPPER: ["上级机关工委《机关党建动态》"],
    InfoChannel.MEDIA: ["日报融媒体", "“党旗飘飘”微信公众号"],
}


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange(max((end - start).days, 0) + 1))


def _brands(accounts, year: int, staff) -> tuple[int, int, int]:
    orgs = accounts.orgs.grassroots
    last = year - 1
    brands = []
    for i, (name, slogan) in enumerate(BRANDS[:12]):
        org = orgs[i % len(orgs)]
        brands.append(
            services.brand_apply(
                actor=staff,
                organization=org,
                year=last,
                name=name,
                slogan=slogan,
                work_tie=WORK_TIE,
                description=f"{org.name}以“{name}”为品牌，{slogan}。",
            )
        )
    for i, brand in enumerate(brands):
        status = BrandStatus.EXITED if i % 4 == 3 else BrandStatus.RECOGNISED
        note = "紧扣部门职能，特色鲜明" if status == BrandStatus.RECOGNISED else "特色不够鲜明，暂不予认定"
        services.brand_review(actor=staff, brand=brand, year=last, status=status, note=note)
    recognised = [b for i, b in enumerate(brands) if i % 4 != 3]
    decisions = {b.pk: (services.EXIT if i in (2, 5) else services.KEEP) for i, b in enumerate(recognised)}
    notes = {pk: ("年度复核不合格" if d == services.EXIT else "复核保留") for pk, d in decisions.items()}
    services.brand_recheck(actor=staff, year=year, decisions=decisions, notes=notes, finish=True)
    for i, (name, slogan) in enumerate(BRANDS[12:]):
        org = orgs[(12 + i) % len(orgs)]
        brand = services.brand_apply(
            actor=staff,
            organization=org,
            year=year,
            name=name,
            slogan=slogan,
            work_tie=WORK_TIE,
        )
        if i == 0:
            services.brand_review(
                actor=staff, brand=brand, year=year, status=BrandStatus.RECOGNISED, note="新认定"
            )
    return len(BRANDS), sum(1 for d in decisions.values() if d == services.KEEP) + 1, 2


def _volunteers(accounts, year: int, today: date, rng: random.Random) -> tuple[int, int]:
    orgs = accounts.orgs
    founded = date(year - 1, 3, 5)
    corps = VolunteerTeam.objects.create(
        name="市直机关党员志愿服务总队", tier=TeamTier.CORPS, organization=orgs.root, founded_on=founded
    )
    tops = [o for o in orgs.grassroots if o.depth == orgs.root.depth + 1][:10]
    teams: list[VolunteerTeam] = []
    for top in tops:
        short = top.short_name or top.name
        detachment = VolunteerTeam.objects.create(
            name=f"{short}党员志愿服务支队",
            tier=TeamTier.DETACHMENT,
            parent=corps,
            organization=top,
            founded_on=founded,
        )
        teams.append(detachment)
        children = [o for o in orgs.grassroots if o.depth == top.depth + 1 and o.path.startswith(top.path)][
            :2
        ]
        for child in children:
            teams.append(
                VolunteerTeam.objects.create(
                    name=f"{child.short_name or child.name}志愿服务分队",
                    tier=TeamTier.SQUAD,
                    parent=detachment,
                    organization=child,
                    founded_on=founded,
                )
            )
    memberships, rosters = [], {}
    for team in teams:
        people = [m for m in accounts.members.get(team.organization_id, [])][:12]
        if team.tier == TeamTier.DETACHMENT and not people:
            continue
        rosters[team.pk] = people
        memberships += [VolunteerTeamMember(team=team, member=m, joined_on=founded) for m in people]
        if people:
            team.leader = people[0]
            team.save(update_fields=["leader"])
    VolunteerTeamMember.objects.bulk_create(memberships)
    active = [t for t in teams if rosters.get(t.pk)]
    activities, hours = [], []
    start = date(year, 1, 1)
    for n in range(60 if active else 0):
        team = active[n % len(active)]
        activities.append(
            VolunteerActivity(
                team=team,
                held_on=_day(rng, start, today),
                title=ACTIVITIES[n % len(ACTIVITIES)],
                place="结对社区",
                content="组织党员志愿者开展服务，现场登记服务时长。",
            )
        )
    VolunteerActivity.objects.bulk_create(activities)
    for activity in activities:
        people = rosters[activity.team_id]
        for member in rng.sample(people, min(len(people), rng.randint(3, 8))):
            hours.append(
                VolunteerHours(
                    activity=activity, member=member, hours=Decimal(rng.choice([1, 1.5, 2, 2.5, 3, 4]))
                )
            )
    VolunteerHours.objects.bulk_create(hours)
    return len(teams) + 1, len(activities)


def _trainings(accounts, year: int, today: date, rng: random.Random) -> int:
    rows = []
    start = date(year, 1, 1)
    branches = accounts.orgs.grassroots[:10]
    for n in range(20 - len(branches)):  # 20 sessions in all: the committee's and the branches' own
        kind, title = TRAININGS[n % len(TRAININGS)]
        day = _day(rng, start, today)
        rows.append(
            Training(
                kind=kind,
                title=f"{title}（第{n // len(TRAININGS) + 1}期）",
                starts_on=day,
                ends_on=day + timedelta(days=2)
                if kind == TrainingKind.CLASS and day + timedelta(2) <= today
                else None,
                place="市委党校" if kind == TrainingKind.CLASS else "工委会议室",
                attendance=rng.randint(40, 300),
            )
        )
    Training.objects.bulk_create(rows)
    own = []
    for org in branches:
        people = accounts.members.get(org.pk, [])
        training = Training.objects.create(
            kind=TrainingKind.OTHER,
            title="支部集中学习",
            organization=org,
            starts_on=_day(rng, start, today),
            place="党员活动室",
            attendance=len(people),
        )
        own.append((training, people))
    Through = Training.attendees.through
    Through.objects.bulk_create(
        [Through(training_id=t.pk, member_id=m.pk) for t, people in own for m in people]
    )
    return len(rows) + len(own)


def _info(accounts, year: int, today: date, rng: random.Random) -> tuple[int, int]:
    rows = []
    start = date(year, 1, 1)
    channels = list(InfoChannel)
    orgs = accounts.orgs.grassroots
    for n in range(80):
        org = orgs[n % len(orgs)]
        channel = channels[rng.choice([0, 0, 0, 1, 2, 3])]
        sent = _day(rng, start, today)
        adopted = rng.random() < 0.35 and sent + timedelta(days=3) <= today
        rows.append(
            InfoPiece(
                organization=org,
                title=f"{org.short_name or org.name}{INFO_TITLES[n % len(INFO_TITLES)]}",
                sent_on=sent,
                channel=channel,
                adopted=adopted,
                adopted_by=rng.choice(ADOPTED_BY[channel]) if adopted else "",
                adopted_on=sent + timedelta(days=rng.randint(1, 3)) if adopted else None,
            )
        )
    InfoPiece.objects.bulk_create(rows)
    return len(rows), sum(1 for r in rows if r.adopted)


def seed_brands(accounts, *, year: int, today: date) -> str:
    rng = random.Random(f"brands-{year}")
    staff = accounts.users.staff
    brands, recognised, exited = _brands(accounts, year, staff)
    teams, activities = _volunteers(accounts, year, today, rng)
    trainings = _trainings(accounts, year, today, rng)
    pieces, adopted = _info(accounts, year, today, rng)
    return (
        f"{year}年一支部一品牌：品牌 {brands} 个（本年认定 {recognised} 个、复核退出 {exited} 个）；"
        f"志愿服务队 {teams} 支、活动 {activities} 次；学习培训 {trainings} 期；"
        f"报送信息 {pieces} 篇（采用 {adopted} 篇）。"
    )


__all__ = ["seed_brands"]
