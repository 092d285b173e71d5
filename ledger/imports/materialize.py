"""The follow-up step of an import: the (task, org, period) assignments its new tasks owe, set-based.

Kept out of the import's transaction because it is most of the rows (~8 per task) and they are
derived from what the import wrote; `assignments_materialize` is idempotent (existing (task, org,
period) rows are skipped), so a retried Celery task or a second run writes nothing twice.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db import transaction

from accounts.audit import audit_log
from accounts.models import User
from accounts.selectors import organizations_for_phrases

from ..models import Assignment, RecordState, Task
from ..services import inherited_slots, owing_organizations, periods_owed
from .bulk import BATCH, assignments_insert


def _chunks(ids: list[int]):
    # SQLite caps the parameters of one statement; PostgreSQL does not mind the small extra trips.
    for start in range(0, len(ids), BATCH * 10):
        yield ids[start : start + BATCH * 10]


def _desired_rows(task_ids: list[int]) -> list[tuple]:
    """(task, org, period, start, due, state) for every assignment the tasks call for.

    By the services' own rules (owing_organizations, periods_owed), read for all tasks at once.
    """
    tasks, orgs_of, groups_of = [], defaultdict(list), defaultdict(list)
    for chunk in _chunks(task_ids):
        tasks += Task.objects.filter(pk__in=chunk).values_list(
            "pk", "recurrence", "deadline", "item__plan__year"
        )
        for attr, target, fk in (
            ("responsible_orgs", orgs_of, "organization_id"),
            ("responsible_groups", groups_of, "orggrouprule_id"),
        ):
            through = getattr(Task, attr).through
            for task_id, pk in through.objects.filter(task_id__in=chunk).values_list("task_id", fk):
                target[task_id].append(pk)
    phrase_orgs = organizations_for_phrases({gid for gids in groups_of.values() for gid in gids})
    # Periods depend only on (year, recurrence, deadline): a handful of distinct triples per file.
    periods_of: dict[tuple[int, str, date | None], list[tuple[str, date, date]]] = {}
    none = RecordState.NONE.value
    rows: list[tuple] = []
    for task_id, recurrence, deadline, year in sorted(tasks):
        key = (year, recurrence, deadline)
        periods = periods_of.get(key)
        if periods is None:
            periods = periods_of[key] = periods_owed(year, recurrence, deadline)
        org_ids = owing_organizations(orgs_of[task_id], groups_of[task_id], phrase_orgs)
        rows.extend(
            (task_id, org_id, code, start, due, none) for org_id in org_ids for code, start, due in periods
        )
    return rows


@transaction.atomic
def assignments_materialize(*, task_ids: list[int], user: User | None) -> int:
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
    rows = [row for row in _desired_rows(task_ids) if row[:3] not in existing]
    if not rows:
        return 0
    # Written in bulk, without per-row history signals: one audit event with the count.
    audit_log(
        "assignment.generate", actor=user, target=Assignment, rows=len(rows), detail={"tasks": len(task_ids)}
    )
    assignments_insert(rows, user_id=user.pk if user else None)
    return len(rows)
