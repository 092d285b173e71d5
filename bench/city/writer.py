"""Rows straight into tables: COPY on PostgreSQL, one prepared `executemany` on SQLite.

The generator writes hundreds of thousands of rows per table; model instances, signals and history
would turn minutes into hours. Rows are dicts keyed by field name (`organization_id` or
`organization` for a foreign key); every concrete column a row leaves out gets the field's default,
so a field another issue adds (with a default) needs no change here. Ids are given explicitly
(`reserve`), so children can point at parents without reading anything back, and the sequences are
moved past them afterwards.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime
from itertools import islice
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models

CHUNK = 50_000


def _text(value: Any) -> str:
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _utc_naive(value: datetime) -> str:
    # What Django's SQLite backend stores for an aware datetime (USE_TZ): naive UTC as text.
    return str(value.astimezone(UTC).replace(tzinfo=None))


def _converter(field: models.Field, vendor: str) -> Callable[[Any], Any]:
    """How a Python value of this column becomes what the database takes (COPY text on PostgreSQL)."""
    postgres = vendor == "postgresql"
    if isinstance(field, models.DateTimeField):
        convert = (lambda v: v.isoformat()) if postgres else _utc_naive
    elif isinstance(field, models.DateField):
        convert = date.isoformat
    elif isinstance(field, models.BooleanField):
        convert = (lambda v: "t" if v else "f") if postgres else int
    elif isinstance(field, models.JSONField):
        convert = (lambda v: _text(json.dumps(v, ensure_ascii=False))) if postgres else json.dumps
    elif isinstance(field, (models.DecimalField, models.IntegerField, models.ForeignKey, models.AutoField)):
        convert = str if postgres or isinstance(field, models.DecimalField) else (lambda v: v)
    else:
        convert = _text if postgres else (lambda v: v)
    null = r"\N" if postgres else None
    return lambda v: null if v is None else convert(v)


class _Column:
    """One column of a table: its name, its default, and how a Python value becomes the database's."""

    def __init__(self, field: models.Field, vendor: str):
        self.name = field.column
        self.keys = (field.attname, field.name)
        self.default = None if field.primary_key else self._default(field)
        self.convert = _converter(field, vendor)

    @staticmethod
    def _default(field: models.Field) -> Any:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            return datetime.now(UTC)
        if field.has_default():
            return field.get_default()
        if field.null:
            return None
        if isinstance(field, (models.CharField, models.TextField, models.FileField)):
            return ""
        return None


def _columns(model: type[models.Model], vendor: str) -> list[_Column]:
    return [_Column(f, vendor) for f in model._meta.concrete_fields]


def _batches(rows: Iterable, size: int) -> Iterator[list]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


class Writer:
    """Writes rows of one model at a time on Django's default connection, inside the caller's transaction."""

    def __init__(self) -> None:
        self.vendor = connection.vendor
        self._next: dict[str, int] = {}
        self.counts: dict[str, int] = {}

    def reserve(self, model: type[models.Model], count: int) -> range:
        """`count` fresh ids for `model`, above every id the table holds and every id reserved before."""
        table = model._meta.db_table
        if table not in self._next:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT COALESCE(MAX({model._meta.pk.column}), 0) FROM {_quote(table)}")
                self._next[table] = cursor.fetchone()[0] + 1
        start = self._next[table]
        self._next[table] = start + count
        return range(start, start + count)

    def insert(self, model: type[models.Model], rows: Iterable[dict]) -> int:
        """Insert `rows` (dicts by field name; a missing column takes its default, a missing id a fresh
        one, written into the dict). Returns the count."""
        columns = _columns(model, self.vendor)
        written = 0
        pk = model._meta.pk
        for batch in _batches(rows, CHUNK):
            missing = [row for row in batch if pk.attname not in row and pk.name not in row]
            for row, new_id in zip(missing, self.reserve(model, len(missing)), strict=True):
                row[pk.attname] = new_id
            tuples = [self._row(columns, row) for row in batch]
            if self.vendor == "postgresql":
                self._copy(model, columns, tuples)
            else:
                self._executemany(model, columns, tuples)
            written += len(tuples)
        self.counts[model._meta.label] = self.counts.get(model._meta.label, 0) + written
        self._reset_sequence(model)
        return written

    @staticmethod
    def _row(columns: list[_Column], row: dict) -> list:
        values = []
        for column in columns:
            name, alt = column.keys
            if name in row:
                value = row[name]
            elif alt in row:
                value = row[alt]
                value = value.pk if isinstance(value, models.Model) else value
            else:
                value = column.default
            values.append(column.convert(value))
        return values

    def _copy(self, model, columns, tuples) -> None:
        buffer = io.StringIO()
        for values in tuples:
            buffer.write("\t".join(values))
            buffer.write("\n")
        buffer.seek(0)
        names = ", ".join(_quote(c.name) for c in columns)
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(f"COPY {_quote(model._meta.db_table)} ({names}) FROM STDIN", buffer)

    def _executemany(self, model, columns, tuples) -> None:
        names = ", ".join(_quote(c.name) for c in columns)
        marks = ", ".join("%s" for _ in columns)
        sql = f"INSERT INTO {_quote(model._meta.db_table)} ({names}) VALUES ({marks})"
        with connection.cursor() as cursor:
            cursor.executemany(sql, tuples)

    def _reset_sequence(self, model) -> None:
        if self.vendor != "postgresql":
            return  # SQLite's AUTOINCREMENT-free rowid follows MAX(id) by itself
        statements = connection.ops.sequence_reset_sql(no_style(), [model])
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)
