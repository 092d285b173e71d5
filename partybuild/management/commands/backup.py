"""`manage.py backup [--output DIR]`: the database and the private files, with a manifest of digests."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from accounts.audit import audit_log
from partybuild.backup import backup_create
from partybuild.backup.errors import BackupError


class Command(BaseCommand):
    help = "备份数据库和私有文件（佐证材料等），生成带 SHA-256 和各表行数的清单"

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", help=_("备份存放目录（默认 PARTYBUILD_BACKUP_DIR）；其下新建带时间的文件夹")
        )

    def handle(self, *args, output: str | None, **options):
        try:
            folder = backup_create(output=Path(output) if output else None, say=self.stdout.write)
        except BackupError as error:
            audit_log("backup.create", result="failure", detail={"error": error.message})
            raise CommandError(error.message) from None
        audit_log("backup.create", detail={"folder": str(folder)})
