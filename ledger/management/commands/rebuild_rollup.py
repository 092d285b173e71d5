"""`manage.py rebuild_rollup [--compare]`: recompute the summary table (AssignmentRollup) from scratch.

The record services keep it in step as they write; run this after loading assignments or records
in bulk outside them (a generated benchmark database, a restored backup). `--compare` also times
the raw grouped scan over the same rows, which the rebuild should stay within 2× of.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from ledger.models import Assignment
from ledger.services.rollup import raw_grouped_scan_seconds, rollup_rebuild


class Command(BaseCommand):
    help = "从全部任务分解重新计算台账汇总表"

    def add_arguments(self, parser):
        parser.add_argument(
            "--compare", action="store_true", help=_("同时计时原始分组扫描，便于比较（重建应在其 2 倍以内）")
        )

    def handle(self, *args, compare: bool, **options):
        assignments = Assignment.objects.count()
        rows, seconds = rollup_rebuild()
        self.stdout.write(
            self.style.SUCCESS(
                _("台账汇总表已重建：%(assignments)s条任务分解 → %(rows)s行，用时 %(seconds).3f 秒")
                % {"assignments": assignments, "rows": rows, "seconds": seconds}
            )
        )
        if compare:
            _rows, scan = raw_grouped_scan_seconds()
            self.stdout.write(
                _("原始分组扫描用时 %(scan).3f 秒；重建 / 扫描 = %(ratio).2f 倍")
                % {"scan": scan, "ratio": seconds / scan if scan else 0}
            )
