"""`manage.py purge_import_uploads`: delete uploaded workbooks no import needs any more (hourly in beat)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from ledger.imports.uploads import import_uploads_purge


class Command(BaseCommand):
    help = "删除已完成的导入、超时未确认的预览留下的上传文件"

    def handle(self, *args, **options):
        count = import_uploads_purge()
        self.stdout.write(
            _("已删除 %(count)d 个不再需要的上传文件（预览保留 %(hours)d 小时）")
            % {"count": count, "hours": settings.IMPORT_UPLOAD_MAX_AGE_HOURS}
        )
