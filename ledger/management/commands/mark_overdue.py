"""`manage.py mark_overdue [--date YYYY-MM-DD]`: the daily overdue reminder, run by hand or by cron."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ledger import services


class Command(BaseCommand):
    help = "提醒各支部书记新逾期的台账任务（每项任务只提醒一次）"

    def add_arguments(self, parser):
        parser.add_argument("--date", help=_("按这一天计算是否逾期（默认今天），格式 YYYY-MM-DD"))

    def handle(self, *args, **options):
        today = None
        if options["date"]:
            try:
                today = date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError(
                    _("日期“%(date)s”格式不正确，应为 YYYY-MM-DD") % {"date": options["date"]}
                ) from exc
        count = services.overdue_mark_and_notify(today=today)
        self.stdout.write(_("已提醒 %(count)s 项逾期任务") % {"count": count})
