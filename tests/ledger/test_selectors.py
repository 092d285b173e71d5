from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from accounts import authz
from accounts.models import Organization, OrgKind, Role
from ledger import selectors, services
from ledger.models import Assignment, Item, Plan, Recurrence, Status, Task
from tests.factories import UserFactory

TZ = ZoneInfo("Asia/Shanghai")
TODAY = date(2020, 3, 10)


def _status(assignment, today=TODAY):
    return Assignment.objects.with_status(today).get(pk=assignment.pk).status


def test_status_is_not_started_before_the_due_date(assignment_a):
    assert _status(assignment_a) == Status.NOT_STARTED


def test_status_is_overdue_after_the_due_date_without_a_record(assignment_a):
    assert _status(assignment_a, today=date(2020, 4, 1)) == Status.OVERDUE


def test_status_follows_the_record_through_review(record_a, committee_staff):
    assert _status(record_a.assignment, today=date(2020, 4, 1)) == Status.SUBMITTED
    services.record_review(record=record_a, user=committee_staff, accept=False, comment="请补充照片")
    assert _status(record_a.assignment) == Status.RETURNED
    services.record_update(
        record=record_a, user=record_a.submitted_by, content="已补充", done_on=date(2020, 3, 5)
    )
    services.record_review(record=record_a, user=committee_staff, accept=True)
    assert _status(record_a.assignment, today=date(2020, 4, 1)) == Status.ACCEPTED


def test_a_returned_record_past_its_due_date_is_overdue_not_returned(record_a, committee_staff):
    services.record_review(record=record_a, user=committee_staff, accept=False, comment="请补充照片")
    assert _status(record_a.assignment, today=date(2020, 3, 31)) == Status.RETURNED
    assert _status(record_a.assignment, today=date(2020, 4, 1)) == Status.OVERDUE
    assert Assignment.objects.with_status().get(pk=record_a.assignment_id).record_state == "returned"


def test_a_secretary_sees_only_their_own_orgs_assignments(ledger_tasks, secretary_a, org_a):
    orgs = set(selectors.assignments_visible_to(secretary_a).values_list("organization_id", flat=True))
    assert orgs == {org_a.pk}


def test_staff_and_reporting_see_every_assignment(ledger_tasks, committee_staff, reporting_client):
    total = Assignment.objects.count()
    assert selectors.assignments_visible_to(committee_staff).count() == total == 2 * (1 + 12 + 4 + 2 + 1)
    assert selectors.assignments_visible_to(reporting_client).count() == total


def test_an_admin_role_sees_no_ledger_data(ledger_tasks):
    sysadmin = UserFactory(username="sysadmin", role=Role.SYSTEM_ADMIN)
    assert not selectors.assignments_visible_to(sysadmin).exists()
    assert not selectors.plans_visible_to(sysadmin).exists()


def test_a_secretary_sees_only_tasks_owed_by_their_org(
    ledger_item, committee_staff, org_a, org_b, secretary_a
):
    mine = services.task_create(
        item=ledger_item, title="甲的任务", by=committee_staff, responsible_orgs=[org_a]
    )
    services.task_create(item=ledger_item, title="乙的任务", by=committee_staff, responsible_orgs=[org_b])
    assert list(selectors.tasks_visible_to(secretary_a)) == [mine]


def test_due_for_secretary_lists_this_month_and_unaccepted_overdue(
    task_monthly, task_once, secretary_a, org_a
):
    periods = list(
        selectors.assignments_due_for_secretary(secretary_a, today=TODAY).values_list("period", "status")
    )
    assert periods == [
        ("2020-M01", Status.OVERDUE),
        ("2020-M02", Status.OVERDUE),
        ("2020-M03", Status.NOT_STARTED),
    ]


def test_due_for_secretary_drops_accepted_overdue_work(task_monthly, secretary_a, org_a, committee_staff):
    jan = Assignment.objects.get(task=task_monthly, organization=org_a, period="2020-M01")
    record = services.record_submit(
        assignment=jan, user=secretary_a, content="1月活动", done_on=date(2020, 1, 20)
    )
    services.record_review(record=record, user=committee_staff, accept=True)
    periods = selectors.assignments_due_for_secretary(secretary_a, today=TODAY).values_list(
        "period", flat=True
    )
    assert list(periods) == ["2020-M02", "2020-M03"]


def test_a_secretary_sees_only_their_own_records(record_a, record_b, secretary_a):
    assert list(selectors.records_visible_to(secretary_a)) == [record_a]


def test_the_review_queue_is_for_staff_oldest_first(record_a, record_b, committee_staff, secretary_a):
    assert list(selectors.review_queue(committee_staff)) == [record_a, record_b]
    assert not selectors.review_queue(secretary_a).exists()


def test_overdue_assignments_include_returned_work_past_due(record_a, committee_staff, secretary_a):
    services.record_review(record=record_a, user=committee_staff, accept=False, comment="材料不全")
    overdue = selectors.overdue_assignments(secretary_a, today=date(2020, 4, 1))
    assert record_a.assignment in overdue
    assert set(overdue.values_list("period", flat=True)) == {"2020-M01", "2020-M02", "2020-M03"}


def _submit_on(monkeypatch, assignment, user, when: datetime):
    with monkeypatch.context() as m:
        m.setattr("django.utils.timezone.now", lambda: when)
        return services.record_submit(
            assignment=assignment, user=user, content="已完成", done_on=date(2020, 1, 1)
        )


