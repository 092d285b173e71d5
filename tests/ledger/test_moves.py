"""The ledger when orgs merge and members move: open work moves, closed history stays where it was."""

from datetime import date

import pytest
from django.test import TestCase
from django.utils import timezone

from accounts import services as accounts
from accounts.models import Member, Organization
from ledger import services
from ledger.imports.importer import ledger_import_file
from ledger.models import Assignment, PeriodClosure, Record, RecordState, Recurrence, Task
from tests.factories import MemberFactory
from tests.ledger.imports.conftest import write_ledger

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _today_stays_today(monkeypatch):
    # TODAY is read when the module is imported; a run that crosses midnight (Asia/Shanghai) must not
    # make it "yesterday" for the services.
    localdate = timezone.localdate
    monkeypatch.setattr(
        "django.utils.timezone.localdate",
        lambda value=None, *args: TODAY if value is None else localdate(value, *args),
    )


def _submit(assignment, user, day):
    return services.record_submit(assignment=assignment, user=user, content="按要求完成。", done_on=day)


@pytest.fixture
def merge_ledger(task_monthly, committee_staff, secretary_b, org_a, org_b, ledger_item_2):
    """2020, Q1 closed. B alone owes a quarterly task; A and B both owe the monthly one.

    B's quarterly: Q1 closed (history), Q2 accepted (history), Q3 submitted (moves with its record),
    Q4 untouched (moves). B's monthly: M01–M03 closed (history), M04 submitted (A owes it too: stays
    with B for review), M05–M12 untouched (A owes them too: dropped).
    """
    task_b = services.task_create(
        item=ledger_item_2,
        title="报送季度党建工作小结",
        by=committee_staff,
        recurrence=Recurrence.QUARTERLY,
        responsible_orgs=[org_b],
    )
    owed = {a.period: a for a in Assignment.objects.filter(organization=org_b)}
    quarterly = {a.period: a for a in Assignment.objects.filter(task=task_b)}
    q2 = _submit(quarterly["2020-Q2"], secretary_b, date(2020, 6, 20))
    services.record_review(record=q2, user=committee_staff, accept=True)
    q3 = _submit(quarterly["2020-Q3"], secretary_b, date(2020, 9, 20))
    m04 = _submit(owed["2020-M04"], secretary_b, date(2020, 4, 20))
    services.period_close(period="2020-Q1", user=committee_staff)
    return {"task_b": task_b, "quarterly": quarterly, "q2": q2, "q3": q3, "m04": m04}


def _periods(org, task):
    return sorted(Assignment.objects.filter(organization=org, task=task).values_list("period", flat=True))


def test_open_work_moves_and_closed_history_stays(committee_staff, org_a, org_b, task_monthly, merge_ledger):
    task_b = merge_ledger["task_b"]

    merge = accounts.organizations_merge(actor=committee_staff, source=org_b, target=org_a, on_date=TODAY)

    # B's quarterly work: closed Q1 and accepted Q2 stay with B; Q3 (with its record) and Q4 go to A.
    assert _periods(org_b, task_b) == ["2020-Q1", "2020-Q2"]
    assert _periods(org_a, task_b) == ["2020-Q3", "2020-Q4"]
    assert Record.objects.get(pk=merge_ledger["q2"].pk).organization == org_b
    q3 = Record.objects.get(pk=merge_ledger["q3"].pk)
    assert (q3.organization, q3.assignment.organization) == (org_a, org_a)
    # The monthly task A already owes: B's closed months stay, its submitted April waits for review,
    # its untouched months are dropped; A keeps its own twelve.
    assert _periods(org_b, task_monthly) == ["2020-M01", "2020-M02", "2020-M03", "2020-M04"]
    assert len(_periods(org_a, task_monthly)) == 12
    assert Record.objects.get(pk=merge_ledger["m04"].pk).organization == org_b
    assert merge.summary["counts"] == merge.summary["counts"] | {
        "assignments_moved": 2,
        "records_moved": 1,
        "assignments_dropped": 8,
        "assignments_left_for_review": 1,
        "assignments_history": 5,
        "tasks_repointed": 2,
    }
    assert any("请审核后处理" in line for line in merge.summary["lines"])


