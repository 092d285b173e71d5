"""Fixtures for the ledger's portal pages: a fixed "today" and bulk rows (browsers: tests/conftest.py)."""

from datetime import date
from itertools import count

import pytest

from ledger import services
from ledger.models import Assignment, Item, Record, RecordState, Task


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch, ledger_today):
    """Pages, selectors and services all read timezone.localdate(): pin it inside the 2020 ledger."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: ledger_today)
    return ledger_today


@pytest.fixture
def make_rows(ledger_item, secretary_a):
    """Create `n` tasks, each with one assignment for `org` (and optionally a record), straight in the DB.

    Used only to compare query counts at 5 and 50 rows, so it skips the services on purpose (and then
    rebuilds the summary table, as anything writing around the services must).
    """

    serial = count()

    def make(n: int, org, *, due: date = date(2020, 3, 31), period: str = "2020-M03", state: str = ""):
        item = Item.objects.get(pk=ledger_item.pk)
        created = []
        for _ in range(n):
            i = next(serial)
            task = Task.objects.create(item=item, title=f"批量任务{org.pk}-{period}-{i}", seq=100 + i)
            task.responsible_orgs.add(org)
            assignment = Assignment.objects.create(
                task=task,
                organization=org,
                period=period,
                period_start=date(due.year, due.month, 1),
                due_date=due,
            )
            if state:
                Record.objects.create(
                    assignment=assignment,
                    content=f"完成情况{i}",
                    done_on=date(2020, 3, 1),
                    state=state,
                    submitted_by=secretary_a,
                    submitted_at="2020-03-02T10:00:00+08:00",
                    first_submitted_at="2020-03-02T10:00:00+08:00",
                    review_comment="请补充照片" if state == RecordState.RETURNED else "",
                )
            created.append(assignment)
        services.rollup_rebuild()  # written around the services: bring the summary table up to date
        return created

    return make


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
