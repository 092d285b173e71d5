"""The summary table (AssignmentRollup), kept in step by every write in the writer's own transaction.

A row holds, for one (org, item, period, due date), how many assignments there are and how many of
them have no record, a submitted, returned or accepted one, and were first reported on time or late
(AssignmentQuerySet.rollup_counts, the one definition). Writers change it by adding differences:

- `rollup_tracking(assignments)`: around a change to some (locked) assignments or their records, the
  rows' counts before and after are read with rollup_counts and the difference added;
- `rollup_add_new(keys)`: assignments just created have no record (total and 未提交 only);
- `rollup_rebuild()`: everything from scratch (`manage.py rebuild_rollup`, after bulk loads).

Every difference is added twice, in the same statement batch: to the org's row and to its top-level
org's row (TopOrgRollup, what committee-wide summaries read). `rollup_rebuild_tops(top_ids)` refills the
latter from the former, for all tops or those an org move touched.

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
from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.functions import Substr
from django.utils import timezone

from accounts.models import Organization

from ..models import Assignment, AssignmentRollup, TopOrgRollup

Key = tuple[int, int, str, date]
COUNTS = ("total", "unsubmitted", "submitted", "returned", "accepted", "on_time", "late")
KEY_COLUMNS = ("organization_id", "item_id", "period", "due_date")
TOP_KEY_COLUMNS = ("top_id", "item_id", "period", "due_date")
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


def _upsert(model, key_columns: tuple[str, ...], rows: list[tuple[tuple, tuple[int, ...]]]) -> None:
    """Add each row's counts to the row with its key (inserted when missing), bumping its version."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = [*key_columns, *COUNTS, "version", "updated_at"]
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    updates = ", ".join(f"{quote(c)} = {table}.{quote(c)} + excluded.{quote(c)}" for c in COUNTS)
    conflict = ", ".join(quote(c) for c in key_columns)
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), _BATCH):
            chunk = rows[start : start + _BATCH]
            params = []
            for (owner_id, item_id, period, due), delta in chunk:
                params += [
                    owner_id,
                    item_id,
                    period,
                    connection.ops.adapt_datefield_value(due),
                    *delta,
                    1,
                    now,
                ]
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(quote(c) for c in columns)}) "
                f"VALUES {', '.join([one] * len(chunk))} "
                f"ON CONFLICT ({conflict}) DO UPDATE SET {updates}, "
                f"{quote('version')} = {table}.{quote('version')} + 1, "
                f"{quote('updated_at')} = excluded.{quote('updated_at')}",
                params,
            )


def top_org_ids(org_ids: Iterable[int]) -> dict[int, int]:
    """Each org's top-level org: the committee's child it lies under (the committee is its own)."""
    top_path = Substr(OuterRef("path"), 1, Organization.steplen * 2)
    top = Organization.objects.filter(path=top_path).values("pk")[:1]
    return dict(
        Organization.objects.filter(pk__in=list(org_ids))
        .annotate(top_id=Subquery(top))
        .values_list("pk", "top_id")
    )


def rollup_apply(deltas: dict[Key, tuple[int, ...]]) -> None:
    """Add `deltas` to both tables; keys not there yet are inserted. Call inside the writer's transaction."""
    rows = sorted((key, delta) for key, delta in deltas.items() if any(delta))
    if not rows:
        return
    _upsert(AssignmentRollup, KEY_COLUMNS, rows)
    tops = top_org_ids({key[0] for key, _delta in rows})
    by_top: dict[Key, list[int]] = {}
    for (org_id, *rest), delta in rows:
        summed = by_top.setdefault((tops[org_id], *rest), [0] * len(COUNTS))
        for i, n in enumerate(delta):
            summed[i] += n
    # Sorted keys: two writers touching the same top rows lock them in one order (no deadlock).
    _upsert(TopOrgRollup, TOP_KEY_COLUMNS, sorted((k, tuple(v)) for k, v in by_top.items() if any(v)))


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
    """Empty both tables and fill them from every assignment (one INSERT … SELECT each); (rows, seconds)."""
    started = time.perf_counter()
    quote = connection.ops.quote_name
    table = quote(AssignmentRollup._meta.db_table)
    select, params = Assignment.objects.all().rollup_counts().query.sql_with_params()
    columns = [*KEY_COLUMNS, *COUNTS, "version", "updated_at"]
    with connection.cursor() as cursor, _indexes_rebuilt_after(AssignmentRollup):
        # TRUNCATE (PostgreSQL) empties the table without visiting its rows; it holds the table's lock
        # until the rebuild commits, so summaries wait for the new numbers rather than read half of them.
        cursor.execute(f"TRUNCATE {table}" if connection.vendor == "postgresql" else f"DELETE FROM {table}")
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(quote(c) for c in columns)}) "
            f"SELECT rollup.*, %s, %s FROM ({select}) rollup",
            [*_fresh_version(), *params],
        )
        rows = cursor.rowcount
    rollup_rebuild_tops()
    return rows, time.perf_counter() - started


