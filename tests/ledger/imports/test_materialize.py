"""The import's follow-up step: the new tasks' assignments, written after the import commits."""

import pytest
from django.core.management import call_command

from ledger.imports.importer import ledger_import_file
from ledger.imports.materialize import assignments_materialize
from ledger.models import Assignment, Task

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


def test_materialising_runs_a_fixed_number_of_queries(orgs, django_assert_max_num_queries):
    result = ledger_import_file(source=SAMPLE, year=2020, user=None, queue_assignments=False)

    with django_assert_max_num_queries(15):
        assert assignments_materialize(task_ids=result.task_ids, user=None) == 80


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
