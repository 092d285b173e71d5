"""党员服务日 / 主题党日 in the demo year: most branches hold one every month in their linked village or
community, a few skip some months (the compliance grid shows them red), attendance picked from each
roster (a few on leave, a few absent). The ledger's 主题党日 and 党员服务日 tasks are marked as filled by a
service day, and some branches' days of the current month filled those tasks (entered once).
Bulk-created where the services are not needed; deterministic."""

from __future__ import annotations

import random
from datetime import date

from accounts.demo import DemoAccounts
from ledger.models import ActivityKind, Task
from ledger.services.fills import fill_assignments, fill_proposals

from ..models import AttendanceStatus, ServiceDay, ServiceDayAttendance, ServiceDayTheme
from ..services.days import service_day_create

PLACES = (
    "红枫湖镇右七村",
    "卫城镇中坝村",
    "站街镇麦翁村",
    "新店镇三岔村",
    "百花社区",
    "巢凤社区",
    "红塔社区",
    "云岭社区",
)
CONTENT = {
    ServiceDayTheme.STUDY: "集中学习党的创新理论，交流学习体会，到联系村宣讲惠民政策。",
    ServiceDayTheme.DELIBERATION: "与村“两委”共同议事，梳理群众反映的问题，明确责任人和完成时限。",
    ServiceDayTheme.VOLUNTEER: "到联系社区开展环境整治、政策咨询和走访慰问，收集群众诉求。",
    ServiceDayTheme.CULTURE: "与社区群众联合开展健步走和文艺汇演，宣传移风易俗。",
    ServiceDayTheme.CUSTOM: "开展垃圾分类宣传和矛盾纠纷调解，帮助群众办实事。",
}
THEMES = list(CONTENT)
# Branch index (in the grassroots order) → months it skipped: the grid's red cells.
SKIPS = {3: {2, 7}, 5: {4}, 8: {1, 2, 3}, 11: {9}, 14: {6, 10}}
FILLED_ORGS = 6  # branches whose service day of the current month filled their ledger tasks


def _months(year: int, today: date) -> list[int]:
    if year < today.year:
        return list(range(1, 13))
    return list(range(1, today.month)) if year == today.year else []


def _mark_tasks(year: int) -> int:
    """Staff's setting, as data: the ledger's 主题党日 and 党员服务日 tasks are fulfilled by a service day."""
    return Task.objects.filter(item__plan__year=year, title__in=("主题党日", "党员服务日")).update(
        activity_kind=ActivityKind.SERVICE_DAY
    )


def seed_days(accounts: DemoAccounts, *, year: int, today: date) -> str:
    rng = random.Random(2026 + year)
    marked = _mark_tasks(year)
    orgs = [org for org in accounts.orgs.grassroots if accounts.members.get(org.pk)]
    writers = dict(zip((o.pk for o in accounts.orgs.grassroots), accounts.users.secretaries, strict=True))
    days, plan = [], []
    for index, org in enumerate(orgs):
        place = PLACES[index % len(PLACES)]
        for month in _months(year, today):
            if month in SKIPS.get(index, ()):
                continue
            theme = THEMES[(index + month) % len(THEMES)]
            days.append(
                ServiceDay(
                    organization=org,
                    held_on=date(year, month, rng.randint(3, 26)),
                    place=place,
                    theme=theme,
                    theme_text="垃圾分类宣传" if theme == ServiceDayTheme.CUSTOM else "",
                    content=CONTENT[theme],
                    created_by=writers.get(org.pk),
                )
            )
            plan.append(org.pk)
    ServiceDay.objects.bulk_create(days, batch_size=500)
    rows = []
    for day, org_id in zip(days, plan, strict=True):
        present = on_leave = 0
        for member in accounts.members[org_id]:
            roll = rng.random()
            status = (
                AttendanceStatus.PRESENT
                if roll < 0.86
                else AttendanceStatus.ON_LEAVE
                if roll < 0.95
                else AttendanceStatus.EXPECTED
            )
            present += status == AttendanceStatus.PRESENT
            on_leave += status == AttendanceStatus.ON_LEAVE
            rows.append(ServiceDayAttendance(service_day=day, member=member, status=status))
        day.expected, day.present, day.on_leave = len(accounts.members[org_id]), present, on_leave
    ServiceDay.objects.bulk_update(days, ["expected", "present", "on_leave"], batch_size=500)
    ServiceDayAttendance.objects.bulk_create(rows, batch_size=2000)
    filled = _current_month(accounts, orgs, writers, year=year, today=today)
    return (
        f"{year}年党员服务日：{len(days)} 次（{len(orgs)} 个支部，{len(SKIPS)} 个支部有月份未开展），"
        f"出勤 {len(rows)} 人次；{marked} 项台账任务对应服务日，{filled} 项由服务日一次录入填报。"
    )


def _current_month(accounts, orgs, writers, *, year: int, today: date) -> int:
    """This month's service day of the first branches whose service-day tasks of this month are still
    open, through the services, filling them (entered once)."""
    if year != today.year:
        return 0
    filled = done = 0
    for org in orgs:
        writer = writers.get(org.pk)
        if done >= FILLED_ORGS:
            break
        if writer is None or not fill_proposals(ServiceDay(organization=org, held_on=today)).exists():
            continue
        done += 1
        members = accounts.members[org.pk]
        attendance = {m.pk: AttendanceStatus.PRESENT for m in members}
        if len(members) > 3:
            attendance[members[-1].pk] = AttendanceStatus.ON_LEAVE
        day = service_day_create(
            actor=writer,
            organization=org,
            held_on=today,
            theme=ServiceDayTheme.STUDY,
            place=PLACES[0],
            content=CONTENT[ServiceDayTheme.STUDY],
            attendance=attendance,
        )
        ids = list(fill_proposals(day).values_list("pk", flat=True))
        if ids:
            filled += len(fill_assignments(actor=writer, activity=day, assignment_ids=ids))
    return filled


__all__ = ["seed_days"]
