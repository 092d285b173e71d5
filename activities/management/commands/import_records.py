"""python manage.py import_records KIND FILE.xlsx [--dry-run] — the legacy record imports (CONTRACT.md)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from accounts.audit import audit_log
from activities.imports import UnknownKind, all_kinds, get_kind, import_records
from activities.imports.engine import source_name
from partybuild.legacy_excel import ImportFailed


class Command(BaseCommand):
    help = _("导入历史记录（书记任职、审批前考察、任职谈话等），全部成功才写入；--dry-run 只检查")

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "kind", help=_("导入类型：%(kinds)s") % {"kinds": "、".join(k.name for k in all_kinds())}
        )
        parser.add_argument("file", help=_("历史 Excel 文件（.xlsx）"))
        parser.add_argument("--dry-run", action="store_true", help=_("只检查并统计，不写入数据库"))

    def handle(self, *args, kind: str, file: str, dry_run: bool, **options) -> None:
        try:
            spec = get_kind(kind)
        except UnknownKind as exc:
            raise CommandError(str(exc)) from None
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("找不到文件：%(file)s；请检查路径是否正确") % {"file": file})
        try:
            report = import_records(spec, path, dry_run=dry_run)
        except ImportFailed as exc:
            if not dry_run:
                audit_log(
                    "import",
                    target=spec.model,
                    result="failure",
                    detail={"kind": spec.name, "file": source_name(path), "problems": len(exc.problems)},
                )
            for problem in exc.problems:
                self.stderr.write(problem.as_line())
            raise CommandError(
                _("%(what)s导入失败：共%(count)d处问题，未写入任何数据。请改正后重新导入")
                % {"what": spec.label, "count": len(exc.problems)}
            ) from None
        done = (
            _("%(what)s导入（试运行，未写入）：%(summary)s")
            if dry_run
            else _("%(what)s导入完成：%(summary)s")
        )
        self.stdout.write(done % {"what": spec.label, "summary": report.summary()})
