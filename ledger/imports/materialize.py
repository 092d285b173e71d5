"""The follow-up step of an import: the (task, org, period) assignments its tasks owe, set-based.

Kept out of the import's transaction because it is most of the rows (~8 per task) and they are
derived from what the import wrote. `assignments_materialize` is idempotent (existing (task, org,
period) rows are skipped), so a retried Celery task, a second `import_ledger` of the same file or
`manage.py materialize_assignments --year Y` complete what a killed run left missing and write
nothing twice. Which orgs owe a task is `ledger.selectors.responsible_org_ids`, its periods
`ledger.services.periods_for` — the same answers the task services use.

`assignments_insert` is the one place assignments are written in bulk: COPY on PostgreSQL (ids
reserved from the sequence, the history rows copied from the same values), multi-row INSERTs
elsewhere, plus their rollup counts, in the caller's transaction.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime

from django.db import connection, transaction
from django.utils import timezone

from accounts.audit import audit_log
from accounts.models import User

from ..models import Assignment, ImportStatus, LedgerImport, Plan, Task
from ..selectors import responsible_org_ids
from ..services import periods_for, rollup_add_new

_CHUNK = 5000  # ids per IN (…) list: SQLite caps the parameters of one statement
_COLUMNS = ["task_id", "organization_id", "period", "period_start", "due_date"]
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
    desired, item_of = _desired_rows(task_ids)
    rows = [row for row in desired if row[:3] not in existing]
    if not rows:
        return 0
    # Written in bulk, without per-row history signals: one audit event with the count.
    audit_log(
        "assignment.generate", actor=user, target=Assignment, rows=len(rows), detail={"tasks": len(task_ids)}
    )
    assignments_insert(rows, item_of=item_of, user=user)
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


# --------------------------------------------------------------------------- bulk writing


def assignments_insert(rows: Sequence[Row], *, item_of: dict[int, int], user: User | None) -> None:
    """Write new assignments (no record yet) with their "+" history rows and rollup counts.

    The caller holds the tasks locked and has left out the (task, org, period) rows that exist.
    """
    now = timezone.now()
    user_id = user.pk if user else None
    if connection.vendor == "postgresql":
        ids = _reserve_ids(len(rows))
        _copy(Assignment._meta.db_table, ["id", *_COLUMNS, "overdue_notified_at"], _with_ids(ids, rows, None))
        history = Assignment.history.model
        _copy(
            history._meta.db_table,
            ["id", *_COLUMNS, "overdue_notified_at", "history_date", "history_user_id", "history_type"],
            _with_ids(ids, rows, None, now, user_id, "+"),
        )
    else:
        # SQLite holds the write lock for the transaction: every id above the old maximum is ours.
        last = Assignment.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        _insert(Assignment._meta.db_table, _COLUMNS, [_adapted(row) for row in rows])
        _history_after(last, now=now, user_id=user_id)
    rollup_add_new((org, item_of[task], period, due) for task, org, period, _start, due in rows)


def _with_ids(ids: list[int], rows: Sequence[Row], *extra) -> Iterator[tuple]:
    for pk, row in zip(ids, rows, strict=True):
        yield (pk, *row, *extra)


def _adapted(row: Row) -> tuple:
    ops = connection.ops
    task, org, period, start, due = row
    return (task, org, period, ops.adapt_datefield_value(start), ops.adapt_datefield_value(due))


def _insert(table: str, columns: list[str], rows: list[tuple]) -> None:
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _history_after(last_id: int, *, now: datetime, user_id: int | None) -> None:
    """History rows copied inside the database from the assignments whose id is above `last_id`."""
    quote = connection.ops.quote_name
    history = Assignment.history.model
    columns = ["id", *_COLUMNS, "overdue_notified_at"]
    sql = (
        f"INSERT INTO {quote(history._meta.db_table)} "
        f"({', '.join(quote(c) for c in columns)}, history_date, history_user_id, history_type) "
        f"SELECT {', '.join(quote(c) for c in columns)}, %s, %s, '+' "
        f"FROM {quote(Assignment._meta.db_table)} WHERE id > %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [connection.ops.adapt_datetimefield_value(now), user_id, last_id])


def _reserve_ids(count: int) -> list[int]:
    """`count` fresh ids from the assignment table's sequence, so COPY writes rows whose ids we know."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [Assignment._meta.db_table, count],
        )
        return [pk for (pk,) in cursor.fetchall()]


def _copy_value(value) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _copy(table: str, columns: list[str], rows: Iterable[tuple], page: int = 50_000) -> None:
    """COPY … FROM STDIN in text format, in pages so the buffer stays a few MB."""
    quote = connection.ops.quote_name
    sql = f"COPY {quote(table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
    rendered: dict[tuple[type, object], str] = {}  # dates, codes and the timestamp repeat: render once

    def line(row: tuple) -> str:
        fields = []
        for value in row:
            if type(value) is int:
                fields.append(str(value))
                continue
            key = (type(value), value)
            text = rendered.get(key)
            if text is None:
                text = rendered[key] = _copy_value(value)
            fields.append(text)
        return "\t".join(fields)

    def pages() -> Iterator[str]:
        lines: list[str] = []
        for row in rows:
            lines.append(line(row))
            if len(lines) >= page:
                yield "\n".join(lines) + "\n"
                lines = []
        if lines:
            yield "\n".join(lines) + "\n"

    with connection.cursor() as cursor:
        raw = cursor.cursor
        for data in pages():
            if hasattr(raw, "copy_expert"):  # psycopg2
                raw.copy_expert(sql, io.StringIO(data))
            else:  # psycopg 3
                with raw.copy(sql) as copy:
                    copy.write(data)
