"""The shared body of `import_organizations` and `import_members`."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from accounts.audit import audit_log
from partybuild.legacy_excel import ImportFailed

from .common import LegacyResource, legacy_import, source_name


class LegacyImportCommand(BaseCommand):
    """Import FILE.xlsx all-or-nothing; print a Chinese summary, warnings, and every error if any."""

    resource_class: type[LegacyResource]
    what = ""

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help=_("历史 Excel 文件（.xlsx）"))
        parser.add_argument("--dry-run", action="store_true", help=_("只检查并统计，不写入数据库"))

    def resource_kwargs(self, options: dict) -> dict:
        """What the command's own options tell the resource (e.g. import_organizations --parent)."""
        return {}

    def handle(self, *args, file: str, dry_run: bool, **options) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("找不到文件：%(file)s；请检查路径是否正确") % {"file": file})
        resource = self.resource_class(**self.resource_kwargs(options))
        try:
            report = legacy_import(resource, path, dry_run=dry_run)
        except ImportFailed as exc:
            if not dry_run:
                audit_log(
                    self.resource_class.audit_action,
                    target=self.resource_class._meta.model,
                    result="failure",
                    detail={"file": source_name(path), "problems": len(exc.problems)},
                )
            for problem in exc.problems:
                self.stderr.write(problem.as_line())
            raise CommandError(
                _("%(what)s导入失败：共%(count)d处问题，未写入任何数据。请改正后重新导入")
                % {"what": self.what, "count": len(exc.problems)}
            ) from None
        done = (
            _("%(what)s导入（试运行，未写入）：%(summary)s")
            if dry_run
            else _("%(what)s导入完成：%(summary)s")
        )
        self.stdout.write(done % {"what": self.what, "summary": report.summary()})
        if report.warnings:
            self.stdout.write(
                _("提醒（已照原样导入，请核对）共%(count)d条：") % {"count": len(report.warnings)}
            )
            for warning in report.warnings:
                self.stdout.write(f"  {warning.as_line()}")