def test_tasks_that_named_the_merged_org_name_the_target_and_later_edits_keep_the_history(
    committee_staff, org_a, org_b, task_monthly, merge_ledger
):
    task_b = merge_ledger["task_b"]
    accounts.organizations_merge(actor=committee_staff, source=org_b, target=org_a, on_date=TODAY)

    assert list(Task.objects.get(pk=task_b.pk).responsible_orgs.all()) == [org_a]
    # Editing the task afterwards neither brings B's moved work back nor deletes B's closed history.
    services.task_update(task=Task.objects.get(pk=task_b.pk), by=committee_staff, standard="按时报送")
    services.task_update(task=Task.objects.get(pk=task_monthly.pk), by=committee_staff, standard="每月一次")
    assert _periods(org_b, task_b) == ["2020-Q1", "2020-Q2"]
    assert _periods(org_a, task_b) == ["2020-Q3", "2020-Q4"]
    assert _periods(org_b, task_monthly)[:3] == ["2020-M01", "2020-M02", "2020-M03"]


def test_the_ledger_preview_counts_without_moving(committee_staff, org_a, org_b, merge_ledger):
    before = sorted(Assignment.objects.values_list("pk", "organization_id"))

    result = accounts.organizations_merge_preview(
        actor=committee_staff, source=org_b, target=org_a, on_date=TODAY
    )

    assert result.counts["assignments_moved"] == 2 and result.counts["assignments_dropped"] == 8
    assert sorted(Assignment.objects.values_list("pk", "organization_id")) == before


def test_the_legacy_ledger_import_finds_a_merged_org_under_the_target(
    committee_staff, org_a, org_b, tmp_path
):
    accounts.organizations_merge(actor=committee_staff, source=org_b, target=org_a, on_date=TODAY)
    path = write_ledger(
        tmp_path / "old.xlsx", [[1, "组织建设", "开展支部标准化建设", org_b.short_name, "6月30日前"]]
    )

    with TestCase.captureOnCommitCallbacks(execute=True):
        ledger_import_file(source=path, year=2020, user=None)

    assert list(Task.objects.get(title="开展支部标准化建设").responsible_orgs.all()) == [org_a]


def test_the_legacy_ledger_import_finds_a_renamed_org_by_its_old_name(
    committee_staff, org_a, org_b, tmp_path
):
    old_name = org_a.name
    accounts.organization_rename(
        actor=committee_staff, organization=org_a, new_name="中共清镇市税务局机关支部委员会"
    )
    path = write_ledger(tmp_path / "old.xlsx", [[1, "组织建设", "开展支部标准化建设", old_name, "6月30日前"]])

    with TestCase.captureOnCommitCallbacks(execute=True):
        ledger_import_file(source=path, year=2020, user=None)

    task = Task.objects.get(title="开展支部标准化建设")
    assert list(task.responsible_orgs.all()) == [org_a]
    assert Assignment.objects.get(task=task).organization == org_a


def test_a_transfer_leaves_the_members_past_records_with_the_old_org(
    committee_staff, secretary_a, org_a, org_b, record_a
):
    person = MemberFactory(organization=org_a, name="赵六")
    services.record_review(record=record_a, user=committee_staff, accept=True)
    before = sorted(Record.objects.values_list("pk", "assignment__organization_id"))

    accounts.member_transfer(actor=committee_staff, member=person, to_organization=org_b, on_date=TODAY)

    assert Member.objects.get(pk=person.pk).organization == org_b
    assert sorted(Record.objects.values_list("pk", "assignment__organization_id")) == before
    assert Record.objects.get(pk=record_a.pk).organization == org_a
    assert Record.objects.get(pk=record_a.pk).state == RecordState.ACCEPTED


def test_a_merge_in_a_year_with_no_closed_quarter_moves_every_open_assignment(
    committee_staff, org_a, org_b, ledger_item_2
):
    task = services.task_create(
        item=ledger_item_2,
        title="讲党课",
        by=committee_staff,
        recurrence=Recurrence.QUARTERLY,
        responsible_orgs=[org_b],
    )
    assert not PeriodClosure.objects.exists()

    accounts.organizations_merge(actor=committee_staff, source=org_b, target=org_a, on_date=TODAY)

    assert _periods(org_a, task) == ["2020-Q1", "2020-Q2", "2020-Q3", "2020-Q4"]
    assert not Organization.objects.get(pk=org_b.pk).is_active
