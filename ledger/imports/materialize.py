"""The follow-up step of an import: the (task, org, period) assignments its tasks owe, set-based.

Kept out of the import's transaction because it is most of the rows (~8 per task) and they are
derived from what the import wrote. `assignments_materialize` is idempotent (existing (task, org,
period) rows are skipped), so a retried Celery task, a second `import_ledger` of the same file or
`manage.py materialize_assignments --year Y` complete what a killed run left missing and write
nothing twice. Which orgs owe a task is `ledger.selectors.responsible_org_ids`, its periods
`ledger.services.periods_for` — the same answers the task services use.

The rows are written by `ledger.imports.bulk.assignments_insert` (the one bulk write of
assignments), their rollup counts by `rollup_add_new`, in the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date

from django.db import transaction
from django.utils import timezone

from accounts.audit import audit_log
from accounts.models import User

from ..models import Assignment, ImportStatus, LedgerImport, Plan, Task
from ..selectors import responsible_org_ids
from ..services import inherited_slots, periods_for, rollup_add_new
from .bulk import assignments_insert

_CHUNK = 5000  # ids per IN (…) list: SQLite caps the parameters of one statement
Row = tuple[int, int, str, date, date]  # task, org, period, start, due


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def _desired_rows(task_ids: list[int]) -> tuple[list[Row], dict[int, int]]:
    """Every assignment the tasks call for, and each task's item."""
    tasks = []
    for chunk in _chunks(task_ids):
        tasks += Task.objects.filter(pk__in=chunk).values_list(
            "pk", "item_id", "recurrence", "deadline", "item__plan__year"
        )
    owed = responsible_org_ids(task_ids)
    # Periods depend only on (year, recurrence, deadline): a handful of distinct triples per file.
    periods_of: dict[tuple, list[tuple[str, date, date]]] = {}
    rows: list[Row] = []
    item_of: dict[int, int] = {}
    for task_id, item_id, recurrence, deadline, year in sorted(tasks):
        item_of[task_id] = item_id
        key = (year, recurrence, deadline)
        periods = periods_of.get(key)
        if periods is None:
            periods = periods_of[key] = periods_for(year, recurrence, deadline)
        rows.extend(
            (task_id, org_id, code, start, due)
            for org_id in sorted(owed[task_id])
            for code, start, due in periods
        )
    return rows, item_of


@transaction.atomic
def assignments_materialize(*, task_ids: Iterable[int], user: User | None) -> int:
    """Write the missing assignments of `task_ids` and a "+" history row for each; return how many."""
    task_ids = sorted(set(task_ids))
    if not task_ids:
        return 0
    # Lock the tasks (as assignments_generate does) so two runs cannot insert the same (org, period).
    for chunk in _chunks(task_ids):
        list(Task.objects.select_for_update().filter(pk__in=chunk).values_list("pk", flat=True))
    existing = set()
    for chunk in _chunks(task_ids):
        existing.update(
            Assignment.objects.filter(task_id__in=chunk).values_list("task_id", "organization_id", "period")
        )
    existing |= inherited_slots(existing)
    desired, item_of = _desired_rows(task_ids)
    rows = [row for row in desired if row[:3] not in existing]
    if not rows:
        return 0
    # Written in bulk, without per-row history signals: one audit event with the count.
    audit_log(
        "assignment.generate", actor=user, target=Assignment, rows=len(rows), detail={"tasks": len(task_ids)}
    )
    assignments_insert(rows, user_id=user.pk if user else None)
    rollup_add_new((org, item_of[task], period, due) for task, org, period, _start, due in rows)
    return len(rows)


def assignments_materialize_year(*, year: int, user: User | None) -> int:
    """Complete the assignments of every task of the year's plan (0 when there is no such plan)."""
    plan = Plan.objects.filter(year=year).first()
    if plan is None:
        return 0
    task_ids = list(Task.objects.filter(item__plan=plan).values_list("pk", flat=True))
    return assignments_materialize(task_ids=task_ids, user=user)


# --------------------------------------------------------------------------- the import's step


def _step(import_id: int | None, status: str, error: str = "") -> None:
    if import_id is None:
        return
    LedgerImport.objects.filter(pk=import_id).update(
        assignments_status=status, assignments_error=error[:2000], assignments_changed_at=timezone.now()
    )


@contextmanager
def assignments_step(import_id: int | None) -> Iterator[None]:
    """Record on the import (LedgerImport.assignments_status/_error) how its assignment step went.

    "running" is committed before the work starts, so a step killed outright (SIGKILL) stays visible
    as running with its start time, rather than as nothing; an error is recorded as "failed" with its
    text (the work itself rolled back), and re-raised for the caller's retry.
    """
    _step(import_id, ImportStatus.RUNNING)
    try:
        yield
    except BaseException as error:
        _step(import_id, ImportStatus.FAILED, f"{type(error).__name__}: {error}")
        raise
    _step(import_id, ImportStatus.SUCCEEDED)
