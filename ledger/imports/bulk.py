"""The one bulk write of an import's derived rows: its assignments (~8 per task), with their history.

`assignments_insert` is the only way in. No model instances and no statement per row: on PostgreSQL
ids are reserved from the sequence and the rows go in by COPY; on SQLite by one prepared INSERT run
many times, under the write lock SQLite holds for the transaction. Either way each history row is
copied from the row just written (INSERT … SELECT inside the database), so it is what was stored.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from ..models import Assignment

BATCH = 1000

ASSIGNMENT_COLUMNS = ["task_id", "organization_id", "period", "period_start", "due_date"]


def assignments_insert(rows: list[tuple], *, user_id: int | None) -> None:
    """Insert assignment `rows` (values in ASSIGNMENT_COLUMNS order) and a "+" history row for each.

    Call inside a transaction that holds the tasks' row locks (assignments_materialize does).
    """
    if not rows:
        return
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    if _postgres():
        ids = _reserve_ids(Assignment, len(rows))
        _insert_rows(
            Assignment, ["id", *ASSIGNMENT_COLUMNS], [(pk, *r) for pk, r in zip(ids, rows, strict=True)]
        )
        _copy_to_history(Assignment, user_id=user_id, now=now, where="= ANY(%s)", args=[ids])
        return
    # SQLite: the write lock is held for the transaction, so every id above the old maximum is ours.
    last = Assignment.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    _insert_rows(Assignment, ASSIGNMENT_COLUMNS, rows)
    _copy_to_history(Assignment, user_id=user_id, now=now, where="> %s", args=[last])


def _copy_to_history(model, *, user_id, now, where: str, args: list) -> None:
    """History rows ("+") for the rows of `model` whose id matches `where`, copied by INSERT … SELECT."""
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
        f"SELECT {', '.join(sources)} FROM {quote(model._meta.db_table)} WHERE {quote('id')} {where}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *args])


def _postgres() -> bool:
    return connection.vendor == "postgresql"


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
    """Write rows without model instances: COPY on PostgreSQL, one prepared INSERT elsewhere."""
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
