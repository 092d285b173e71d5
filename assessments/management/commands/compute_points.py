"""`manage.py compute_points --year Y --quarter N [--org ID …]`: a quarter's member points (党员积分)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from partybuild.periods import QUARTER, Period, year_argument

from ...services.points import points_compute


class Command(BaseCommand):
    help = "计算一个季度的党员积分（按各类党员的积分方案，来自各载体的记录和手动加减分）"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=year_argument, required=True, help="年度，如 2026")
        parser.add_argument("--quarter", type=int, choices=[1, 2, 3, 4], required=True, help="季度 1–4")
        parser.add_argument("--org", type=int, action="append", dest="orgs", help="只算这些党组织（可重复）")

    def handle(self, *args, year: int, quarter: int, orgs=None, **options):
        written = points_compute(year=year, quarter=quarter, organization_ids=orgs)
        label = Period(year, QUARTER, quarter).label
        self.stdout.write(self.style.SUCCESS(f"{label}党员积分已计算：{written} 名党员"))
