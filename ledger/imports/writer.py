"""Write a checked ledger in bulk, with history rows, in one transaction.

A 10,000-row file writes ~20,000 rows (items, tasks, the two M2M tables) and a history row for
each; the ~8 assignments per task follow after commit (materialize.py), with the same helpers.
No model instances and no statement per object: on PostgreSQL the ids are reserved from the
sequences and every table is filled with one COPY; on SQLite with multi-row INSERTs. History rows
are copied from the rows just written by INSERT … SELECT, inside the database. Rows that already
exist (items by (plan, title), tasks by (item, title)) are left as they are, so importing the same
file twice creates nothing the second time.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User

from ..models import Item, Plan, Task
from ..services import plan_state_for_import
from .reader import ParsedLedger, ParsedTask

BATCH = 1000
Progress = Callable[[str, int, int], None]
_TASK_FIELDS = [
    "item_id",
    "seq",
    "title",
    "standard",
    "deadline",
    "deadline_text",
    "recurrence",
    "responsible_text",
    "notes",
]


@dataclass
class ExistingState:
    """What the database already holds for the year, looked up in three queries."""

    plan: Plan | None
    items: dict[str, Item]
    tasks: set[tuple[str, str]]

    @classmethod
    def load(cls, year: int) -> ExistingState:
        plan = Plan.objects.filter(year=year).first()
        if plan is None:
            return cls(None, {}, set())
        items = {item.title: item for item in Item.objects.filter(plan=plan)}
        tasks = set(Task.objects.filter(item__plan=plan).values_list("item__title", "title"))
        return cls(plan, items, tasks)


def default_plan_title(year: int) -> str:
    return f"{year}年机关党建工作台账"


def _no_progress(phase: str, done: int, total: int) -> None:
    return None


@dataclass
class WriteResult:
    """Counts of what was created and kept, and the new tasks whose assignments are still to write."""

    counts: dict[str, int]
    plan_id: int
    task_ids: list[int]


@transaction.atomic
def ledger_write(
    *, parsed: ParsedLedger, year: int, by: User | None, progress: Progress | None = None
) -> WriteResult:
    """Create what the parsed ledger adds for `year`, except assignments (assignments_materialize)."""
    progress = progress or _no_progress
    existing = ExistingState.load(year)
    # One timestamp for the whole import, in the form the backend stores, so SQLite's M2M history
    # join can find the task history rows by it.
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    user_id = by.pk if by else None
    plan = existing.plan
    if plan is None:
        plan = Plan(year=year, title=default_plan_title(year), state=plan_state_for_import(year))
        plan._history_user = by
        plan.full_clean()
        plan.save()

    item_ids = {title: item.pk for title, item in existing.items.items()}
    new_items: dict[str, int] = {}
    for task in parsed.tasks:
        if task.item_title not in item_ids and task.item_title not in new_items:
            new_items[task.item_title] = task.item_seq
    rows = [(plan.pk, seq, title) for title, seq in new_items.items()]
    created_items = _insert_with_ids(Item, ["plan_id", "seq", "title"], rows, key=lambda row: row[2])
    item_ids.update(created_items)
    _copy_to_history(Item, list(created_items.values()), user_id=user_id, now=now, key="id")

    todo = [t for t in parsed.tasks if (t.item_title, t.title) not in existing.tasks]
    progress("写入任务", 0, len(todo))
    task_rows = [
        (
            item_ids[t.item_title],
            t.seq,
            t.title,
            t.standard,
            t.deadline,
            t.deadline_text,
            t.recurrence,
            t.responsible_text,
            t.notes,
        )
        for t in todo
    ]
    by_key = _insert_with_ids(Task, _TASK_FIELDS, task_rows, key=lambda row: (row[0], row[2]))
    task_ids = [by_key[(row[0], row[2])] for row in task_rows]
    history_ids = _copy_to_history(Task, task_ids, user_id=user_id, now=now, key="id", returning=_postgres())
    _write_m2m(todo, task_ids, history_ids, now=now)
    progress("写入任务", len(todo), len(todo))

    counts = {
        "rows": parsed.rows_read,
        "items_created": len(created_items),
        "items_existing": len(parsed.item_titles) - len(created_items),
        "tasks_created": len(task_ids),
        "tasks_existing": len(parsed.tasks) - len(task_ids),
    }
    return WriteResult(counts=counts, plan_id=plan.pk, task_ids=task_ids)


# ----------------------------------------------------------------------------- what is written


def _write_m2m(todo: list[ParsedTask], task_ids: list[int], history_ids: dict[int, int], *, now) -> None:
    """The responsible orgs and groups of each new task, and the same rows in the task's history.

    Each history row copies its through row (id included) and points at the task's "+" row.
    """
    for attr, ids_of, fk in (
        ("responsible_orgs", lambda t: t.org_ids, "organization_id"),
        ("responsible_groups", lambda t: t.group_ids, "orggrouprule_id"),
    ):
        through = getattr(Task, attr).through
        historical = getattr(Task.history.model, attr).model
        rows = [
            (task_id, pk) for parsed, task_id in zip(todo, task_ids, strict=True) for pk in ids_of(parsed)
        ]
        if not rows:
            continue
        if _postgres():
            # Ids known up front: both tables in one COPY each, no join for the planner to misjudge
            # on tables it has no statistics for yet.
            ids = _reserve_ids(through, len(rows))
            _copy(
                through._meta.db_table,
                ["id", "task_id", fk],
                [(pk, *r) for pk, r in zip(ids, rows, strict=True)],
            )
            _copy(
                historical._meta.db_table,
                ["id", "task_id", fk, "history_id"],
                [(pk, t, o, history_ids[t]) for pk, (t, o) in zip(ids, rows, strict=True)],
            )
            continue
        _insert_rows(through, ["task_id", fk], rows)
        quote = connection.ops.quote_name
        sql = (
            f"INSERT INTO {quote(historical._meta.db_table)} (id, task_id, {fk}, history_id) "
            f"SELECT t.id, t.task_id, t.{fk}, h.history_id FROM {quote(through._meta.db_table)} t "
            f"JOIN {quote(Task.history.model._meta.db_table)} h "
            "ON h.id = t.task_id AND h.history_type = '+' AND h.history_date = %s WHERE t.task_id"
        )
        _execute_for_ids(sql, [now], task_ids)


def _copy_to_history(
    model,
    ids: list[int],
    *,
    user_id,
    now,
    key: str = "task_id",
    returning: bool = False,
    after_id: int | None = None,
) -> dict[int, int]:
    """History rows ("+") for every row of `model` whose `key` is in `ids`, copied by INSERT … SELECT.

    With `after_id`, for every row whose `key` is above it instead. With `returning` (PostgreSQL),
    {row id: history_id} of the rows written.
    """
    if not ids and after_id is None:
        return {}
    history = model.history.model
    quote = connection.ops.quote_name
    targets, sources, params = [], [], []
    for field in history._meta.concrete_fields:
        column = field.column
        if column == "history_id":
            continue
        targets.append(quote(column))
        if column == "history_date":
            sources.append("%s")
            params.append(now)
        elif column == "history_user_id":
            sources.append("%s")
            params.append(user_id)
        elif column == "history_type":
            sources.append("'+'")
        elif column == "history_change_reason":
            sources.append("NULL")
        else:
            sources.append(quote(column))
    sql = (
        f"INSERT INTO {quote(history._meta.db_table)} ({', '.join(targets)}) "
        f"SELECT {', '.join(sources)} FROM {quote(model._meta.db_table)} WHERE {quote(key)}"
    )
    if after_id is not None:
        with connection.cursor() as cursor:
            cursor.execute(sql + " > %s", [*params, after_id])
        return {}
    if returning:
        with connection.cursor() as cursor:
            cursor.execute(sql + " = ANY(%s) RETURNING id, history_id", [*params, list(ids)])
            return dict(cursor.fetchall())
    _execute_for_ids(sql, params, ids)
    return {}


# ----------------------------------------------------------------------------- bulk SQL


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _execute_for_ids(sql: str, params: list, ids: list[int]) -> None:
    """Run `sql … WHERE col` for the ids: one array parameter on PostgreSQL, IN-lists of BATCH elsewhere."""
    with connection.cursor() as cursor:
        if _postgres():
            cursor.execute(sql + " = ANY(%s)", [*params, list(ids)])
            return
        for start in range(0, len(ids), BATCH):
            chunk = ids[start : start + BATCH]
            cursor.execute(sql + " IN (" + ", ".join(["%s"] * len(chunk)) + ")", [*params, *chunk])


def _with_defaults(model, columns: list[str]) -> tuple[list[str], tuple]:
    """`columns` plus every other concrete column at its model default, so a new field is not forgotten."""
    extra_columns, extra_values = [], []
    for field in model._meta.concrete_fields:
        if field.primary_key or field.column in columns:
            continue
        extra_columns.append(field.column)
        extra_values.append(field.get_db_prep_save(field.get_default(), connection))
    return [*columns, *extra_columns], tuple(extra_values)


def _insert_rows(model, columns: list[str], rows: list[tuple]) -> None:
    """Write rows without model instances: COPY on PostgreSQL, multi-row INSERTs elsewhere."""
    if not rows:
        return
    columns, defaults = _with_defaults(model, columns)
    if defaults:
        rows = [row + defaults for row in rows]
    if _postgres():
        _copy(model._meta.db_table, columns, rows)
        return
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _insert_with_ids(model, columns: list[str], rows: list[tuple], *, key: Callable) -> dict:
    """Insert rows and return {key(row): new id}; `key` must be unique (a unique constraint's fields)."""
    if not rows:
        return {}
    if _postgres():
        ids = _reserve_ids(model, len(rows))
        _insert_rows(model, ["id", *columns], [(pk, *row) for pk, row in zip(ids, rows, strict=True)])
        return {key(row): pk for pk, row in zip(ids, rows, strict=True)}
    # RETURNING the key columns too: the order of RETURNING rows is not promised, the key is.
    full, defaults = _with_defaults(model, columns)
    quote = connection.ops.quote_name
    head = f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(c) for c in full)}) VALUES "
    tail = f" RETURNING id, {', '.join(quote(c) for c in columns)}"
    one = "(" + ", ".join(["%s"] * len(full)) + ")"
    per_statement = max(1, 30_000 // len(full) // 10)
    found: dict = {}
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            cursor.execute(
                head + ", ".join([one] * len(chunk)) + tail, [v for row in chunk for v in (*row, *defaults)]
            )
            for pk, *values in cursor.fetchall():
                found[key(tuple(values))] = pk
    return found


def _reserve_ids(model, count: int) -> list[int]:
    """`count` fresh ids from the table's sequence, so COPY can write rows whose ids we already know."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [model._meta.db_table, count],
        )
        return [pk for (pk,) in cursor.fetchall()]


def _copy_value(value) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, int | Decimal | float):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _copy_text(rows: Iterable[Sequence]) -> str:
    # Ids are most of the values and dates, codes and defaults repeat: render each distinct one once.
    # Keyed by type too, since True == 1 == Decimal(1) as dict keys.
    rendered: dict[tuple[type, object], str] = {}
    lines = []
    for row in rows:
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
        lines.append("\t".join(fields))
    lines.append("")
    return "\n".join(lines)


def _copy(table: str, columns: list[str], rows: list[tuple]) -> None:
    """COPY … FROM STDIN in text format, in pages so the buffer stays a few MB."""
    quote = connection.ops.quote_name
    sql = f"COPY {quote(table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
    page = 50_000
    with connection.cursor() as cursor:
        raw = cursor.cursor
        for start in range(0, len(rows), page):
            data = _copy_text(rows[start : start + page])
            if hasattr(raw, "copy_expert"):  # psycopg2
                raw.copy_expert(sql, io.StringIO(data))
            else:  # psycopg 3
                with raw.copy(sql) as copy:
                    copy.write(data)
