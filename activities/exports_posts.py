"""群众评价统计 in Excel: the counts page's rows (every org of the scope, or those with the sorted figure),
the same filters; a background job when there are more than EXPORT_INLINE_MAX_ROWS orgs."""

from __future__ import annotations

from datetime import date
from typing import IO

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from accounts.exports.kinds import CHUNK_ROWS, ExportKind, Progress, export_kind_register
from partybuild.spreadsheets import excel_safe

from .selectors import posts as selectors


class FeedbackCountsExport(ExportKind):
    """One row per org: 党组织, 表扬, 投诉/意见, 待处理, 合计 — read CHUNK_ROWS orgs at a time, each chunk's
    figures one grouped query."""

    key = "activities_feedback_counts"
    label = gettext_lazy("群众评价统计")
    permission = "activities.view_feedback"
    audit_action = "export.activities_feedback_counts"

    def filename(self, filters: dict, today: date) -> str:
        return f"群众评价统计{filters.get('year') or ''}.xlsx"

    def count(self, user, filters: dict, today: date) -> int:
        source = selectors.feedback_counts_source(user, selectors.feedback_counts_filters(filters))
        return len(source) if isinstance(source, list) else source.count()

    def write(self, user, filters: dict, today: date, handle: IO[bytes], progress: Progress) -> int:
        filters = selectors.feedback_counts_filters(filters)
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(_("群众评价统计")[:31])
        header = []
        for title in (_("党组织"), _("表扬"), _("投诉/意见"), _("待处理"), _("合计")):
            cell = WriteOnlyCell(sheet, value=excel_safe(title))
            cell.font = Font(bold=True)
            header.append(cell)
        sheet.append(header)
        source = list(selectors.feedback_counts_source(user, filters))
        done = 0
        for start in range(0, len(source), CHUNK_ROWS):
            for r in selectors.feedback_counts_rows(filters, source[start : start + CHUNK_ROWS]):
                sheet.append([excel_safe(r["org"].name), r["praise"], r["complaints"], r["open"], r["total"]])
                done += 1
            progress(done)
        workbook.save(handle)
        return done


FEEDBACK_COUNTS = export_kind_register(FeedbackCountsExport())
