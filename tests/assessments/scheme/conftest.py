"""Fixtures of the scheme tests: a tiny committee with records built straight through the ORM, and
fake carrier and points sources in the registry (assessments.scheme.registry)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from accounts.models import OrgKind
from assessments.scheme import registry
from tests.factories import make_org, make_root

TZ = ZoneInfo("Asia/Shanghai")
YEAR = 2025


@pytest.fixture
def fake_sources(monkeypatch):
    """Carrier ratios and points by org id; tests fill the dicts."""
    data = {"service_days": {}, "forums": {}, "meetings": {}, "points": {}}
    for key in ("service_days", "forums", "meetings"):
        monkeypatch.setitem(
            registry.CARRIER_SOURCES, key, lambda year, start, end, ids, key=key: dict(data[key])
        )
    # The fake hands out the index itself: the run's best is not needed (and not asked: None).
    monkeypatch.setattr(registry, "POINTS_SOURCE", lambda year, period, ids, best=None: dict(data["points"]))
    monkeypatch.setattr(registry, "POINTS_BEST_SOURCE", "tests.no_such_module.best")
    return data


@pytest.fixture
def three_orgs(db):
    root = make_root()
    return [
        make_org(root, f"中共示例{name}支部委员会", kind=OrgKind.BRANCH, short_name=f"{name}支部")
        for name in "XYZ"
    ]


class Ledger:
    """A 2025 plan with tasks of given weights; `owe(org, task, due, state, submitted_on)`."""

    def __init__(self, user):
        from ledger.models import Item, Plan

        self.user = user
        plan = Plan.objects.create(year=YEAR, title="2025年台账")
        self.item = Item.objects.create(plan=plan, title="基层组织建设")
        self.tasks = []

    def task(self, weight) -> object:
        from ledger.models import Task

        task = Task.objects.create(item=self.item, title=f"任务{len(self.tasks) + 1}", weight=Decimal(weight))
        self.tasks.append(task)
        return task

    def owe(self, org, task, due: date, state: str | None = None, submitted_on: date | None = None):
        from ledger.models import Assignment, Record

        assignment = Assignment.objects.create(
            task=task,
            organization=org,
            period=f"{due.year}-M{due.month:02d}",
            period_start=due.replace(day=1),
            due_date=due,
        )
        if state:
            at = datetime.combine(submitted_on, datetime.min.time().replace(hour=10), tzinfo=TZ)
            Record.objects.create(
                assignment=assignment,
                content="已完成",
                done_on=submitted_on,
                state=state,
                submitted_by=self.user,
                submitted_at=at,
                first_submitted_at=at,
            )
        return assignment


@pytest.fixture
def ledger_builder(committee_staff):
    return Ledger(committee_staff)
