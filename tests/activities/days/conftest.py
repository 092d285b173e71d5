"""Fixtures of the 党员服务日 tests: org A's roster and a 2025 ledger whose tasks name activity kinds."""

from __future__ import annotations

from datetime import date

import pytest

from activities.models import AttendanceStatus
from activities.services.days import service_day_create
from ledger import services as ledger
from ledger.models import ActivityKind, Recurrence
from tests.factories import MemberFactory

YEAR = 2025
DAY = date(YEAR, 3, 5)


@pytest.fixture
def roster_a(org_a):
    return [MemberFactory(organization=org_a, name=name) for name in ("张伟", "李娜", "王强", "刘洋")]


@pytest.fixture
def roster_b(org_b):
    return [MemberFactory(organization=org_b, name=name) for name in ("陈静", "杨帆")]


@pytest.fixture
def plan(committee_staff, org_a, org_b):
    """Monthly 服务日 task (kind service_day), a quarterly 主题党日 summary (service_day too), a monthly task
    of another kind (forum) and one naming no kind; each owed by orgs A and B."""
    plan = ledger.plan_create(year=YEAR, title="2025年台账", by=committee_staff)
    item = ledger.item_create(plan=plan, title="基层组织建设", seq=1, by=committee_staff)
    tasks = {}
    for key, title, recurrence, kind in (
        ("monthly", "每月至少集中一天开展党员服务日活动", Recurrence.MONTHLY, ActivityKind.SERVICE_DAY),
        ("quarterly", "每季度开展主题党日", Recurrence.QUARTERLY, ActivityKind.SERVICE_DAY),
        ("forum", "每月开展主题讲坛", Recurrence.MONTHLY, ActivityKind.FORUM),
        ("plain", "每月报送党建信息", Recurrence.MONTHLY, ""),
    ):
        tasks[key] = ledger.task_create(
            item=item,
            title=title,
            by=committee_staff,
            recurrence=recurrence,
            responsible_orgs=[org_a, org_b],
            activity_kind=kind,
        )
    return tasks


def present_all(members) -> dict[int, str]:
    return {m.pk: AttendanceStatus.PRESENT for m in members}


@pytest.fixture
def day_a(secretary_a, org_a, roster_a):
    attendance = present_all(roster_a)
    attendance[roster_a[3].pk] = AttendanceStatus.ON_LEAVE
    return service_day_create(
        actor=secretary_a,
        organization=org_a,
        held_on=DAY,
        theme="volunteer",
        place="红枫湖镇右七村",
        content="政策宣讲、收集群众诉求",
        attendance=attendance,
    )
