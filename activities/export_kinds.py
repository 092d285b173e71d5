"""实绩档案 in Excel: all archives of a year (one row per term; a background job when large) and one
archive's workbook (small: always inline). Both read the live archive selectors, never a copy."""

from __future__ import annotations

from datetime import date
from typing import IO

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

from accounts.exports.kinds import TableExport, export_kind_register
from accounts.models import SecretaryTerm
from partybuild.spreadsheets import excel_safe

from .models import Grade
from .selectors import archive as archives

GRADES = dict(Grade.choices)


def _yes(value: bool) -> str:
    return _("是") if value else _("否")


def _year_of(filters: dict) -> int:
    return int(filters["year"])


class ArchiveYearExport(TableExport):
    """One row per secretary term in office in the year, with its main figures and flags."""

    key = "activities_archives"
    label = gettext_lazy("实绩档案")
    permission = "activities.list_archive"
    audit_action = "export.activities_archives"
    sheet_title = gettext_lazy("实绩档案")
    columns = [
        (gettext_lazy("党组织"), lambda t: t.organization.name),
        (gettext_lazy("姓名"), lambda t: t.person_name),
        (gettext_lazy("职务"), lambda t: t.get_role_display()),
        (gettext_lazy("任职时间"), lambda t: t.started_on),
        (gettext_lazy("离任时间"), lambda t: t.ended_on),
        (gettext_lazy("批复文号"), lambda t: t.approval_document),
        (gettext_lazy("任职谈话日期"), lambda t: t.talked_on),
        (gettext_lazy("本年述职"), lambda t: _yes(t.has_debrief)),
        (gettext_lazy("通报表扬"), lambda t: t.praised),
        (gettext_lazy("通报提醒"), lambda t: t.reminded),
        (gettext_lazy("通报批评"), lambda t: t.criticised),
        (gettext_lazy("本年提醒约谈"), lambda t: t.reminder_talk_count),
        (gettext_lazy("整改事项"), lambda t: t.items_total),
        (gettext_lazy("未销号"), lambda t: t.items_open),
        (gettext_lazy("逾期未销号"), lambda t: t.items_overdue),
        (gettext_lazy("台账应完成"), lambda t: t.ledger_total),
        (gettext_lazy("台账已通过"), lambda t: t.ledger_accepted),
        (gettext_lazy("台账完成率(%)"), lambda t: archives.completion_rate(t)),
        (gettext_lazy("档案齐全"), lambda t: _yes(t.has_talk and t.has_debrief and not t.items_open)),
    ]

    def rows(self, user, filters: dict, today: date) -> QuerySet[SecretaryTerm]:
        return archives.archives_filtered(
            user,
            year=_year_of(filters),
            q=filters.get("q", ""),
            flag=filters.get("flag", ""),
            today=today,
        )

    def filename(self, filters: dict, today: date) -> str:
        return f"{_year_of(filters)}年书记实绩档案.xlsx"

    def audit_detail(self, filters: dict) -> dict:
        return {"filters": filters}


ARCHIVES = export_kind_register(ArchiveYearExport())


def _sheet(workbook: Workbook, title, header: list, rows: list[list]) -> None:
    sheet = workbook.create_sheet(str(title)[:31])
    sheet.append([excel_safe(str(h)) for h in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([excel_safe(value) for value in row])


def archive_workbook_write(archive: archives.Archive, handle: IO[bytes]) -> None:
    """One archive as a workbook: 基本情况, then one sheet per system (what the reader may see only)."""
    term, vetting, talk = archive.term, archive.vetting, archive.talk
    workbook = Workbook()
    workbook.remove(workbook.active)
    basics = [
        [_("党组织"), term.organization.name],
        [_("姓名"), term.person_name],
        [_("职务"), term.get_role_display()],
        [_("任职时间"), term.started_on],
        [_("离任时间"), term.ended_on],
        [_("批复文号"), (vetting.approval_document if vetting else "") or term.approval_document],
        [_("批复日期"), vetting.approved_on if vetting else None],
        [_("考察结论"), vetting.get_conclusion_display() if vetting else ""],
        [_("任职谈话"), talk.talked_on if talk else _("未谈话")],
        [_("谈话人"), talk.talked_by if talk else ""],
        [_("履职表态"), talk.pledge if talk else ""],
    ]
    if archive.show_findings and vetting:
        basics += [
            [_("德"), vetting.finding_morality],
            [_("能"), vetting.finding_ability],
            [_("勤"), vetting.finding_diligence],
            [_("绩"), vetting.finding_performance],
            [_("廉"), vetting.finding_integrity],
        ]
    _sheet(workbook, _("基本情况"), [_("项目"), _("内容")], basics)
    _sheet(
        workbook,
        _("通报"),
        [_("日期"), _("期号"), _("标题"), _("表扬/提醒/批评")],
        [
            [b.bulletin.issued_on, b.bulletin.number_label, b.bulletin.title, b.get_mark_display()]
            for b in archive.bulletins
        ],
    )
    item_rows = []
    for talk_row in archive.reminder_talks:
        reason = talk_row.get_reason_display() if archive.show_reasons else ""
        for item in talk_row.rectifications.all():
            overdue = not item.is_closed and item.deadline < archive.today
            state = _("逾期") if overdue else item.get_state_display()
            item_rows.append([talk_row.talked_on, reason, item.content, item.deadline, state])
        if not talk_row.rectifications.all():
            item_rows.append([talk_row.talked_on, reason, "", None, ""])
    _sheet(
        workbook,
        _("提醒约谈与整改"),
        [_("约谈日期"), _("约谈原因"), _("整改事项"), _("整改期限"), _("状态")],
        item_rows,
    )
    _sheet(
        workbook,
        _("述职评议"),
        [_("年度"), _("述职日期"), _("类型"), _("得分"), _("名次"), _("等次")],
        [
            [
                d.session.year,
                d.session.held_on,
                d.session.get_kind_display(),
                d.result_score,
                d.result_rank,
                str(GRADES.get(d.result_grade, "")),
            ]
            for d in archive.debriefs
        ],
    )
    totals = archive.ledger_totals
    _sheet(
        workbook,
        _("台账完成情况"),
        [_("年度"), _("应完成"), _("已通过"), _("按时"), _("逾期提交"), _("已逾期"), _("完成率(%)")],
        [
            [
                r["label"],
                r["total"],
                r["accepted"],
                r["on_time"],
                r["late"],
                r["overdue"],
                r["completion_rate"],
            ]
            for r in archive.ledger
        ]
        + [
            [
                _("合计"),
                totals["total"],
                totals["accepted"],
                totals["on_time"],
                totals["late"],
                totals["overdue"],
                totals["completion_rate"],
            ]
        ],
    )
    workbook.save(handle)


def archive_filename(archive: archives.Archive) -> str:
    term = archive.term
    org = term.organization.short_name or term.organization.name
    return f"实绩档案_{org}_{term.person_name}_{term.started_on:%Y%m%d}.xlsx"


from . import exports_posts  # noqa: E402,F401  (registers 群众评价统计)
