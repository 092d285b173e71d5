"""The bulk writer's PostgreSQL path (ids reserved from the sequences, COPY, INSERT … SELECT … RETURNING).

The unit suite runs on SQLite, which takes the multi-row INSERT path; these run in CI against real
PostgreSQL, committed (transaction=True), so the deferred foreign keys are checked at COMMIT too.
"""

import time

import pytest

from ledger.imports.importer import ledger_import_file
from ledger.imports.materialize import assignments_materialize
from ledger.models import Assignment, Item, Task

from .conftest import SAMPLE

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_it_writes_every_row_with_a_history_row_pointing_at_the_right_task(orgs, committee_staff):
    result = ledger_import_file(source=SAMPLE, year=2020, user=committee_staff, queue_assignments=False)
    created = assignments_materialize(task_ids=result.task_ids, user=committee_staff)

    assert result.counts["tasks_created"] == Task.objects.count() == 10
    assert Item.history.filter(history_type="+", history_user=committee_staff).count() == 5
    assert Task.history.filter(history_type="+", history_user=committee_staff).count() == 10
    assert Assignment.history.filter(history_user=committee_staff).count() == Assignment.objects.count()
    assert created == Assignment.objects.count() > 0
    task = Task.objects.get(title="组织党员集中学习")
    assert task.assignments.count() == 24
    historical = Task.history.get(id=task.pk)
    assert [row.orggrouprule.phrase for row in historical.responsible_groups.all()] == ["各基层党支部"]
    for historical_task in Task.history.all():
        assert {row.organization_id for row in historical_task.responsible_orgs.all()} == set(
            Task.objects.get(pk=historical_task.id).responsible_orgs.values_list("pk", flat=True)
        )


def test_text_that_looks_like_copy_syntax_is_stored_as_written(orgs, ledger_file):
    path = ledger_file(
        [[1, "组织建设", r"报送\N材料", "市税务局", "6月30日前", "", r"见附件\说明"]],
    )

    # No assignments queued: a worker still writing them when the test ends would deadlock the flush.
    ledger_import_file(source=path, year=2020, user=None, queue_assignments=False)

    task = Task.objects.get()
    assert (task.title, task.notes) == (r"报送\N材料", r"见附件\说明")
    assert Task.history.get().title == r"报送\N材料"


def _import_all(path):
    result = ledger_import_file(source=path, year=2020, user=None, queue_assignments=False)
    return result.counts, assignments_materialize(task_ids=result.task_ids, user=None)


def test_importing_again_creates_nothing_and_a_new_file_adds_only_its_tasks(orgs, ledger_file):
    first = ledger_import_file(source=SAMPLE, year=2020, user=None, queue_assignments=False)
    assignments_materialize(task_ids=first.task_ids, user=None)
    before = (Task.objects.count(), Assignment.objects.count(), Assignment.history.count())
    assert _import_all(SAMPLE) == (
        {**first.counts, "items_created": 0, "items_existing": 5, "tasks_created": 0, "tasks_existing": 10},
        0,
    )
    assert assignments_materialize(task_ids=first.task_ids, user=None) == 0
    assert (Task.objects.count(), Assignment.objects.count(), Assignment.history.count()) == before

    extra = ledger_file([[9, "新增工作", "开展主题党日", "市税务局、市财政局", "每季度", "", ""]])
    counts, created = _import_all(extra)

    assert (counts["items_created"], counts["tasks_created"], created) == (1, 1, 8)
    assert Assignment.history.count() == before[2] + 8


def test_the_worker_writes_the_assignments_after_the_import_commits(orgs, committee_staff):
    """Against CI's live Celery worker: the import commits, then the queued step fills in assignments."""
    ledger_import_file(source=SAMPLE, year=2020, user=committee_staff, queue_assignments=True)

    deadline = time.monotonic() + 30
    while not Assignment.objects.exists() and time.monotonic() < deadline:
        time.sleep(0.5)
    assert Task.objects.count() == 10
    assert Task.objects.get(title="组织党员集中学习").assignments.count() == 24
    assert Assignment.history.count() == Assignment.objects.count()
