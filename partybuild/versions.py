"""A version of what some tables hold, read in one query: the newest primary key of each table, its
history table's included (django-simple-history writes a history row on every save and delete), so a
row created, changed or deleted in them makes a new version. Writes that leave no new row anywhere (a
queryset `update()` of a table without history) are not seen: whoever caches on a version also bounds
how long an entry lives.
"""

from __future__ import annotations

import functools
from hashlib import sha256

from django.apps import apps
from django.db import connection, models

Table = tuple[str, str]  # (table, primary key column)


@functools.cache
def app_tables(app_labels: tuple[str, ...], extra: tuple[str, ...] = ()) -> tuple[Table, ...]:
    """The tables of the apps' models (history and many-to-many tables included) and of the `extra`
    models ("app.Model") with their history, each with its integer primary key column."""
    chosen = [
        m for label in app_labels for m in apps.get_app_config(label).get_models(include_auto_created=True)
    ]
    for name in extra:
        model = apps.get_model(name)
        chosen.append(model)
        history = getattr(model, "history", None)
        if history is not None:
            chosen.append(history.model)
    return tuple(
        sorted(
            {
                (m._meta.db_table, m._meta.pk.column)
                for m in chosen
                if isinstance(m._meta.pk, models.AutoField | models.BigAutoField)
            }
        )
    )


def tables_version(tables: tuple[Table, ...]) -> str:
    """One SELECT of MAX(pk) per table (each the last entry of its primary key index), hashed."""
    quote = connection.ops.quote_name
    columns = ", ".join(f"(SELECT MAX({quote(pk)}) FROM {quote(table)})" for table, pk in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns}")
        row = cursor.fetchone()
    return sha256(repr(row).encode()).hexdigest()
