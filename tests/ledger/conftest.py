"""Shared ledger fixtures: a 2020 plan with one task of each recurrence, owed by org A and org B.

Other ledger test modules (views, imports, assessments) build on these; change them with care.
Every task is created through ledger.services, so assignments exist exactly as in production.
"""

from datetime import date

import pytest

from ledger import services
from ledger.models import Assignment, Recurrence

LEDGER_YEAR = 2020
# A "today" inside the ledger year: March assignments are due this month, Jan/Feb are overdue.
LEDGER_TODAY = date(2020, 3, 10)


@pytest.fixture
def ledger_today():
    return LEDGER_TODAY


@pytest.fixture
def ledger_plan(committee_staff):
    return services.plan_create(year=LEDGER_YEAR, title="2020年机关党建工作台账", by=committee_staff)


@pytest.fixture
def ledger_item(ledger_plan, committee_staff):
    return services.item_create(plan=ledger_plan, title="基层组织建设", seq=1, by=committee_staff)


@pytest.fixture
def ledger_item_2(ledger_plan, committee_staff):
    return services.item_create(plan=ledger_plan, title="党员教育管理", seq=2, by=committee_staff)


def _task(item, by, title, recurrence, orgs, **fields):
    return services.task_create(
        item=item, title=title, by=by, recurrence=recurrence, responsible_orgs=orgs, **fields
    )


@pytest.fixture
def task_once(ledger_item, committee_staff, org_a, org_b):
    """One-off, deadline 2020-06-30 → one assignment per org, period 2020-Y."""
    return _task(
        ledger_item,
        committee_staff,
        "完成支部换届选举",
        Recurrence.NONE,
        [org_a, org_b],
        deadline=date(2020, 6, 30),
        standard="按期完成换届，材料齐全",
        evidence_expected="选举结果报告",
    )


@pytest.fixture
def task_monthly(ledger_item, committee_staff, org_a, org_b):
    """Monthly → 12 assignments per org (2020-M01 … 2020-M12)."""
    return _task(ledger_item, committee_staff, "开展主题党日活动", Recurrence.MONTHLY, [org_a, org_b])


@pytest.fixture
def task_quarterly(ledger_item_2, committee_staff, org_a, org_b):
    """Quarterly → 4 assignments per org."""
    return _task(ledger_item_2, committee_staff, "讲授专题党课", Recurrence.QUARTERLY, [org_a, org_b])


@pytest.fixture
def task_half_yearly(ledger_item_2, committee_staff, org_a, org_b):
    """Half-yearly → 2 assignments per org."""
    return _task(ledger_item_2, committee_staff, "开展党员测评", Recurrence.HALF_YEARLY, [org_a, org_b])


@pytest.fixture
def task_yearly(ledger_item_2, committee_staff, org_a, org_b):
    """Yearly → 1 assignment per org, due 2020-12-31."""
    return _task(ledger_item_2, committee_staff, "书记述职评议", Recurrence.YEARLY, [org_a, org_b])


@pytest.fixture
def ledger_tasks(task_once, task_monthly, task_quarterly, task_half_yearly, task_yearly):
    """All five tasks, keyed by recurrence."""
    return {
        Recurrence.NONE: task_once,
        Recurrence.MONTHLY: task_monthly,
        Recurrence.QUARTERLY: task_quarterly,
        Recurrence.HALF_YEARLY: task_half_yearly,
        Recurrence.YEARLY: task_yearly,
    }


@pytest.fixture
def assignment_a(task_monthly, org_a):
    """Org A's March assignment of the monthly task (due 2020-03-31)."""
    return Assignment.objects.get(task=task_monthly, organization=org_a, period="2020-M03")


@pytest.fixture
def assignment_b(task_monthly, org_b):
    """Org B's March assignment of the monthly task."""
    return Assignment.objects.get(task=task_monthly, organization=org_b, period="2020-M03")


@pytest.fixture
def record_a(assignment_a, secretary_a):
    """A submitted (not yet reviewed) record of org A for its March assignment."""
    return services.record_submit(
        assignment=assignment_a,
        user=secretary_a,
        content="3月5日开展主题党日活动，学习党章。",
        done_on=date(2020, 3, 5),
        participants=12,
    )


@pytest.fixture
def record_b(assignment_b, secretary_b):
    """A submitted record of org B for its March assignment."""
    return services.record_submit(
        assignment=assignment_b,
        user=secretary_b,
        content="3月6日开展主题党日活动。",
        done_on=date(2020, 3, 6),
        participants=8,
    )


def queries_of(request):
    """Run `request()` (a page or API call), check it was served (200), return (response, queries).

    For n-vs-10n comparisons: a 302 to the login page or a 500 runs few queries and must not pass.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = request()
    assert response.status_code == 200, f"expected 200, got {response.status_code}"
    return response, len(captured)


@pytest.fixture
def orgs(org_a, org_b, organ_committee):
    """Org A (市税务局), org B (市财政局) and an organ committee under the root."""
    return {"a": org_a, "b": org_b, "committee": organ_committee}
