"""Records for the demo year: back-dated ones for what is past due, real submissions for what is running.

Past records are back-dated, which the services cannot do (they stamp "now"), so they are bulk-created
with their history rows, exactly as record_submit and record_review would leave them, and the summary
table is rebuilt after them. Reports for periods still running go through record_submit and, partly,
records_review_bulk.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts.models import Organization, OrgKind, User
from partybuild.periods import quarter_of
from partybuild.text import quoted

from .. import services
from ..models import Assignment, Plan, Record, RecordState, Recurrence

if TYPE_CHECKING:
    from accounts.demo import DemoAccounts

RETURN_REASONS = (
    "佐证材料不全，请补充活动照片和签到表后重新提交。",
    "完成情况过于简单，请写明时间、地点、参加人数和主要内容。",
    "上传的材料与本任务不符，请核对后重新提交。",
    "参加人数与签到表不一致，请核实后重新提交。",
)
# Where an activity happens depends on its kind: service out in the linked village, meetings indoors.
OUTDOOR = ("党员服务日", "志愿服务", "帮扶")
INDOOR = ("主题党日", "讲坛", "警示教育", "三会一课", "党课", "中心组", "学习", "组织生活会", "述职", "测评")
PLACES_OUT = ("联系村（社区）", "红枫湖镇右七村", "新店镇新店社区", "百花社区", "站街镇")
PLACES_IN = ("党员活动室", "单位会议室", "机关大楼三楼会议室")
DETAILS_OUT = (
    "收集群众意见建议{k}条，已逐条登记交办。",
    "为群众解答政策咨询{k}人次，调解矛盾纠纷{j}件。",
    "走访结对户{k}户，帮助解决实际困难{j}件。",
)
DETAILS_IN = (
    "党员结合岗位实际交流了学习体会。",
    "支部书记作总结讲话，对下一步工作提出要求。",
    "会后开展了党员承诺践诺。",
    "{k}名党员作交流发言。",
)


def _tz_moment(day: date, rng: random.Random) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(rng.randint(8, 17), rng.randint(0, 59))))


def _writers(accounts: DemoAccounts) -> dict[int, User]:
    """Who submits for an org: its secretary; the committee's own offices report through staff."""
    # DemoUsers.secretaries is in the order of the grassroots orgs they lead.
    writers = dict(zip((org.pk for org in accounts.orgs.grassroots), accounts.users.secretaries, strict=True))
    for office in accounts.orgs.offices:
        writers[office.pk] = accounts.users.staff
    return writers


def _activity(assignment: Assignment) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """Places and details for an activity-type task; None for paperwork (plans, fees, summaries)."""
    title = assignment.task.title
    if assignment.organization.kind == OrgKind.COMMITTEE_OFFICE:
        return None
    if any(word in title for word in OUTDOOR):
        return PLACES_OUT, DETAILS_OUT
    if any(word in title for word in INDOOR):
        return PLACES_IN, DETAILS_IN
    return None


def _content(assignment: Assignment, done_on: date, rng: random.Random, size: int) -> tuple[str, int | None]:
    """What a secretary would write, and how many took part (None for paperwork)."""
    day = f"{done_on.month}月{done_on.day}日"
    activity = _activity(assignment)
    if activity is None:
        standard = assignment.task.standard.rstrip("。")
        return (
            f"{day}，{assignment.organization}完成{quoted(assignment.task.title)}：{standard}。材料已归档。",
            None,
        )
    places, details = activity
    people = max(1, round(size * rng.uniform(0.7, 1.0)))
    detail = rng.choice(details).format(k=rng.randint(2, 12), j=rng.randint(1, 4))
    place = rng.choice(places)
    text = f"{day}，{assignment.organization}在{place}开展{quoted(assignment.task.title)}，{people}人参加。"
    return text + detail, people


def _roster_sizes(accounts: DemoAccounts) -> dict[int, int]:
    sizes = {org_id: len(roster) for org_id, roster in accounts.members.items()}
    for org in accounts.orgs.grassroots:
        if org.pk not in sizes:
            sizes[org.pk] = sum(n for o, n in sizes.items() if o in _subtree_ids(accounts, org))
    return sizes


def _subtree_ids(accounts: DemoAccounts, org: Organization) -> set[int]:
    return {o.pk for o in accounts.orgs.grassroots if o.path.startswith(org.path)}


