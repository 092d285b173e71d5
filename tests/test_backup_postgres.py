"""The backup drill on the production stack: PostgreSQL with pg_dump / pg_restore (run by .ci/run).

Back up, wipe, restore, then compare the row count of every table, every file digest and — when the
`verify_audit` command exists — the audit chain (only that comparison is skipped, with the restore saying
so, while the command does not exist yet). A row written while the backup runs is in neither the dump
nor the manifest's counts: both come from one snapshot.
"""

import json

import psycopg2
import pytest
from django.db import connection

from accounts.models import Unit
from partybuild.backup import database
from tests.backup_drill import backup, drill, run

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_the_drill_restores_every_table_and_file_on_postgresql(
    private_root, tmp_path, committee_staff, secretary_a
):
    assert connection.vendor == "postgresql"

    printed = drill(
        private_root=private_root, output=tmp_path / "backups", staff=committee_staff, secretary=secretary_a
    )

    assert "postgresql" in printed and "校验通过" in printed


def test_a_row_written_during_the_backup_is_in_neither_the_dump_nor_the_counts(
    private_root, tmp_path, monkeypatch
):
    before = Unit.objects.count()
    real_run = database.pg_run

    def write_then_dump(command, **kwargs):
        conf = connection.settings_dict
        other = psycopg2.connect(
            dbname=conf["NAME"],
            user=conf["USER"],
            password=conf["PASSWORD"],
            host=conf["HOST"],
            port=conf["PORT"],
        )
        other.autocommit = True
        with other.cursor() as cursor:
            cursor.execute(
                "INSERT INTO accounts_unit (name, short_name, nature) VALUES ('备份期间新增单位', '', '')"
            )
        other.close()
        real_run(command, **kwargs)

    monkeypatch.setattr(database, "pg_run", write_then_dump)
    folder, manifest, _printed = backup(tmp_path / "backups")
    monkeypatch.undo()

    assert manifest["row_counts"]["accounts_unit"] == before
    assert Unit.objects.count() == before + 1
    run("restore", str(folder), "--yes")
    assert Unit.objects.count() == before
    assert json.loads((folder / "manifest.json").read_text())["database"]["vendor"] == "postgresql"
