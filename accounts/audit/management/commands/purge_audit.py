"""`manage.py purge_audit --older-than-days N`: remove rows past retention (N >= 180) after a checkpoint."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from accounts.audit.services import audit_purge, retention_min_days
from partybuild.exceptions import DomainError


class Command(BaseCommand):
    help = "清理超过保留期的审计日志（保留期不少于 180 天）；先写入链检查点，校验仍可从检查点继续"

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--older-than-days",
            type=int,
            required=True,
            help=_("只删除早于这么多天的记录；不能少于 %(minimum)d 天") % {"minimum": retention_min_days()},
        )

    def handle(self, *args, older_than_days: int, **options) -> None:
        try:
            result = audit_purge(older_than_days=older_than_days)
        except DomainError as error:
            raise CommandError(error.message) from None
        if not result.removed:
            self.stdout.write(_("没有早于 %(days)d 天的审计记录，未删除任何记录") % {"days": older_than_days})
            return
        self.stdout.write(
            self.style.SUCCESS(
                _("已清理 %(count)d 条早于 %(days)d 天的审计记录（至第 %(seq)d 条），并写入了链检查点")
                % {"count": result.removed, "days": older_than_days, "seq": result.through_seq}
            )
        )
