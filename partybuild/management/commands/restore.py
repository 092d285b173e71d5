"""`manage.py restore BACKUP --yes`: put a backup back, then prove it is whole (row counts, file digests,
the audit chain). Overwrites the current database and private files, so it says which database first
and does nothing without --yes (or the database name typed at a terminal)."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import audit_log
from partybuild.backup import backup_restore, database, read_manifest
from partybuild.backup.errors import BackupError
from partybuild.storage import private_root


class Command(BaseCommand):
    help = "从 backup 命令生成的备份恢复数据库和私有文件，并校验行数、文件指纹和审计日志链（须加 --yes）"

    def add_arguments(self, parser):
        parser.add_argument("backup", help=_("备份文件夹（backup 命令生成，内有 manifest.json）"))
        parser.add_argument("--yes", action="store_true", help=_("确认用备份覆盖当前数据库和私有文件"))

    def handle(self, *args, backup: str, yes: bool, **options):
        try:
            folder, manifest = read_manifest(Path(backup))
        except BackupError as error:
            raise CommandError(error.message) from None
        target = database.target_description()
        created = timezone.localtime(datetime.fromisoformat(manifest["created_at"]))
        self.stdout.write(
            _("恢复目标：数据库 %(db)s；私有文件目录 %(root)s") % {"db": target, "root": private_root()}
        )
        self.stdout.write(
            _("备份：%(folder)s（%(when)s 备份自数据库“%(name)s”，%(tables)d 张表、%(files)d 个文件）")
            % {
                "folder": folder,
                "when": f"{created:%Y-%m-%d %H:%M}",
                "name": manifest["database"]["name"],
                "tables": len(manifest["row_counts"]),
                "files": len(manifest["files"]),
            }
        )
        if not (yes or self._typed_the_name()):
            raise CommandError(
                _(
                    "恢复会用备份覆盖数据库 %(db)s 的全部数据和全部私有文件，未做任何改动。"
                    "请先停止 web、worker、beat，确认目标无误后加 --yes 重新运行"
                )
                % {"db": target}
            )
        try:
            problems = backup_restore(folder, say=self.stdout.write)
        except BackupError as error:
            raise CommandError(error.message) from None
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(
                _("恢复后的校验发现 %(count)d 处与备份清单不一致（见上）；请勿启用系统，检查备份后重新恢复")
                % {"count": len(problems)}
            )
        self.stdout.write(
            _("校验通过：%(tables)d 张表的行数、%(files)d 个文件的 SHA-256 均与备份清单一致")
            % {
                "tables": len(manifest["row_counts"]),
                "files": len(manifest["files"]),
            }
        )
        self._verify_audit_chain()
        audit_log("backup.restore", detail={"folder": str(folder), "created_at": manifest["created_at"]})
        self.stdout.write(self.style.SUCCESS(_("恢复完成")))

    def _typed_the_name(self) -> bool:
        if not sys.stdin.isatty():
            return False
        name = str(connections["default"].settings_dict["NAME"])
        return input(_("请输入目标数据库名“%(name)s”确认恢复：") % {"name": name}).strip() == name

    def _verify_audit_chain(self) -> None:
        if "verify_audit" not in get_commands():
            self.stdout.write(_("未安装 verify_audit 命令，跳过审计日志链校验"))
            return
        try:
            call_command("verify_audit", stdout=self.stdout, stderr=self.stderr)
        except (CommandError, SystemExit) as error:
            raise CommandError(
                _("审计日志链校验失败：%(error)s；备份中的审计日志可能已被改动，请勿启用系统")
                % {"error": error}
            ) from None
        self.stdout.write(_("审计日志链校验通过"))
