"""`manage.py import_ledger FILE.xlsx --year 2020 [--dry-run]`: the staff page's import, from a shell."""

from __future__ import annotations

import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ledger.imports.importer import failure_lines, ledger_import_file
from ledger.imports.materialize import assignments_materialize_year
from partybuild.exceptions import DomainError
from partybuild.legacy_excel import ImportFailed
from partybuild.periods import year_argument


class Command(BaseCommand):
    help = "导入历史台账 Excel（.xlsx）；任何一处错误都不写入数据，并列出全部问题"

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("台账文件路径（.xlsx）"))
        parser.add_argument("--year", type=year_argument, required=True, help=_("台账年度，如 2020"))
        parser.add_argument("--dry-run", action="store_true", help=_("只检查并预览，不写入"))
        parser.add_argument("--user", help=_("记入历史记录的操作人用户名（可选）"))

    def handle(self, *args, file: str, year: int, dry_run: bool, user: str | None, **options):
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(_("用户“%(user)s”不存在；请检查 --user 参数") % {"user": user})
        started = time.perf_counter()
        try:
            # A CLI waits for everything: the assignments are written right after, not queued.
            result = ledger_import_file(
                source=file, year=year, user=actor, dry_run=dry_run, queue_assignments=False
            )
        except FileNotFoundError:
            raise CommandError(_("找不到文件“%(file)s”；请检查路径") % {"file": file}) from None
        except ImportFailed as error:
            lines = failure_lines(error)
            for line in lines:
                self.stderr.write(line)
            raise CommandError(
                _("导入失败：共%(count)d处问题，未写入任何数据") % {"count": len(error.problems)}
            ) from None
        except DomainError as error:
            raise CommandError(error.message) from None
        preview = result.preview
        for item in preview["items"]:
            mark = _("（已存在）") if item["exists"] else ""
            self.stdout.write(f"{item['seq']}. {item['title']}{mark}")
            for task in item["tasks"]:
                responsible = _("、").join(task["groups"] + task["orgs"])
                due = task["deadline"] or task["recurrence_label"]
                exists = _("（已存在）") if task["exists"] else ""
                self.stdout.write(f"    - {task['title']}{exists} | {responsible} | {due}")
        if dry_run:
            self.stdout.write(
                _(
                    "预览：%(item_count)s个工作项目（新增%(items_new)s），"
                    "%(task_count)s项任务（新增%(tasks_new)s）；未写入任何数据（--dry-run）"
                )
                % preview
            )
            return
        imported = time.perf_counter() - started
        counts = result.counts
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "导入完成（%(seconds).2f 秒）：新增工作项目%(items_created)s个、"
                    "任务%(tasks_created)s项；已存在未改动：工作项目%(items_existing)s个、"
                    "任务%(tasks_existing)s项"
                )
                % {"seconds": imported, **counts}
            )
        )
        started = time.perf_counter()
        # Every task of the year, not only the new ones: a run killed after the import committed left
        # tasks that nobody owes; running the same import again completes them (existing rows are kept).
        try:
            created = assignments_materialize_year(year=year, user=actor)
        except Exception as error:
            raise CommandError(
                _(
                    "工作项目和任务已导入，但生成任务分解失败（%(error)s）；"
                    "请排除问题后运行 python manage.py materialize_assignments --year %(year)s 补齐"
                )
                % {"error": error, "year": year}
            ) from error
        self.stdout.write(
            self.style.SUCCESS(
                _("任务分解生成完成（%(seconds).2f 秒）：新增任务分解%(created)s条")
                % {"seconds": time.perf_counter() - started, "created": created}
            )
        )
