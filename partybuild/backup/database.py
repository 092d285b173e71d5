"""The database half of a backup: pg_dump / pg_restore on PostgreSQL, the sqlite3 backup API on SQLite.

Row counts are taken from exactly what was dumped: on PostgreSQL inside a repeatable-read transaction
whose snapshot pg_dump shares (--snapshot); on SQLite from the copy itself. Credentials reach the
PostgreSQL tools through the environment (PGPASSWORD …), never on their command line.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connections, transaction
from django.utils.translation import gettext as _

from .errors import BackupError

_SQLITE_TABLES = (
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
)


def pg_tool(name: str) -> str:
    """pg_dump / pg_restore: from PARTYBUILD_PG_BIN if set, else PATH, else /usr/lib/postgresql/*/bin."""
    if settings.PARTYBUILD_PG_BIN:
        candidates = [Path(settings.PARTYBUILD_PG_BIN) / name]
    else:
        on_path = shutil.which(name)
        installed = sorted(
            Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
            key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0,
            reverse=True,
        )
        candidates = ([Path(on_path)] if on_path else []) + installed
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    raise BackupError(
        _(
            "找不到 %(tool)s：请安装 PostgreSQL 客户端（Debian/Ubuntu：apt-get install postgresql-client），"
            "或用环境变量 PARTYBUILD_PG_BIN 指定其所在目录"
        )
        % {"tool": name}
    )


def pg_env(alias: str = "default") -> dict[str, str]:
    """The environment plus the connection's host, port, user, password and database as PG* variables."""
    conf = connections[alias].settings_dict
    options = conf.get("OPTIONS") or {}
    values = {
        "PGHOST": conf.get("HOST"),
        "PGPORT": conf.get("PORT"),
        "PGUSER": conf.get("USER"),
        "PGPASSWORD": conf.get("PASSWORD"),
        "PGDATABASE": conf.get("NAME"),
        "PGSSLMODE": options.get("sslmode"),
        "PGSSLROOTCERT": options.get("sslrootcert"),
    }
    return {**os.environ, **{key: str(value) for key, value in values.items() if value}}


def target_description(alias: str = "default") -> str:
    """What a restore would overwrite, for the operator to read: engine, database name, host."""
    connection = connections[alias]
    conf = connection.settings_dict
    where = (
        f" @ {conf.get('HOST') or 'localhost'}:{conf.get('PORT') or 5432}"
        if connection.vendor != "sqlite"
        else ""
    )
    return f"{connection.vendor} “{conf['NAME']}”{where}"


def pg_run(command: list[str], *, alias: str = "default") -> None:
    """Run a PostgreSQL tool with the connection's credentials in its environment; raise on failure."""
    result = subprocess.run(command, env=pg_env(alias), capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(
            _("%(tool)s 执行失败（退出码 %(code)d）：%(stderr)s")
            % {
                "tool": Path(command[0]).name,
                "code": result.returncode,
                "stderr": result.stderr.strip()[-2000:],
            }
        )


def _count(cursor, tables: list[str], quote) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # table names come from the catalogue
        counts[table] = cursor.fetchone()[0]
    return counts


def row_counts(alias: str = "default") -> dict[str, int]:
    """Rows per table of the live database (every table, Django's or not)."""
    connection = connections[alias]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(_SQLITE_TABLES)
            tables = [row[0] for row in cursor.fetchall()]
        else:
            tables = sorted(connection.introspection.table_names(cursor))
        return _count(cursor, tables, connection.ops.quote_name)


def _refuse_inside_a_transaction(alias: str) -> None:
    if connections[alias].in_atomic_block:
        raise BackupError(_("不能在数据库事务中备份或恢复；请直接在命令行运行"))


def dump(path: Path, *, alias: str = "default") -> dict[str, int]:
    """Write the database to `path`; return the row count of every table in what was written."""
    _refuse_inside_a_transaction(alias)
    connection = connections[alias]
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(path)
        try:
            connection.connection.backup(copy)
            cursor = copy.cursor()
            cursor.execute(_SQLITE_TABLES)
            tables = [row[0] for row in cursor.fetchall()]
            return _count(cursor, tables, connection.ops.quote_name)
        finally:
            copy.close()
    if connection.vendor != "postgresql":
        raise BackupError(_("不支持备份 %(vendor)s 数据库") % {"vendor": connection.vendor})
    with transaction.atomic(using=alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = _count(
            cursor, sorted(connection.introspection.table_names(cursor)), connection.ops.quote_name
        )
        pg_run(
            [pg_tool("pg_dump"), "--format=custom", f"--snapshot={snapshot}", f"--file={path}"], alias=alias
        )
    return counts


def restore(path: Path, *, alias: str = "default") -> None:
    """Replace the database's content with the dump at `path` (all or nothing)."""
    _refuse_inside_a_transaction(alias)
    connection = connections[alias]
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(path)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        return
    connections.close_all()  # our own idle sessions must not hold locks on the tables being replaced
    pg_run(
        [
            pg_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={connection.settings_dict['NAME']}",
            str(path),
        ],
        alias=alias,
    )
