"""`manage.py export_ledger --year 2020 OUT.xlsx`: the formatted ledger workbook, every org included."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ledger.exports import ledger_export_bytes
from ledger.models import Plan


class Command(BaseCommand):
    help = "导出年度台账为 Excel（台账 + 完成情况两个工作表）"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="台账年度，如 2020")
        parser.add_argument("out", help="输出文件路径（.xlsx）")

    def handle(self, *args, year: int, out: str, **options):
        if not Plan.objects.filter(year=year).exists():
            raise CommandError(f"没有{year}年度台账；请先导入或创建该年度台账")
        target = Path(out)
        if target.suffix.lower() != ".xlsx":
            raise CommandError(f"输出文件“{out}”应以 .xlsx 结尾")
        try:
            target.write_bytes(ledger_export_bytes(year=year))
        except OSError as error:
            raise CommandError(
                f"无法写入“{out}”：{error.strerror}；请检查目录是否存在、是否有写权限"
            ) from None
        self.stdout.write(self.style.SUCCESS(f"已导出{year}年度台账到 {target}"))