def test_rollup_by_org_counts_each_state(
    monkeypatch, task_monthly, org_a, org_b, secretary_a, secretary_b, committee_staff
):
    jan_a = Assignment.objects.get(task=task_monthly, organization=org_a, period="2020-M01")
    feb_a = Assignment.objects.get(task=task_monthly, organization=org_a, period="2020-M02")
    # Submitted at 23:30 local time on the due day: still on time in Asia/Shanghai.
    services.record_review(
        record=_submit_on(monkeypatch, jan_a, secretary_a, datetime(2020, 1, 31, 23, 30, tzinfo=TZ)),
        user=committee_staff,
        accept=True,
    )
    _submit_on(monkeypatch, feb_a, secretary_a, datetime(2020, 3, 2, 9, 0, tzinfo=TZ))
    rows = selectors.rollup(committee_staff, year=2020, period="2020-Q1", by="org", today=TODAY)
    by_org = {r["key"]: r for r in rows}
    a = by_org[org_a.pk]
    assert a["label"] == org_a.name
    assert (a["total"], a["accepted"], a["submitted"], a["not_started"], a["overdue"]) == (3, 1, 1, 1, 0)
    assert (a["on_time"], a["late"], a["missing"], a["completion_rate"]) == (1, 1, 0, 33.3)
    b = by_org[org_b.pk]
    assert (b["total"], b["overdue"], b["missing"], b["completion_rate"]) == (3, 2, 2, 0.0)


def test_rollup_by_item_over_the_whole_year(ledger_tasks, committee_staff, ledger_item, ledger_item_2):
    rows = selectors.rollup(committee_staff, year=2020, by="item", today=TODAY)
    assert [(r["key"], r["label"], r["total"]) for r in rows] == [
        (ledger_item.pk, "基层组织建设", 2 * (1 + 12)),
        (ledger_item_2.pk, "党员教育管理", 2 * (4 + 2 + 1)),
    ]


def test_rollup_by_period_labels_periods_in_chinese(task_quarterly, committee_staff):
    rows = selectors.rollup(committee_staff, year=2020, period="2020-H1", by="period", today=TODAY)
    assert [(r["key"], r["label"], r["total"]) for r in rows] == [
        ("2020-Q1", "2020年第1季度", 2),
        ("2020-Q2", "2020年第2季度", 2),
    ]


def test_rollup_is_scoped_to_the_secretarys_orgs(ledger_tasks, secretary_a, org_a):
    rows = selectors.rollup(secretary_a, year=2020, by="org", today=TODAY)
    assert [r["key"] for r in rows] == [org_a.pk]


def test_rollup_rejects_an_unknown_grouping(committee_staff):
    with pytest.raises(ValueError):
        selectors.rollup(committee_staff, year=2020, by="unit")


def test_a_month_belongs_to_its_closed_quarter(task_monthly, org_a, committee_staff):
    services.period_close(period="2020-Q1", user=committee_staff)
    mine = Assignment.objects.filter(organization=org_a)
    assert sorted(mine.in_closed_quarter().values_list("period", flat=True)) == [
        "2020-M01",
        "2020-M02",
        "2020-M03",
    ]
    assert "2020-M04" in set(mine.in_open_quarter().values_list("period", flat=True))
    flags = dict(mine.with_closed_quarter().values_list("period", "in_closed_quarter"))
    assert (flags["2020-M03"], flags["2020-M04"]) == (True, False)
    assert selectors.closed_periods() == {"2020-Q1"}


@pytest.fixture
def big_ledger(committee_staff):
    """500 branches × 60 tasks (20 monthly, 40 one-off) = 140,000 assignments, built with bulk_create."""
    root = Organization.objects.add_root(create_kwargs={"name": "大规模测试工委", "kind": OrgKind.COMMITTEE})
    orgs = Organization.objects.bulk_create(
        Organization(
            name=f"测试支部{i}", kind=OrgKind.BRANCH, path=f"{root.path}{i:04d}", depth=2, numchild=0
        )
        for i in range(1, 501)
    )
    plan = Plan.objects.create(year=2021, title="2021年台账")
    items = Item.objects.bulk_create(Item(plan=plan, seq=i, title=f"项目{i}") for i in range(6))
    tasks = Task.objects.bulk_create(
        Task(
            item=items[i % 6],
            seq=i,
            title=f"任务{i}",
            recurrence=Recurrence.MONTHLY if i % 3 == 0 else Recurrence.NONE,
        )
        for i in range(60)
    )
    rows = []
    for task in tasks:
        periods = services.task_periods(task)
        rows.extend(
            Assignment(task=task, organization=org, period=code, period_start=start, due_date=due)
            for org in orgs
            for code, start, due in periods
        )
    Assignment.objects.bulk_create(rows, batch_size=5000)
    services.rollup_rebuild()  # written around the services: the summary table is rebuilt
    return len(rows)


def test_the_rollup_over_500_orgs_and_60_tasks_is_one_query(
    big_ledger, committee_staff, django_assert_max_num_queries
):
    assert big_ledger == 500 * (20 * 12 + 40)
    authz.grants(committee_staff)  # the user's roles, loaded once per request before any page's work
    with django_assert_max_num_queries(1):
        rows = selectors.rollup(committee_staff, year=2021, by="item", today=date(2021, 7, 1))
    assert len(rows) == 6
    assert sum(r["total"] for r in rows) == big_ledger


def test_the_rollup_by_org_for_a_secretary_is_three_queries(big_ledger, django_assert_max_num_queries):
    branch = Organization.objects.get(name="测试支部7")
    secretary = UserFactory(username="sec_big", role=Role.SECRETARY, organization=branch)
    authz.grants(secretary)  # the user's roles, loaded once per request before any page's work
    # The org whose children are listed, the grouped counts, the labels of the orgs found.
    with django_assert_max_num_queries(3):
        rows = selectors.rollup(secretary, year=2021, period="2021-Q3", by="org", today=date(2021, 7, 1))
    assert [(r["key"], r["total"]) for r in rows] == [(branch.pk, 20 * 3)]
