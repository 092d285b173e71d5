"""The demo year's 主题讲坛 and selections: forums of most orgs each quarter so far (some joint, some
quarters missed), the committee's half-year forum-speaker selection (36 nominated → 10 selected →
6 awarded, scored on site with the shared live scoring) and a 双十佳 selection with its two categories.
Deterministic: the same data every run. Forums are bulk-created (thousands of rows, no rule to check)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from accounts.models import Member, Organization, User

from ..models import Candidate, CandidateStage, Forum, ForumOrg, RaterKind, ScoringTemplate
from ..services import scoring as scoring_services
from ..services import selections as selection_services

TOPICS = [
    "我是党员，我在岗位上践行初心",
    "学习新思想，争做新时代合格党员",
    "立足本职作表率，服务群众当先锋",
    "从“小窗口”看“大作风”",
    "弘扬红船精神，走好新时代长征路",
    "党员身份亮出来，服务质量提上去",
    "学党史、悟思想、办实事",
    "以钉钉子精神抓好工作落实",
    "讲好身边的党员故事",
    "廉洁从政，从我做起",
]
VENUES = ["单位党员活动室", "三楼会议室", "联系社区党群服务中心", "新时代文明实践站"]


def _roll(org: Organization, members: dict[int, list[Member]], orgs: list[Organization]) -> list[Member]:
    people: list[Member] = []
    for other in orgs:
        if other.path.startswith(org.path):
            people.extend(members.get(other.pk, []))
    return people


def seed_forums(accounts, *, year: int, today: date) -> str:
    rng = random.Random(year * 7 + 3)
    staff = accounts.users.staff
    orgs = list(accounts.orgs.grassroots)
    everyone = list(Organization.objects.filter(pk__in=[o.pk for o in orgs]).order_by("path"))
    rolls = {org.pk: _roll(org, accounts.members, everyone) for org in everyone}
    plans = []  # (forum, [orgs], speakers, attendees)
    quarters = [q for q in range(1, 5) if date(year, 3 * q - 2, 1) <= today]
    for q in quarters:
        start = date(year, 3 * q - 2, 1)
        last = min(date(year, 3 * q, 28), today)
        pool = [o for o in everyone if rolls[o.pk]]
        rng.shuffle(pool)
        # About one org in ten misses a quarter (highlighted in the grid); about one in six holds jointly.
        holding = pool[: int(len(pool) * 0.9)]
        while holding:
            host = holding.pop()
            group = [host]
            if holding and rng.random() < 0.17:
                group.append(holding.pop())
            roll = [m for o in group for m in rolls[o.pk]]
            speakers = rng.sample(roll, k=min(len(roll), rng.choice([1, 1, 2])))
            attendees = rng.sample(roll, k=min(len(roll), rng.randint(8, 30)))
            held_on = start + timedelta(days=rng.randint(0, max(0, (last - start).days)))
            forum = Forum(
                organization=host,
                held_on=held_on,
                topic=f"{rng.choice(TOPICS)}（{host.short_name or host.name}）",
                speaker_names="、".join(m.name for m in speakers),
                attendance=len(attendees) + rng.randint(0, 12),
                venue=rng.choice(VENUES),
                content="主讲人结合本职工作讲述入党初心和岗位实践，与会党员交流发言。",
                created_by=staff,
            )
            plans.append((forum, group, speakers, attendees))
    Forum.objects.bulk_create([p[0] for p in plans])
    ForumOrg.objects.bulk_create(
        [ForumOrg(forum=f, organization=o) for f, group, _s, _a in plans for o in group]
    )
    Forum.speakers.through.objects.bulk_create(
        [
            Forum.speakers.through(forum_id=f.pk, member_id=m.pk)
            for f, _g, speakers, _a in plans
            for m in speakers
        ]
    )
    Forum.attendees.through.objects.bulk_create(
        [
            Forum.attendees.through(forum_id=f.pk, member_id=m.pk)
            for f, _g, _s, people in plans
            for m in people
        ]
    )
    joint = sum(1 for _f, group, _s, _a in plans if len(group) > 1)
    line = f"主题讲坛：{len(plans)} 场（联合举办 {joint} 场），{len(quarters)} 个季度。"
    return (
        line
        + "\n"
        + _seed_selections(accounts, everyone, rolls, staff=staff, year=year, today=today, rng=rng)
    )


def _people(everyone, rolls, rng, count: int) -> list[tuple[Organization, Member]]:
    """`count` members with distinct names, spread over the orgs."""
    chosen: list[tuple[Organization, Member]] = []
    names: set[str] = set()
    orgs = [o for o in everyone if rolls[o.pk]]
    attempt = 0
    # Each attempt moves on to the next org, so an org whose few names are taken cannot hold the loop.
    while len(chosen) < count and attempt < count * 50:
        org = orgs[attempt % len(orgs)]
        attempt += 1
        member = rng.choice(rolls[org.pk])
        if member.name not in names:
            names.add(member.name)
            chosen.append((org, member))
    # The roll may hold a member moved since (the demo's transfer): nominate them where they are now.
    fresh = Member.objects.select_related("organization").in_bulk([m.pk for _o, m in chosen])
    return [(fresh[m.pk].organization, fresh[m.pk]) for _o, m in chosen]


def _seed_selections(accounts, everyone, rolls, *, staff, year: int, today: date, rng) -> str:
    template = ScoringTemplate.objects.filter(is_active=True).order_by("pk").first()
    speakers = selection_services.selection_create(
        actor=staff,
        year=year,
        name=f"{year}年上半年“我是党员”主题讲坛主讲人评选",
        nominate_from=date(year, 5, 1),
        nominate_until=date(year, 5, 31),
        description="各基层党组织推荐优秀主讲人，工委组织现场评审，择优入选上半年主题讲坛，优秀者予以表彰。",
    )
    candidates = [
        selection_services.candidate_nominate(
            actor=staff,
            selection=speakers,
            organization=org,
            name=member.name,
            member=member,
            deeds=f"讲题：{rng.choice(TOPICS)}",
        )
        for org, member in _people(everyone, rolls, rng, 36)
    ]
    reviewer = User.objects.get(username="reviewer")
    summary = f"评选：{speakers.name} 推荐 36 人"
    if template is not None:
        link = selection_services.selection_round_open(
            actor=staff, selection=speakers, template=template, rater_kind=RaterKind.REVIEWERS
        )
        scoring_services.scoring_reviewers_invite(actor=staff, round=link.round, users=[staff, reviewer])
        for subject in link.round.subjects.all():
            level = rng.randint(5, 10)
            for rater in (staff, reviewer):
                points = {
                    str(c["id"]): max(0, min(c["max_points"], level - rng.randint(0, 2)))
                    for c in link.round.criteria
                }
                scoring_services.score_submit(round=link.round, subject=subject, points=points, actor=rater)
        selection_services.selection_round_close(actor=staff, selection_round=link)
        ranked = sorted(Candidate.objects.filter(selection=speakers), key=lambda c: (-(c.score or 0), c.pk))
    else:
        ranked = candidates
    selection_services.candidates_promote(
        actor=staff, selection=speakers, candidates=ranked[:10], to_stage=CandidateStage.SELECTED
    )
    selection_services.candidates_promote(
        actor=staff, selection=speakers, candidates=ranked[:6], to_stage=CandidateStage.AWARDED
    )
    summary += "，现场评分后入选 10 人、表彰 6 人"

    # The second half year's selection, open for nominations when the demo's today falls in it.
    later = selection_services.selection_create(
        actor=staff,
        year=year,
        name=f"{year}年下半年“我是党员”主题讲坛主讲人评选",
        nominate_from=max(date(year, 7, 1), today - timedelta(days=10)),
        nominate_until=max(date(year, 11, 30), today + timedelta(days=20)),
    )
    for org, member in _people(everyone, rolls, random.Random(year + 1), 5):
        selection_services.candidate_nominate(
            actor=staff, selection=later, organization=org, name=member.name, member=member
        )

    double = selection_services.selection_create(
        actor=staff,
        year=year,
        name=f"{year}年度“双十佳”评选",
        description="评选十佳廉洁科室（窗口）和十佳服务标兵。",
    )
    sections, stars = list(double.categories.order_by("seq"))
    awarded, windows = 0, set()
    for index, org in enumerate(everyone[:14]):
        stage = CandidateStage.AWARDED if index < 10 else CandidateStage.NOMINATED
        unit = org.short_name or org.name
        window = f"{unit.removesuffix('党支部').removesuffix('机关党委')}服务窗口"
        window = window if window not in windows else f"{org.name}服务窗口"
        windows.add(window)
        selection_services.candidate_nominate(
            actor=staff,
            selection=double,
            organization=org,
            name=window,
            category=sections,
            stage=stage,
            score=None,
        )
        awarded += stage == CandidateStage.AWARDED
    for index, (org, member) in enumerate(_people(everyone, rolls, random.Random(year + 2), 14)):
        stage = (
            CandidateStage.AWARDED if index < 10 else CandidateStage.SELECTED if index < 12 else "nominated"
        )
        selection_services.candidate_nominate(
            actor=staff,
            selection=double,
            organization=org,
            name=member.name,
            member=member,
            category=stars,
            stage=stage,
        )
        awarded += stage == CandidateStage.AWARDED
    return summary + f"；{double.name} 表彰 {awarded} 个（名）；下半年主讲人评选推荐中。"
