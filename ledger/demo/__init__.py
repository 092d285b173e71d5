"""The demo year's ledger: the plan through ledger.services, then records, closed quarters, reminders.

Plan, items and tasks go through ledger.services (which also generate the assignments); records are
built in ledger.demo.records; past quarters are closed with period_close; the overdue job runs last,
so secretaries find their reminders waiting.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db import transaction

from accounts.models import Organization
from partybuild.periods import QUARTER, periods_of_year

from .. import services
from ..models import Assignment
from .plan import PLAN
from .records import current_records, past_records

if TYPE_CHECKING:
    from accounts.demo import DemoAccounts


@dataclass
class DemoLedger:
    """Counts for the command's summary."""

    items: int = 0
    tasks: int = 0
    assignments: int = 0
    records: int = 0
    closed: list[str] = field(default_factory=list)


@transaction.atomic
def seed_ledger(
    *, accounts: DemoAccounts, year: int, today: date, small: bool = False, seed: int = 7
) -> DemoLedger:
    """Build the plan, then the records of everything due before `today`, then close past quarters."""
    rng = random.Random(seed)
    staff = accounts.users.staff
    by_short = {o.short_name: o for o in Organization.objects.all()}
    result = DemoLedger()
    plan = services.plan_create(
        year=year,
        title=f"{year}年度市直机关党建工作台账",
        description="平时记帐、季度小结、年度汇总、年终总评。各基层党组织按月提交完成情况和佐证材料。",
        by=staff,
    )
    for item_title, tasks in PLAN:
        tasks = [t for t in tasks if t.small] if small else tasks
        if not tasks:
            continue
        item = services.item_create(plan=plan, title=item_title, by=staff)
        result.items += 1
        for spec in tasks:
            groups = [p for p in spec.to if p.startswith("各")]
            orgs = [by_short[p] for p in spec.to if not p.startswith("各") and p in by_short]
            services.task_create(
                item=item,
                title=spec.title,
                by=staff,
                standard=spec.standard,
                deadline=date(year, *spec.deadline) if spec.deadline else None,
                deadline_text=spec.deadline_text,
                recurrence=spec.recurrence,
                weight=spec.weight,
                evidence_expected=spec.evidence,
                level=spec.level,
                responsible_text="、".join(spec.to),
                responsible_orgs=orgs,
                responsible_groups=groups,
            )
            result.tasks += 1
    result.assignments = Assignment.objects.filter(task__item__plan=plan).count()
    closed = [q for q in periods_of_year(year, QUARTER) if q.end + timedelta(days=92) < today]
    result.records = past_records(plan, accounts, today, {q.code for q in closed}, rng)
    result.records += current_records(plan, accounts, today, rng)
    for quarter in closed:
        services.period_close(period=quarter.code, user=staff)
        result.closed.append(quarter.code)
    services.overdue_mark_and_notify(today=today)
    return result
