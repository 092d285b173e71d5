"""`manage.py compute_assessments --year 2026 [--period 2026-Q1 --period 2026-H1 …] [--reason …]`:
compute a period's assessment results (default: the whole year), as the staff page and beat do."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from assessments.scheme import compute, services
from partybuild.periods import year_argument


class Command(BaseCommand):
    help = "计算考核结果（党建绩效指数、履行党建责任指数、党员行为积分指数、排名、等次）"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=year_argument, required=True, help=_("年度"))
        parser.add_argument(
            "--period", action="append", default=[], help=_("期间代码：2026-Q1、2026-H1、2026-Y（可多次）")
        )
        parser.add_argument("--reason", default="", help=_("已发布期间重新计算的原因"))
        parser.add_argument(
            "--chunk-size",
            type=int,
            default=0,
            help=_("每个分片的党组织数（默认 {n}）").format(n=services.DEFAULT_CHUNK_SIZE),
        )
        parser.add_argument(
            "--sync", action="store_true", help=_("在本进程内计算，不经 Celery（调试、基准测试）")
        )

    def handle(
        self, *args, year: int, period: list[str], reason: str, chunk_size: int, sync: bool, **options
    ):
        for code in period or [None]:
            try:
                with transaction.atomic():
                    run = services.assessment_run_start(
                        actor=None, year=year, period=code, reason=reason, chunk_size=chunk_size
                    )
                    if not sync:
                        services.assessment_run_enqueue(run)
            except ValidationError as error:
                raise CommandError("；".join(m for ms in error.message_dict.values() for m in ms)) from error
            if sync:
                compute.compute_run_inline(run)
            run.refresh_from_db()
            self.stdout.write(
                _("%(period)s 第%(version)s版：%(state)s，%(count)s 个党组织")
                % {
                    "period": run.period,
                    "version": run.version,
                    "state": run.get_state_display(),
                    "count": run.results.count(),
                }
            )
