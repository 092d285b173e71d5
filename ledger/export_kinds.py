"""The ledger's exports that may run in the background: the overdue list and the year's ledger.

Each is defined once here and used by its page (inline when small) and by the export job.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.exports.kinds import ExportKind, TableExport, export_kind_register
from partybuild.periods import period_label

from . import selectors
from .exports import ledger_export_write
from .forms import OverdueFilterForm
from .models import Assignment, Plan, RecordState


def state_label(row) -> str:
    """Why an overdue assignment is still owed: returned and not resubmitted, or never submitted."""
    return _("已退回待修改") if row.record_state == RecordState.RETURNED else _("未提交")


def overdue_filtered(user, params, today: date) -> tuple[OverdueFilterForm, QuerySet[Assignment], int | None]:
    """The filtered overdue rows, and their number when the summary tables know it (no name filter)."""
    form = OverdueFilterForm(params or None, user=user)
    rows = selectors.overdue_assignments(user, today=today)
    count = selectors.overdue_count(user, today=today) if not params else None
    if form.is_valid():
        data = form.cleaned_data
        if data["year"]:
            rows = rows.filter(due_date__year=data["year"])
        if name := data["org"].strip():
            rows = rows.filter(
                Q(organization__name__icontains=name) | Q(organization__short_name__icontains=name)
            )
        if data["item"]:
            rows = rows.filter(task__item=data["item"])
        if not data["org"].strip():
            count = selectors.overdue_count(user, today=today, year=data["year"], item=data["item"])
    # Org by org in tree order, then by due date: the database reads the first orgs' rows and stops.
    rows = rows.select_related("task__item", "organization").order_by("organization__path", "due_date", "pk")
    return form, rows, count


class OverdueExport(TableExport):
    key = "ledger_overdue"
    label = gettext_lazy("逾期任务")
    permission = "ledger.view_overdue"
    audit_action = "export.ledger_overdue"
    sheet_title = gettext_lazy("逾期任务")
    columns = [
        (gettext_lazy("党组织"), lambda row: row.organization.name),
        (gettext_lazy("工作项目"), lambda row: row.task.item.title),
        (gettext_lazy("具体任务"), lambda row: row.task.title),
        (gettext_lazy("期间"), lambda row: row.period_label),
        (gettext_lazy("截止日期"), lambda row: row.due_date),
        (gettext_lazy("逾期天数"), lambda row: row.days_overdue),
        (gettext_lazy("状态"), state_label),
    ]

    def rows(self, user, filters: dict, today: date) -> QuerySet[Assignment]:
        return overdue_filtered(user, filters, today)[1]

    def count(self, user, filters: dict, today: date) -> int:
        _form, rows, count = overdue_filtered(user, filters, today)
        return rows.count() if count is None else count

    def prepare(self, obj, today: date) -> None:
        obj.period_label = period_label(obj.period)
        obj.days_overdue = max((today - obj.due_date).days, 0)

    def filename(self, filters: dict, today: date) -> str:
        return f"逾期任务_{today.isoformat()}.xlsx"


class LedgerExport(ExportKind):
    """The year's ledger as the committee prints it (ledger.exports); its size is the year's assignments."""

    key = "ledger"
    label = gettext_lazy("党建工作台账")
    permission = "ledger.export_ledger"
    audit_action = "export.ledger_plan"
    audit_target = Plan

    def count(self, user, filters: dict, today: date) -> int:
        visible = selectors.assignments_visible_to(user, today=today)
        return visible.filter(task__item__plan__year=filters["year"]).order_by().count()

    def write(self, user, filters: dict, today: date, handle, progress) -> int:
        return ledger_export_write(
            year=filters["year"], user=user, today=today, handle=handle, progress=progress
        )

    def filename(self, filters: dict, today: date) -> str:
        return f"{filters['year']}年党建工作台账.xlsx"

    def audit_detail(self, filters: dict) -> dict:
        return {"year": filters["year"]}


OVERDUE = export_kind_register(OverdueExport())
LEDGER = export_kind_register(LedgerExport())
