"""Which orgs owe a task, and for which periods, is one rule: the import's assignment step, the task
services and the task list all answer with it (selectors.responsible_org_ids, services.periods_for)."""

from datetime import date

from ledger.imports.importer import ledger_import_file
from ledger.imports.materialize import assignments_materialize
from ledger.models import Assignment, Task
from ledger.services import task_organizations, task_periods
from tests.factories import make_org

from .conftest import SAMPLE


def _owed_by_services(task):
    return {(org, code, due) for org in task_organizations(task) for code, _start, due in task_periods(task)}


def test_the_import_and_the_services_owe_the_same_rows_for_every_task(orgs):
    _import(SAMPLE)

    tasks = Task.objects.select_related("item__plan")
    assert tasks.count() == 10
    for task in tasks:
        stored = set(task.assignments.values_list("organization_id", "period", "due_date"))
        assert stored == _owed_by_services(task), task.title


def test_an_inactive_branch_is_owed_nothing_anywhere(orgs, ledger_file, staff_api, root_org):
    closed = make_org(orgs["committee"], "中共已撤销局支部委员会", kind=orgs["a"].kind, unit=orgs["a"].unit)
    closed.is_active = False
    closed.save(update_fields=["is_active"])
    path = ledger_file([[1, "组织建设", "开展主题党日", "各基层党支部", "每季度"]])

    _import(path)

    task = Task.objects.get()
    assert orgs["a"].pk in task_organizations(task) and closed.pk not in task_organizations(task)
    assert not Assignment.objects.filter(organization=closed).exists()
    assert set(Assignment.objects.values_list("organization_id", flat=True)) == task_organizations(task)
    listed = staff_api.get(f"/api/v1/ledger/tasks/{task.pk}/").json()["responsible_orgs"]
    assert sorted(listed) == sorted(task_organizations(task))


def test_a_deadline_inside_a_quarter_is_that_quarters_due_date_in_both(orgs, ledger_file):
    path = ledger_file([[1, "组织建设", "报送季度小结", "市税务局", "每季度"]])
    _import(path)
    task = Task.objects.get()

    assert dict((code, due) for code, _s, due in task_periods(task)) == dict(
        task.assignments.values_list("period", "due_date")
    )
    assert task.assignments.get(period="2020-Q1").due_date == date(2020, 3, 31)


def _import(path):
    result = ledger_import_file(source=path, year=2020, user=None, queue_assignments=False)
    assignments_materialize(task_ids=result.task_ids, user=None)
