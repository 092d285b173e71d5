"""The import's follow-up step: the new tasks' assignments, written after the import commits."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import OrgKind
from ledger.imports.importer import ledger_import_file
from ledger.imports.materialize import assignments_materialize
from ledger.imports.tasks import assignments_materialize_task
from ledger.models import Assignment, ImportStatus, LedgerImport, Plan, Task
from tests.factories import UnitFactory, make_org

from .conftest import SAMPLE


def test_the_import_writes_no_assignments_until_it_has_committed(orgs, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        result = ledger_import_file(source=SAMPLE, year=2020, user=None)

    assert Task.objects.count() == 10 and not Assignment.objects.exists()
    assert len(callbacks) == 1

    callbacks[0]()

    assert Assignment.objects.count() == 80
    assert "assignments_created" not in result.counts


def test_materialising_again_writes_nothing_twice(orgs, committee_staff):
    result = ledger_import_file(source=SAMPLE, year=2020, user=None, queue_assignments=False)

    assert assignments_materialize(task_ids=result.task_ids, user=committee_staff) == 80
    assert assignments_materialize(task_ids=result.task_ids, user=committee_staff) == 0
    assert Assignment.objects.count() == 80
    assert Assignment.history.filter(history_type="+", history_user=committee_staff).count() == 80


def test_it_fills_in_only_the_missing_assignments_with_history_for_those_alone(orgs):
    result = ledger_import_file(source=SAMPLE, year=2020, user=None, queue_assignments=False)
    assignments_materialize(task_ids=result.task_ids, user=None)
    task = Task.objects.get(title="组织党员集中学习")
    task.assignments.filter(organization=orgs["a"], period__in=["2020-M01", "2020-M02"]).delete()
    history_before = Assignment.history.count()

    assert assignments_materialize(task_ids=result.task_ids, user=None) == 2

    assert task.assignments.count() == 24
    assert Assignment.history.count() == history_before + 2
    assert set(Assignment.history.order_by("-history_id")[:2].values_list("organization_id", "period")) == {
        (orgs["a"].pk, "2020-M01"),
        (orgs["a"].pk, "2020-M02"),
    }


def test_materialising_runs_about_as_many_queries_for_20_branches_as_for_2(orgs, root_org):
    result = ledger_import_file(source=SAMPLE, year=2020, user=None, queue_assignments=False)
    ContentType.objects.get_for_model(Assignment)  # cached from here on: not part of either count
    with CaptureQueriesContext(connection) as small:
        assert assignments_materialize(task_ids=result.task_ids, user=None) == 80
    Assignment.objects.all().delete()
    for i in range(18):
        make_org(
            root_org, f"中共测试局{i}支部委员会", kind=OrgKind.BRANCH, unit=UnitFactory(name=f"测试局{i}")
        )

    with CaptureQueriesContext(connection) as large:
        created = assignments_materialize(task_ids=result.task_ids, user=None)

    assert created > 8 * 80
    # Ten times the orgs and rows: at most one more chunk of rows for each summary table (per org, per
    # top-level org), never a query per org or row.
    assert len(small) <= len(large) <= len(small) + 2


def test_the_command_writes_the_assignments_too_and_prints_both_steps(orgs, capsys):
    call_command("import_ledger", str(SAMPLE), "--year", "2020")

    out = capsys.readouterr().out
    assert "导入完成（" in out and "新增工作项目5个、任务10项" in out
    assert "任务分解生成完成（" in out and "新增任务分解80条" in out
    assert Assignment.objects.count() == 80


@pytest.mark.parametrize("task_ids", [[], [999_999]])
def test_nothing_to_materialise_writes_nothing(orgs, task_ids):
    assert assignments_materialize(task_ids=task_ids, user=None) == 0
    assert not Assignment.objects.exists()


def test_running_the_import_again_completes_an_assignment_step_that_was_killed(orgs, capsys):
    # What a SIGKILL after the import's commit leaves: plan, items and tasks, and no assignments.
    ledger_import_file(source=SAMPLE, year=2020, user=None, queue_assignments=False)
    assert Task.objects.count() == 10 and not Assignment.objects.exists()

    call_command("import_ledger", str(SAMPLE), "--year", "2020")

    out = capsys.readouterr().out
    assert "任务10项" in out and "新增任务分解80条" in out  # the tasks existed; their assignments did not
    assert Assignment.objects.count() == 80


def test_the_repair_command_completes_a_year_and_is_idempotent(orgs, capsys):
    ledger_import_file(source=SAMPLE, year=2020, user=None, queue_assignments=False)

    call_command("materialize_assignments", "--year", "2020")
    call_command("materialize_assignments", "--year", "2020")

    out = capsys.readouterr().out
    assert "新增80条" in out and "新增0条" in out
    assert Assignment.objects.count() == 80
    with pytest.raises(CommandError, match="没有2019年度台账"):
        call_command("materialize_assignments", "--year", "2019")


def test_the_import_records_how_its_assignment_step_went(orgs, committee_staff, monkeypatch):
    result = ledger_import_file(source=SAMPLE, year=2020, user=None, queue_assignments=False)
    imported = LedgerImport.objects.create(
        original_name="台账.xlsx", year=2020, uploaded_by=committee_staff, status=ImportStatus.SUCCEEDED
    )
    plan = Plan.objects.get(year=2020)
    seen = []

    def broken(*, task_ids, user):
        seen.append(LedgerImport.objects.get(pk=imported.pk).assignments_status)
        raise ValueError("磁盘空间不足")

    monkeypatch.setattr("ledger.imports.importer.assignments_materialize", broken)
    with pytest.raises(ValueError):
        assignments_materialize_task(plan_id=plan.pk, task_ids=result.task_ids, import_id=imported.pk)

    imported.refresh_from_db()
    assert seen == [ImportStatus.RUNNING]  # committed before the work: a killed step stays visible
    assert imported.assignments_status == ImportStatus.FAILED
    assert "磁盘空间不足" in imported.assignments_error and imported.assignments_changed_at

    monkeypatch.undo()
    assert (
        assignments_materialize_task(plan_id=plan.pk, task_ids=result.task_ids, import_id=imported.pk) == 80
    )
    imported.refresh_from_db()
    assert (imported.assignments_status, imported.assignments_error) == (ImportStatus.SUCCEEDED, "")
