"""`manage.py verify_audit`: walk the audit chain; exit non-zero naming every changed or removed row."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from accounts.audit.chain import verify


class Command(BaseCommand):
    help = "校验审计日志哈希链：发现被修改、被删除的记录或断开的链接时以非零状态退出"

    def handle(self, *args, **options) -> None:
        result = verify()
        if not result.ok:
            for problem in result.problems:
                self.stderr.write(problem)
            raise CommandError(
                _("审计日志校验未通过：共发现 %(count)d 处问题（见上）") % {"count": len(result.problems)}
            )
        if not result.checked:
            self.stdout.write(_("审计日志为空，无需校验"))
            return
        self.stdout.write(
            self.style.SUCCESS(
                _("审计日志校验通过：共 %(count)d 条记录（第 %(first)d 至 %(last)d 条），链头哈希 %(hash)s")
                % {
                    "count": result.checked,
                    "first": result.first_seq,
                    "last": result.head_seq,
                    "hash": result.head_hash,
                }
            )
        )
