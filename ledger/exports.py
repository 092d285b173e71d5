"""The year's ledger as a formatted Excel workbook, the way the committee prints it.

Sheet "台账": title row merged across, bold filled header, items merged down their tasks.
Sheet "完成情况": one row per (task, org), one column per period, each cell the computed status.
Three queries whatever the size; every text cell that a spreadsheet would run as a formula is
escaped (formula injection), because task titles and org names come from uploads.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from io import BytesIO

from django.db.models import Prefetch
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from accounts import authz
from accounts.exports.kinds import CHUNK_ROWS, Progress
from accounts.models import User
from partybuild.periods import Period
from partybuild.spreadsheets import excel_safe

from .models import Assignment, Item, Recurrence, Status, Task
from .selectors import assignments_visible_to

_HEADER_FILL = PatternFill("solid", fgColor="C00000")
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_TITLE_FONT = Font(bold=True, size=16)
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="center")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_STATUS_LABELS = dict(Status.choices)
_RECURRENCE_LABELS = dict(Recurrence.choices)
_STATUS_FILLS = {
    Status.ACCEPTED: "C6EFCE",
    Status.SUBMITTED: "DDEBF7",
    Status.RETURNED: "FFEB9C",
    Status.OVERDUE: "FFC7CE",
}
LEDGER_COLUMNS = [
    ("序号", 6),
    ("工作项目", 18),
    ("具体任务", 40),
    ("责任单位", 28),
    ("完成时限", 14),
    ("周期", 8),
]


def _header(ws, row: int, titles: list[str]) -> None:
    for col, title in enumerate(titles, start=1):
        cell = ws.cell(row=row, column=col, value=excel_safe(title))
        cell.font, cell.fill, cell.alignment, cell.border = _HEADER_FONT, _HEADER_FILL, _CENTER, _BORDER


def _title(ws, text: str, width: int) -> None:
    ws.cell(row=1, column=1, value=excel_safe(text)).font = _TITLE_FONT
    ws.cell(row=1, column=1).alignment = Alignment(horizontal="center", vertical="center")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.row_dimensions[1].height = 30


def _ledger_tasks(year: int, user: User | None) -> list[Item]:
    tasks = Task.objects.prefetch_related("responsible_orgs", "responsible_groups").order_by("seq", "id")
    items = Item.objects.filter(plan__year=year).order_by("seq", "id")
    if user is not None and not authz.reads_every_org(user):
        visible = assignments_visible_to(user).values("task_id")
        tasks = tasks.filter(pk__in=visible)
        items = items.filter(tasks__in=visible.values("task_id")).distinct()
    return list(items.prefetch_related(Prefetch("tasks", queryset=tasks)))


def _deadline_text(task: Task) -> str:
    if task.deadline:
        return task.deadline.isoformat()
    return task.deadline_text or ""


def _write_ledger_sheet(ws, year: int, items: list[Item]) -> None:
    _title(ws, f"{year}年机关党建工作台账", len(LEDGER_COLUMNS))
    _header(ws, 2, [title for title, _ in LEDGER_COLUMNS])
    row = 3
    for number, item in enumerate(items, start=1):
        tasks = list(item.tasks.all())
        if not tasks:
            continue
        first = row
        for task in tasks:
            responsible = "、".join(
                [g.phrase for g in task.responsible_groups.all()]
                + [str(o) for o in task.responsible_orgs.all()]
            )
            values = [
                number,
                item.title,
                task.title,
                responsible or task.responsible_text,
                _deadline_text(task),
                str(_RECURRENCE_LABELS.get(task.recurrence, "")),
            ]
            for col, value in enumerate(values, start=1):
                cell = ws.cell(row=row, column=col, value=excel_safe(value))
                cell.alignment, cell.border = (_CENTER if col in (1, 5, 6) else _WRAP), _BORDER
            row += 1
        if row - 1 > first:
            ws.merge_cells(start_row=first, start_column=1, end_row=row - 1, end_column=1)
            ws.merge_cells(start_row=first, start_column=2, end_row=row - 1, end_column=2)
    for col, (_, width) in enumerate(LEDGER_COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A3"
    ws.print_title_rows = "2:2"


def _period_sort_key(code: str):
    period = Period.parse(code)
    order = {"M": 0, "Q": 1, "H": 2, "Y": 3}[period.kind]
    return (order, period.index)


def _period_heading(code: str, year: int) -> str:
    period = Period.parse(code)
    return period.short_label


def _write_status_sheet(ws, year: int, user: User | None, today: date, progress: Progress) -> None:
    if user is None:
        assignments = Assignment.objects.with_status(today)
    else:
        assignments = assignments_visible_to(user, today=today)
    rows = (
        assignments.filter(task__item__plan__year=year)
        .order_by()
        .values_list(
            "task__item__seq",
            "task__item_id",
            "task__item__title",
            "task__seq",
            "task_id",
            "task__title",
            "organization__name",
            "period",
            "status",
        )
    )
    grid: dict[tuple, dict[str, str]] = defaultdict(dict)
    periods: set[str] = set()
    for read, values in enumerate(rows.iterator(chunk_size=CHUNK_ROWS), start=1):
        item_seq, item_id, item_title, task_seq, task_id, task_title, org_name, period, status = values
        grid[(item_seq, item_id, item_title, task_seq, task_id, task_title, org_name)][period] = status
        periods.add(period)
        if read % CHUNK_ROWS == 0:
            progress(read)
    columns = sorted(periods, key=_period_sort_key)
    fixed = ["工作项目", "具体任务", "责任组织"]
    _title(ws, f"{year}年台账完成情况（截至{today.isoformat()}）", max(len(fixed) + len(columns), 3))
    _header(ws, 2, fixed + [_period_heading(code, year) for code in columns])
    for row, key in enumerate(sorted(grid), start=3):
        values = [key[2], key[5], key[6]]
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=row, column=col, value=excel_safe(value))
            cell.alignment, cell.border = _WRAP, _BORDER
        for offset, code in enumerate(columns, start=len(fixed) + 1):
            status = grid[key].get(code)
            cell = ws.cell(row=row, column=offset, value=str(_STATUS_LABELS[status]) if status else None)
            cell.alignment, cell.border = _CENTER, _BORDER
            if status in _STATUS_FILLS:
                cell.fill = PatternFill("solid", fgColor=_STATUS_FILLS[status])
    for col, width in enumerate([18, 36, 28] + [10] * len(columns), start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "D3"


def _build(
    year: int, user: User | None, today: date | None, progress: Progress = lambda read: None
) -> tuple[Workbook, int]:
    today = today or timezone.localdate()
    workbook = Workbook()
    ledger_sheet = workbook.active
    ledger_sheet.title = "台账"
    items = _ledger_tasks(year, user)
    _write_ledger_sheet(ledger_sheet, year, items)
    _write_status_sheet(workbook.create_sheet("完成情况"), year, user, today, progress)
    return workbook, sum(len(item.tasks.all()) for item in items)


def ledger_workbook(*, year: int, user: User | None = None, today: date | None = None) -> Workbook:
    """The workbook for `year`. `user` None means everything (the management command)."""
    return _build(year, user, today)[0]


def ledger_export(*, year: int, user: User | None = None, today: date | None = None) -> tuple[bytes, int]:
    """The workbook's bytes and how many tasks it lists (the audit trail records the count)."""
    workbook, tasks = _build(year, user, today)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), tasks


def ledger_export_write(*, year: int, user: User, today: date, handle, progress: Progress) -> int:
    """Write the workbook to `handle`, reporting the assignments read; returns how many tasks it lists.

    The sheets merge cells, which openpyxl's streaming mode cannot write, so the workbook is built in
    memory; only the assignments are streamed from the database.
    """
    workbook, tasks = _build(year, user, today, progress)
    workbook.save(handle)
    return tasks


def ledger_export_bytes(*, year: int, user: User | None = None, today: date | None = None) -> bytes:
    return ledger_export(year=year, user=user, today=today)[0]
