"""Bulk SQL for the derived rows of an import (the assignments, ~8 per task): no model instances and
no statement per row. On PostgreSQL ids are reserved from the sequence and rows go in by COPY; on
SQLite by one prepared INSERT run many times. History rows are copied from the rows just written by
INSERT … SELECT, inside the database.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

from django.db import connection

BATCH = 1000


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