def past_records(
    plan: Plan, accounts: DemoAccounts, today: date, closed: set[str], rng: random.Random
) -> int:
    """Back-dated records for assignments already due: mostly accepted, some waiting, returned or missing."""
    writers, sizes = _writers(accounts), _roster_sizes(accounts)
    first_org = accounts.orgs.grassroots[0].pk
    # Some orgs lag behind; they are the ones the reminder talks (提醒约谈) are for.
    diligence = {org_id: rng.uniform(0.7, 1.0) for org_id in writers}
    diligence[first_org] = 0.95
    now = timezone.now()
    records = []
    due = Assignment.objects.filter(task__item__plan=plan, due_date__lt=today).select_related(
        "task", "organization"
    )
    for a in due.order_by("due_date", "pk"):
        is_closed = quarter_of(a.due_date).code in closed
        roll = rng.random()
        if roll < 0.02 + (1 - diligence[a.organization_id]) * 0.45:
            continue  # overdue, nothing submitted
        late = rng.random() < 0.12
        if late:
            submitted_day = min(a.due_date + timedelta(days=rng.randint(1, 25)), today - timedelta(days=1))
            done_on = a.due_date + timedelta(days=rng.randint(0, max((submitted_day - a.due_date).days, 0)))
        else:
            # One-off tasks are done in the weeks before their deadline, not any day of the year.
            lead = 40 if a.task.recurrence == Recurrence.NONE else 366
            start = max(a.period_start, a.due_date - timedelta(days=lead))
            done_on = start + timedelta(days=rng.randint(0, (a.due_date - start).days))
            submitted_day = min(done_on + timedelta(days=rng.randint(0, 4)), a.due_date)
        submitted_at = _tz_moment(submitted_day, rng)
        reviewed_at = min(submitted_at + timedelta(days=rng.randint(1, 8), hours=rng.randint(0, 6)), now)
        state_roll = rng.random()
        if is_closed:
            state = RecordState.RETURNED if state_roll < 0.015 else RecordState.ACCEPTED
        elif a.due_date >= today - timedelta(days=10):
            state = RecordState.SUBMITTED if state_roll < 0.6 else RecordState.ACCEPTED
        else:
            state = (
                RecordState.SUBMITTED
                if state_roll < 0.1
                else RecordState.RETURNED
                if state_roll < 0.18
                else RecordState.ACCEPTED
            )
        content, people = _content(a, done_on, rng, sizes.get(a.organization_id, 8))
        reviewed = state != RecordState.SUBMITTED
        records.append(
            Record(
                assignment=a,
                content=content,
                done_on=done_on,
                participants=people,
                state=state,
                submitted_by=writers[a.organization_id],
                submitted_at=submitted_at,
                first_submitted_at=submitted_at,
                review_comment=rng.choice(RETURN_REASONS) if state == RecordState.RETURNED else "",
                reviewed_by=accounts.users.staff if reviewed else None,
                reviewed_at=reviewed_at if reviewed else None,
            )
        )
        records[-1].clean_fields(exclude=["assignment", "submitted_by", "reviewed_by"])
    bulk_create_with_history(records, Record, batch_size=500, default_change_reason="演示数据")
    # Written around the services: the summary table is rebuilt from what is now there.
    services.rollup_rebuild()
    return len(records)


def current_records(plan: Plan, accounts: DemoAccounts, today: date, rng: random.Random) -> int:
    """Early reports for periods still running go through the real services, stamped now."""
    writers, sizes = _writers(accounts), _roster_sizes(accounts)
    current = Assignment.objects.filter(
        task__item__plan=plan, period_start__lte=today, due_date__gte=today
    ).select_related("task", "organization")
    submitted = []
    for a in current.order_by("pk"):
        # A one-off task is reported near its deadline; a recurring one any time in its period.
        far_off = a.task.recurrence == Recurrence.NONE and a.due_date > today + timedelta(days=30)
        if far_off or rng.random() > 0.35:
            continue
        start = max(a.period_start, today - timedelta(days=60))
        done_on = start + timedelta(days=rng.randint(0, (today - start).days))
        content, people = _content(a, done_on, rng, sizes.get(a.organization_id, 8))
        record = services.record_submit(
            assignment=a,
            user=writers[a.organization_id],
            content=content,
            done_on=done_on,
            participants=people,
        )
        submitted.append(record.pk)
    rolls = {pk: rng.random() for pk in submitted}
    accepted = [pk for pk, roll in rolls.items() if roll < 0.3]
    waiting = [pk for pk, roll in rolls.items() if roll >= 0.3]
    # A few (at least one) returned while their period still runs: the 被退回 card has something to show.
    returned = [pk for pk in waiting if rolls[pk] > 0.92] or waiting[-1:]
    if accepted:
        services.records_review_bulk(record_ids=accepted, user=accounts.users.staff, accept=True)
    if returned:
        # Returned while their period still runs: secretaries find them under 被退回 on their home page.
        services.records_review_bulk(
            record_ids=returned, user=accounts.users.staff, accept=False, comment=RETURN_REASONS[0]
        )
    return len(submitted)
