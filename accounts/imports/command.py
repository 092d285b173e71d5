"""The shared body of `import_organizations` and `import_members`."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from partybuild.legacy_excel import ImportFailed

from .common import LegacyResource, legacy_import


class LegacyImportCommand(BaseCommand):
    """Import FILE.xlsx all-or-nothing; print a Chinese summary, warnings, and every error if any."""

    resource_class: type[LegacyResource]
    what = ""

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="历史 Excel 文件（.xlsx）")
        parser.add_argument("--dry-run", action="store_true", help="只检查并统计，不写入数据库")

    def handle(self, *args, file: str, dry_run: bool, **options) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件：{file}；请检查路径是否正确")
        try:
            report = legacy_import(self.resource_class(), path, dry_run=dry_run)
        except ImportFailed as exc:
            for problem in exc.problems:
                self.stderr.write(problem.as_line())
            raise CommandError(
                f"{self.what}导入失败：共{len(exc.problems)}处问题，未写入任何数据。请改正后重新导入"
            ) from None
        self.stdout.write(f"{self.what}导入{'（试运行，未写入）' if dry_run else '完成'}：{report.summary()}")
        if report.warnings:
            self.stdout.write(f"提醒（已照原样导入，请核对）共{len(report.warnings)}条：")
            for warning in report.warnings:
                self.stdout.write(f"  {warning.as_line()}")
