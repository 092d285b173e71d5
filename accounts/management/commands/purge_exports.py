"""`manage.py purge_exports`: delete background exports older than EXPORT_MAX_AGE_HOURS (hourly in beat)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from accounts.exports.services import export_jobs_purge


class Command(BaseCommand):
    help = "删除超过保留时间的后台导出文件及其导出任务"

    def handle(self, *args, **options):
        count = export_jobs_purge()
        self.stdout.write(
            _("已删除 %(count)d 个过期的导出任务和文件（保留 %(hours)d 小时）")
            % {"count": count, "hours": settings.EXPORT_MAX_AGE_HOURS}
        )
