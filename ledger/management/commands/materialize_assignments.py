"""`manage.py materialize_assignments --year 2020`: write the assignments a year's tasks are missing.

Idempotent: what exists is kept, so it repairs an import whose assignment step was killed and is
harmless to run again.
"""

from __future__ import annotations

import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ledger.imports.materialize import assignments_materialize_year
from ledger.models import Plan


class Command(BaseCommand):
    help = "补齐某一年度台账中各项任务缺少的任务分解（可重复运行，已有的不变）"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help=_("台账年度，如 2020"))
        parser.add_argument("--user", help=_("记入历史记录的操作人用户名（可选）"))

    def handle(self, *args, year: int, user: str | None, **options):
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(_("用户“%(user)s”不存在；请检查 --user 参数") % {"user": user})
        if not Plan.objects.filter(year=year).exists():
            raise CommandError(_("没有%(year)s年度台账；请先导入或创建该年度台账") % {"year": year})
        started = time.perf_counter()
        created = assignments_materialize_year(year=year, user=actor)
        self.stdout.write(
            self.style.SUCCESS(
                _("%(year)s年度任务分解已补齐（%(seconds).2f 秒）：新增%(created)s条")
                % {"year": year, "seconds": time.perf_counter() - started, "created": created}
            )
        )
