"""党员积分 in the demo: the Tongliao 三位一体 schemes (one per member class), some 加分/扣分 by the
branch secretaries, and every member's points for the demo year's finished quarters. It runs after the
carriers' demos, so the sources find their records once those are merged (until then they count 0)."""

from __future__ import annotations

import random
from datetime import datetime, time
from decimal import Decimal

from django.utils import timezone

from accounts.models import MemberClass
from partybuild.periods import QUARTER, periods_of_year

from ..models import ManualPoint, MemberPoints
from ..services import points as services

# The four 带头 of the Tongliao cards: organisational life, serving the people, keeping the peace,
# leading the local economy — counted from the records where there are records, by hand otherwise.
SCHEMES = {
    MemberClass.NORMAL: (
        "正常参加活动党员积分方案",
        [
            ("meeting", "带头参加组织生活（三会一课）", "meeting_attendance", 2, 12),
            ("service_day", "参加党员服务日/主题党日", "service_day_attendance", 3, 9),
            ("forum", "参加“我是党员”主题讲坛", "forum_attendance", 2, 6),
            ("speech", "在主题讲坛主讲", "forum_speeches", 5, 10),
            ("pairing", "结对帮扶困难户", "pairings", 3, 3),
            ("visit", "走访结对户", "visits", 2, 8),
            ("volunteer", "志愿服务（每小时）", "volunteer_hours", Decimal("0.5"), 10),
            ("model_post", "服务监督岗评为示范岗", "model_posts", 5, 5),
            ("lead", "带头维护稳定、引领产业发展", "manual", 1, 10),
            ("discipline", "违反纪律或不履行义务（扣分）", "manual", 1, 20),
        ],
    ),
    MemberClass.ELDERLY: (
        "年老体弱党员积分方案",
        [
            ("meeting", "力所能及参加组织生活", "meeting_attendance", 3, 9),
            ("advice", "关心支部建设、建言献策", "manual", 1, 10),
            ("dues", "按时交纳党费", "manual", 1, 5),
        ],
    ),
    MemberClass.MOBILE: (
        "流动党员积分方案",
        [
            ("report", "定期向支部汇报思想和工作", "manual", 1, 10),
            ("meeting", "返乡或线上参加组织生活", "meeting_attendance", 3, 9),
            ("volunteer", "在流入地参加志愿服务（每小时）", "volunteer_hours", Decimal("0.5"), 6),
            ("example", "在流入地亮身份、作表率", "manual", 1, 10),
        ],
    ),
}

REASONS = {
    "lead": ["带头调解邻里纠纷", "带领群众发展特色种植", "防汛值守表现突出", "带头参加疫情防控志愿服务"],
    "discipline": ["无故缺席支部党员大会", "未按时交纳党费"],
    "advice": ["为支部工作提出书面建议", "向年轻党员讲述入党经历"],
    "dues": ["按时交纳党费"],
    "report": ["书面汇报流入地思想和工作情况", "电话向支部书记汇报"],
    "example": ["在务工企业亮身份作表率", "参加流入地社区志愿服务"],
}


def seed_points(accounts, *, year: int, today) -> str:
    staff = accounts.users.staff
    for member_class, (title, items) in SCHEMES.items():
        if services.scheme_current(year, member_class) is not None:
            continue
        services.scheme_create(
            actor=staff,
            year=year,
            member_class=member_class,
            title=f"{year}年{title}",
            notes="依据通辽市“三位一体”党员管理：分类积分、支部内同类排名、每季度公示。",
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
    quarters = [p for p in periods_of_year(year, QUARTER) if p.end < today]
    secretary_of = {user.organization_id: user for user in _secretaries(accounts)}
    rng = random.Random(year)
    manual: list[ManualPoint] = []
    for quarter in quarters:
        given_at = timezone.make_aware(datetime.combine(min(quarter.end, today), time(17, 0)))
        for org_id, roster in accounts.members.items():
            for member in roster:
                if rng.random() > 0.12:
                    continue
                codes = [c for c, _l, s, _p, _cap in SCHEMES[member.member_class][1] if s == "manual"]
                code = rng.choice(codes)
                sign = -1 if code == "discipline" else 1
                manual.append(
                    ManualPoint(
                        member=member,
                        organization_id=org_id,
                        period=quarter.code,
                        item_code=code,
                        points=Decimal(sign * rng.choice((1, 2, 3, 5))),
                        reason=rng.choice(REASONS[code]),
                        given_by=secretary_of.get(org_id, staff),
                        given_at=given_at,
                    )
                )
    ManualPoint.objects.bulk_create(manual, batch_size=2000)
    for quarter in quarters:
        services.points_compute(year=year, quarter=quarter.index)
    rows = MemberPoints.objects.filter(year=year).count()
    return (
        f"党员积分：三类党员积分方案 {len(SCHEMES)} 套，手动加减分 {len(manual)} 条，"
        f"已计算 {len(quarters)} 个季度共 {rows} 人次（member01 登录可看本人积分卡）"
    )


def _secretaries(accounts):
    """The secretaries' logins with the org their role covers (one query)."""
    from accounts.models import Role, RoleAssignment

    users = {u.pk: u for u in accounts.users.secretaries}
    for assignment in RoleAssignment.objects.filter(role=Role.SECRETARY, user_id__in=users):
        user = users[assignment.user_id]
        user.organization_id = assignment.organization_id
        yield user
