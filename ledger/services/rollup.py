"""The summary table (AssignmentRollup), kept in step by every write in the writer's own transaction.

A row holds, for one (org, item, period, due date), how many assignments there are and how many of
them have no record, a submitted, returned or accepted one, and were first reported on time or late
(AssignmentQuerySet.rollup_counts, the one definition). Writers change it by adding differences:

- `rollup_tracking(assignments)`: around a change to some (locked) assignments or their records, the
  rows' counts before and after are read with rollup_counts and the difference added;
- `rollup_add_new(keys)`: assignments just created have no record (total and 未提交 only);
- `rollup_rebuild()`: everything from scratch (`manage.py rebuild_rollup`, after bulk loads).

Differences are added with one upsert (`… ON CONFLICT … DO UPDATE SET n = n + excluded.n`), which two
concurrent writers can both apply without losing either; the counts read for a difference come from
rows the writer has locked. Every change bumps the row's `version`, which the summaries API's ETag
is made of.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from ..models import Assignment, AssignmentRollup

Key = tuple[int, int, str, date]
COUNTS = ("total", "unsubmitted", "submitted", "returned", "accepted", "on_time", "late")
KEY_COLUMNS = ("organization_id", "item_id", "period", "due_date")
_NEW = (1, 1, 0, 0, 0, 0, 0)  # a new assignment: counted in total and 未提交
_BATCH = 500


def rollup_counts_by_key(assignments: QuerySet[Assignment]) -> dict[Key, tuple[int, ...]]:
    """The raw grouped scan of `assignments`, keyed like the table."""
    return {
        (row["organization_id"], row["task__item_id"], row["period"], row["due_date"]): tuple(
            row[name] for name in COUNTS
        )
        for row in assignments.rollup_counts()
    }


def _difference(after: dict[Key, tuple], before: dict[Key, tuple]) -> dict[Key, tuple]:
    changes = {}
    for key in after.keys() | before.keys():
        new, old = after.get(key, (0,) * len(COUNTS)), before.get(key, (0,) * len(COUNTS))
        delta = tuple(a - b for a, b in zip(new, old, strict=True))
        if any(delta):
            changes[key] = delta
    return changes


def rollup_apply(deltas: dict[Key, tuple[int, ...]]) -> None:
    """Add `deltas` to the table; keys not there yet are inserted. Call inside the writer's transaction."""
    rows = [(key, delta) for key, delta in deltas.items() if any(delta)]
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(AssignmentRollup._meta.db_table)
    columns = [*KEY_COLUMNS, *COUNTS, "version", "updated_at"]
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    updates = ", ".join(f"{quote(c)} = {table}.{quote(c)} + excluded.{quote(c)}" for c in COUNTS)
    conflict = ", ".join(quote(c) for c in KEY_COLUMNS)
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), _BATCH):
            chunk = rows[start : start + _BATCH]
            params = []
            for (org_id, item_id, period, due), delta in chunk:
                params += [org_id, item_id, period, connection.ops.adapt_datefield_value(due), *delta, 1, now]
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(quote(c) for c in columns)}) "
                f"VALUES {', '.join([one] * len(chunk))} "
                f"ON CONFLICT ({conflict}) DO UPDATE SET {updates}, "
                f"{quote('version')} = {table}.{quote('version')} + 1, "
                f"{quote('updated_at')} = excluded.{quote('updated_at')}",
                params,
            )


@contextmanager
def rollup_tracking(assignments: QuerySet[Assignment]) -> Iterator[None]:
    """Around a change to `assignments` (already locked by the caller): add what the change did.

    The queryset is read before and after (so rows it deletes or re-dates are accounted for); rows it
    creates must match it too (e.g. a filter on the task), or be reported with rollup_add_new.
    """
    before = rollup_counts_by_key(assignments)
    yield
    rollup_apply(_difference(rollup_counts_by_key(assignments), before))


def rollup_add_new(keys: Iterable[Key]) -> None:
    """Count assignments just created (no record yet): one key per assignment."""
    counts = Counter(keys)
    rollup_apply({key: tuple(n * v for v in _NEW) for key, n in counts.items()})


@transaction.atomic
def rollup_rebuild() -> tuple[int, float]:
    """Empty the table and fill it from every assignment in one INSERT … SELECT; (rows, seconds)."""
    started = time.perf_counter()
    quote = connection.ops.quote_name
    table = quote(AssignmentRollup._meta.db_table)
    select, params = Assignment.objects.all().rollup_counts().query.sql_with_params()
    columns = [*KEY_COLUMNS, *COUNTS, "version", "updated_at"]
    # A new version for every row (the clock, so a rebuilt row never repeats an ETag seen before).
    version = time.time_ns() // 1000
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        # TRUNCATE (PostgreSQL) empties the table without visiting its rows; it holds the table's lock
        # until the rebuild commits, so summaries wait for the new numbers rather than read half of them.
        cursor.execute(f"TRUNCATE {table}" if connection.vendor == "postgresql" else f"DELETE FROM {table}")
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(quote(c) for c in columns)}) "
            f"SELECT rollup.*, %s, %s FROM ({select}) rollup",
            [version, now, *params],
        )
        rows = cursor.rowcount
    return rows, time.perf_counter() - started


def raw_grouped_scan_seconds() -> tuple[int, float]:
    """How long the raw grouped scan itself takes (run and fetched), to compare a rebuild with."""
    started = time.perf_counter()
    select, params = Assignment.objects.all().rollup_counts().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(select, params)
        rows = len(cursor.fetchall())
    return rows, time.perf_counter() - started
