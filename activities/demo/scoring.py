"""The demo year's 述职评议: a closed 向工委述职 session (six secretaries, six reviewers, scores, ranks and
grades) and an open 半年测评 with seat codes ready to print. Deterministic: the same data every run."""

from __future__ import annotations

import random
from datetime import date

from django.contrib.auth.hashers import make_password

from accounts.demo import DEMO_PASSWORD
from accounts.identity.services import demo_accounts_mark
from accounts.models import Role, RoleAssignment, SecretaryRole, SecretaryTerm, User

from .. import services
from ..models import DebriefKind, ScoringTemplate

REPORT = (
    "一、履行党建第一责任人职责情况：年初召开支委会研究部署全年党建工作，签订党建目标责任书，"
    "坚持“三会一课”制度，全年讲党课 4 次。\n"
    "二、主要成效：落实主题党日和党员服务日，开展志愿服务 12 次；服务监督岗全部挂牌上岗。\n"
    "三、存在问题：党建与业务融合还不够紧密，个别党员参加组织生活不够积极。\n"
    "四、下一步打算：围绕中心工作打造支部品牌，加强党员日常教育管理，按期完成整改事项。"
)
COMMENTS = [
    "责任落实到位，“三会一课”规范，党建品牌有特色。",
    "工作扎实，台账完整，建议进一步加强党员教育管理。",
    "能够履职尽责，但党建与业务融合不够，需加强。",
    "组织生活较规范，问题整改要加快进度。",
    "基础工作较好，服务群众的载体要更丰富。",
    "整改措施不够具体，下一步要压实责任。",
]
JUDGES = [("pw01", "评委·王建国"), ("pw02", "评委·刘晓梅"), ("pw03", "评委·陈立新"), ("pw04", "评委·杨春燕")]


def _judges() -> list[User]:
    password = make_password(DEMO_PASSWORD)
    judges = [
        User.objects.create(username=name, display_name=label, password=password) for name, label in JUDGES
    ]
    RoleAssignment.objects.bulk_create(RoleAssignment(user=user, role=Role.REVIEWER) for user in judges)
    demo_accounts_mark(judges)
    return judges


def seed_debriefs(accounts, *, year: int, today: date) -> str:
    staff = accounts.users.staff
    template = ScoringTemplate.objects.filter(is_active=True).order_by("pk").first()
    held_on = min(date(year, 12, 20), today)
    session = services.debrief_session_create(
        actor=staff,
        year=year,
        held_on=held_on,
        kind=DebriefKind.TO_COMMITTEE,
        title=f"{year}年度党组织书记抓党建工作述职评议会",
        template=template,
        venue="市直机关工委三楼会议室",
    )
    orgs = accounts.orgs.grassroots[:6]
    terms = {
        t.organization_id: t
        for t in SecretaryTerm.objects.filter(
            organization__in=orgs, role=SecretaryRole.SECRETARY, ended_on__isnull=True
        )
    }
    debriefs = []
    for index, org in enumerate(orgs):
        term = terms.get(org.pk)
        debriefs.append(
            services.debrief_add(
                actor=staff,
                session=session,
                organization=org,
                person_name=term.person_name if term else f"书记{index + 1}",
                term=term,
                report_text=REPORT,
                head_comment=COMMENTS[index],
            )
        )
    reviewer = User.objects.get(username="reviewer")
    raters = [staff, reviewer, *_judges()]
    services.scoring_reviewers_invite(actor=staff, round=session.round, users=raters)
    rng = random.Random(year)
    for index, debrief in enumerate(debriefs):
        level = 10 - index // 2  # stronger first, with spread between the raters
        for rater in raters:
            points = {
                str(c["id"]): max(0, min(c["max_points"], level - rng.randint(0, 3)))
                for c in session.round.criteria
            }
            services.score_submit(round=session.round, subject=debrief.subject, points=points, actor=rater)
    services.round_close(actor=staff, round=session.round)

    midyear = services.debrief_session_create(
        actor=staff,
        year=year,
        held_on=min(date(year, 6, 28), today),
        kind=DebriefKind.MIDYEAR,
        title=f"{year}年上半年支部工作党员代表测评",
        template=template,
    )
    for org in orgs[:3]:
        term = terms.get(org.pk)
        services.debrief_add(
            actor=staff,
            session=midyear,
            organization=org,
            person_name=term.person_name if term else org.short_name,
        )
    services.scoring_seats_issue(actor=staff, round=midyear.round, count=20)
    return (
        f"述职评议：{len(debriefs)} 位书记向工委述职（{len(raters)} 位评议人，已结束评分）；"
        "上半年测评 20 个座位码待用。"
    )