@contextmanager
def _indexes_rebuilt_after(model) -> Iterator[None]:
    """On PostgreSQL, fill the emptied table without its unique key and indexes and build them once
    afterwards (in the same transaction): one sort per index instead of a million index insertions."""
    if connection.vendor != "postgresql":
        yield
        return
    constraints, indexes = model._meta.constraints, model._meta.indexes
    with connection.schema_editor(atomic=False) as editor:
        for constraint in constraints:
            editor.remove_constraint(model, constraint)
        for index in indexes:
            editor.remove_index(model, index)
    yield
    with connection.schema_editor(atomic=False) as editor:
        for constraint in constraints:
            editor.add_constraint(model, constraint)
        for index in indexes:
            editor.add_index(model, index)


def _fresh_version() -> list:
    # A new version for every row (the clock, so a rebuilt row never repeats an ETag seen before).
    return [time.time_ns() // 1000, connection.ops.adapt_datetimefield_value(timezone.now())]


def rollup_rebuild_tops(top_ids: Iterable[int] | None = None) -> int:
    """Refill TopOrgRollup from AssignmentRollup: every top, or only `top_ids` (after an org moved)."""
    quote = connection.ops.quote_name
    table, rollup = quote(TopOrgRollup._meta.db_table), quote(AssignmentRollup._meta.db_table)
    orgs = quote(Organization._meta.db_table)
    columns = ", ".join(quote(c) for c in (*TOP_KEY_COLUMNS, *COUNTS, "version", "updated_at"))
    sums = ", ".join(f"SUM(r.{quote(c)})" for c in COUNTS)
    only, only_params = "", []
    if top_ids is not None:
        top_ids = sorted(set(top_ids))
        if not top_ids:
            return 0
        only, only_params = f" IN ({', '.join(['%s'] * len(top_ids))})", top_ids
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}" + (f" WHERE top_id{only}" if only else ""), only_params)
        cursor.execute(
            f"INSERT INTO {table} ({columns}) "
            f"SELECT t.id, r.item_id, r.period, r.due_date, {sums}, %s, %s "
            f"FROM {rollup} r JOIN {orgs} o ON o.id = r.organization_id "
            f"JOIN {orgs} t ON t.path = SUBSTR(o.path, 1, %s) "
            + (f"WHERE t.id{only} " if only else "")
            + "GROUP BY t.id, r.item_id, r.period, r.due_date",
            [*_fresh_version(), Organization.steplen * 2, *only_params],
        )
        return cursor.rowcount


def rollup_follow_move(*, old_top_id: int | None, new_top_id: int | None, **_signal) -> None:
    """accounts.signals.organization_moved: refill the summary rows of the top-level orgs concerned."""
    if old_top_id != new_top_id:
        rollup_rebuild_tops([i for i in (old_top_id, new_top_id) if i is not None])


def raw_grouped_scan_seconds() -> tuple[int, float]:
    """How long the raw grouped scan itself takes (run and fetched), to compare a rebuild with."""
    started = time.perf_counter()
    select, params = Assignment.objects.all().rollup_counts().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(select, params)
        rows = len(cursor.fetchall())
    return rows, time.perf_counter() - started
