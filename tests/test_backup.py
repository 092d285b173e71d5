"""`manage.py backup` / `restore` (issue 6, proof "Backup and restore"): the drill, and every refusal.

On SQLite the default connection is moved to a file copy of the test database for each test, so the
commands work on a real database file as in local mode; in CI's PostgreSQL unit pass they run pg_dump and
pg_restore against the test database. The audit-chain comparison runs `verify_audit` when that command
exists and is skipped (the restore says so, and the drill asserts that message) only when it does not.
"""

import json
import sqlite3
import subprocess
import tarfile

import pytest
from django.core.management import CommandError
from django.db import connection

from ledger.models import Record
from partybuild.backup import database, file_digest
from partybuild.backup.errors import BackupError
from tests.backup_drill import backup, drill, make_evidence, run, wipe

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def drill_database(transactional_db, tmp_path):
    """On SQLite, point the default connection at a file copy of the test database for this test."""
    if connection.vendor != "sqlite":
        yield connection.settings_dict["NAME"]
        return
    connection.ensure_connection()
    memory, name = connection.connection, connection.settings_dict["NAME"]
    path = tmp_path / "drill.sqlite3"
    copy = sqlite3.connect(path)
    memory.backup(copy)
    copy.close()
    connection.connection = None  # kept open below: the in-memory test database lives as long as it does
    connection.settings_dict["NAME"] = str(path)
    try:
        yield path
    finally:
        connection.close()
        connection.settings_dict["NAME"] = name
        connection.connection = memory


@pytest.fixture
def evidence(drill_database, committee_staff, secretary_a):
    return make_evidence(staff=committee_staff, secretary=secretary_a)


def test_the_drill_restores_every_row_and_file_after_a_wipe(
    drill_database, private_root, tmp_path, committee_staff, secretary_a
):
    if connection.vendor == "sqlite":
        assert connection.settings_dict["NAME"] == str(drill_database) and drill_database.stat().st_size > 0

    printed = drill(
        private_root=private_root, output=tmp_path / "backups", staff=committee_staff, secretary=secretary_a
    )

    assert f"恢复目标：数据库 {database.target_description()}" in printed
    assert not (private_root / "evidence" / "stray.bin").exists()  # kept aside, not mixed in
    assert list((private_root / "tmp").glob("before-restore-*/evidence/stray.bin"))


def test_restore_without_yes_names_the_target_and_changes_nothing(evidence, private_root, tmp_path):
    folder, _manifest, _printed = backup(tmp_path / "backups")
    wipe(private_root)

    with pytest.raises(CommandError, match="未做任何改动.*加 --yes 重新运行") as refused:
        run("restore", str(folder))

    assert database.target_description() in str(refused.value)
    assert not Record.objects.exists()


def test_a_backup_whose_archive_was_altered_is_refused_before_anything_is_touched(
    evidence, private_root, tmp_path
):
    folder, _manifest, _printed = backup(tmp_path / "backups")
    with (folder / "files.tar").open("ab") as handle:
        handle.write(b"\0" * 512)
    Record.objects.all().delete()

    with pytest.raises(CommandError, match="files.tar 缺失或已损坏"):
        run("restore", str(folder), "--yes")

    assert not Record.objects.exists()


def test_a_file_changed_inside_a_consistent_looking_archive_is_refused(evidence, private_root, tmp_path):
    folder, manifest, _printed = backup(tmp_path / "backups")
    changed = tmp_path / "changed"
    with tarfile.open(folder / "files.tar") as tar:
        tar.extractall(changed, filter="data")
    victim = next(p for p in changed.rglob("*.png"))
    victim.write_bytes(victim.read_bytes()[:-1] + b"!")
    with tarfile.open(folder / "files.tar", "w") as tar:
        for path in sorted(p for p in changed.rglob("*") if p.is_file()):
            tar.add(path, arcname=path.relative_to(changed).as_posix())
    manifest["files_archive"] = file_digest(folder / "files.tar")
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    Record.objects.all().delete()

    with pytest.raises(CommandError, match="备份中的文件与清单不符.*SHA-256 与清单不符"):
        run("restore", str(folder), "--yes")

    assert not Record.objects.exists()
    assert not list((private_root / "tmp").glob("before-restore-*"))


def test_row_counts_that_differ_after_the_restore_fail_the_command(evidence, private_root, tmp_path):
    folder, manifest, _printed = backup(tmp_path / "backups")
    manifest["row_counts"]["ledger_record"] += 1
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")

    with pytest.raises(CommandError, match="恢复后的校验发现 1 处与备份清单不一致"):
        run("restore", str(folder), "--yes")


def test_a_folder_that_is_not_a_backup_is_refused(drill_database, tmp_path):
    with pytest.raises(CommandError, match="无法读取备份清单"):
        run("restore", str(tmp_path), "--yes")


def test_the_backup_is_written_whole_or_not_at_all(drill_database, tmp_path, monkeypatch):
    def fail(path):
        raise BackupError("磁盘已满")

    monkeypatch.setattr("partybuild.backup.files.archive", fail)

    with pytest.raises(CommandError, match="磁盘已满"):
        run("backup", "--output", str(tmp_path / "backups"))

    assert list((tmp_path / "backups").iterdir()) == []


def test_the_postgresql_tools_are_found_in_the_configured_folder_or_refused_in_chinese(settings, tmp_path):
    settings.PARTYBUILD_PG_BIN = str(tmp_path)
    with pytest.raises(BackupError, match="找不到 pg_dump：请安装 PostgreSQL 客户端"):
        database.pg_tool("pg_dump")

    tool = tmp_path / "pg_dump"
    tool.write_text("#!/bin/sh\n")
    tool.chmod(0o755)
    assert database.pg_tool("pg_dump") == str(tool)


def test_the_database_password_reaches_pg_dump_through_the_environment_not_its_command_line(monkeypatch):
    monkeypatch.setitem(connection.settings_dict, "PASSWORD", "s3cret-口令")
    calls = []
    monkeypatch.setattr(
        "partybuild.backup.database.subprocess.run",
        lambda command, **kw: calls.append((command, kw["env"])) or subprocess.CompletedProcess(command, 0),
    )

    database.pg_run(["pg_dump", "--format=custom", "--file=x.dump"])

    [(command, env)] = calls
    assert "s3cret-口令" not in " ".join(command)
    assert env["PGPASSWORD"] == "s3cret-口令" and env["PGDATABASE"] == str(connection.settings_dict["NAME"])
