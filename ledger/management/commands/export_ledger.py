"""`manage.py export_ledger --year 2020 OUT.xlsx`: the formatted ledger workbook, every org included."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from accounts.audit import audit_log
from ledger.exports import ledger_export
from ledger.models import Plan
from partybuild.periods import year_argument


class Command(BaseCommand):
    help = "导出年度台账为 Excel（台账 + 完成情况两个工作表）"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=year_argument, required=True, help=_("台账年度，如 2020"))
        parser.add_argument("out", help=_("输出文件路径（.xlsx）"))

    def handle(self, *args, year: int, out: str, **options):
        if not Plan.objects.filter(year=year).exists():
            raise CommandError(_("没有%(year)s年度台账；请先导入或创建该年度台账") % {"year": year})
        target = Path(out)
        if target.suffix.lower() != ".xlsx":
            raise CommandError(_("输出文件“%(out)s”应以 .xlsx 结尾") % {"out": out})
        try:
            content, tasks = ledger_export(year=year)
            target.write_bytes(content)
        except OSError as error:
            raise CommandError(
                _("无法写入“%(out)s”：%(error)s；请检查目录是否存在、是否有写权限")
                % {"out": out, "error": error.strerror}
            ) from None
        audit_log("export.ledger_plan", target=Plan, rows=tasks, detail={"year": year, "file": str(target)})
        self.stdout.write(
            self.style.SUCCESS(_("已导出%(year)s年度台账到 %(target)s") % {"year": year, "target": target})
        )
