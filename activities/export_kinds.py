"""实绩档案 in Excel: all archives of a year (one row per term; a background job when large) and one
archive's workbook (small: always inline). Both read the live archive selectors, never a copy.
The org × period grids of the service days and the forums: inline when small, else a background job."""

from __future__ import annotations

from datetime import date
from typing import IO

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill

from accounts.exports.kinds import CHUNK_ROWS, ExportKind, TableExport, _discard, export_kind_register
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


# --------------------------------------------------------------------------- org × period grids


class _GridExport(ExportKind):
    """An org × period grid of a year for the page's filters, one row per org (the rows are the filtered
    orgs, so the count decides inline or background); written chunk by chunk, one grouped query each."""

    headers: list = []

    def orgs(self, user, filters: dict, today: date):
        raise NotImplementedError

    def grid(self, user, year: int, orgs: list, today: date) -> list[list]:
        """The rows of `orgs` as (values, indexes of the cells to mark)."""
        raise NotImplementedError

    def count(self, user, filters: dict, today: date) -> int:
        return self.orgs(user, filters, today).count()

    def write(self, user, filters: dict, today: date, handle, progress) -> int:
        year = _year_of(filters)
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(self.sheet_title(year)[:31])
        bold, mark = Font(bold=True), PatternFill("solid", fgColor="F8D7DA")
        header = []
        for title in self.headers:
            cell = WriteOnlyCell(sheet, value=excel_safe(str(title)))
            cell.font = bold
            header.append(cell)
        sheet.column_dimensions["A"].width = 36
        sheet.append(header)
        done = 0
        orgs = self.orgs(user, filters, today)
        chunk: list = []
        try:
            for org in orgs.iterator(chunk_size=CHUNK_ROWS):
                chunk.append(org)
                if len(chunk) == CHUNK_ROWS:
                    done += self._append(sheet, user, year, chunk, today, mark)
                    progress(done)
                    chunk = []
            done += self._append(sheet, user, year, chunk, today, mark)
        except BaseException:
            _discard(sheet)
            raise
        workbook.save(handle)
        progress(done)
        return done

    def _append(self, sheet, user, year, orgs, today, mark) -> int:
        for values, marked in self.grid(user, year, orgs, today) if orgs else []:
            cells = []
            for index, value in enumerate(values):
                cell = WriteOnlyCell(sheet, value=excel_safe(value))
                if index in marked:
                    cell.fill = mark
                cells.append(cell)
            sheet.append(cells)
        return len(orgs)

    def sheet_title(self, year: int) -> str:
        raise NotImplementedError

    def audit_detail(self, filters: dict) -> dict:
        return {"filters": filters}


def _grid_filters(filters: dict, today: date) -> dict:
    from .forms.days import GridFilterForm

    return GridFilterForm(filters).values(today)


class ServiceDayGridExport(_GridExport):
    """党员服务日开展情况: org × month, months already over without a day filled red."""

    key = "service_day_grid"
    label = gettext_lazy("党员服务日开展情况")
    permission = "activities.count_serviceday"
    audit_action = "export.service_day_grid"
    headers = [
        gettext_lazy("党组织"),
        *[gettext_lazy("%(m)s月") % {"m": m} for m in range(1, 13)],
        gettext_lazy("合计"),
        gettext_lazy("缺月数"),
    ]

    def orgs(self, user, filters: dict, today: date):
        from .selectors import days

        values = _grid_filters(filters, today)
        return days.grid_filtered(
            user, values["year"], q=values["q"], kind=values["kind"], missing=values["missing"], today=today
        )

    def grid(self, user, year: int, orgs: list, today: date) -> list:
        from .selectors import days

        return [
            (
                [row["org"].name, *row["months"], row["total"], row["missed"]],
                {i + 1 for i, cell in enumerate(row["cells"]) if cell["due"] and not cell["n"]},
            )
            for row in days.service_day_grid(user, year, orgs, today=today)
        ]

    def sheet_title(self, year: int) -> str:
        return _("%(year)s年党员服务日") % {"year": year}

    def filename(self, filters: dict, today: date) -> str:
        return _("%(year)s年党员服务日开展情况.xlsx") % {"year": _year_of(filters)}


class ForumGridExport(_GridExport):
    """主题讲坛季度开展情况: org × quarter, quarters without a forum filled red."""

    key = "forum_grid"
    label = gettext_lazy("主题讲坛季度开展情况")
    permission = "activities.view_forumgrid"
    audit_action = "export.forum_grid"
    headers = [
        gettext_lazy("党组织"),
        gettext_lazy("第一季度"),
        gettext_lazy("第二季度"),
        gettext_lazy("第三季度"),
        gettext_lazy("第四季度"),
        gettext_lazy("全年"),
        gettext_lazy("未开展的季度"),
    ]

    def orgs(self, user, filters: dict, today: date):
        from .selectors import forums

        values = _grid_filters(filters, today)
        return forums.grid_filtered(
            user, values["year"], q=values["q"], kind=values["kind"], missing=values["missing"]
        )

    def grid(self, user, year: int, orgs: list, today: date) -> list:
        from .selectors import forums

        return [
            (
                [
                    row["organization"].name,
                    *row["quarters"],
                    row["total"],
                    "、".join(_("第%(q)s季度") % {"q": q} for q in row["missing"]),
                ],
                {q for q in row["missing"]},
            )
            for row in forums.forum_grid_rows(user, year, orgs)
        ]

    def sheet_title(self, year: int) -> str:
        return _("%(year)s年主题讲坛") % {"year": year}

    def filename(self, filters: dict, today: date) -> str:
        return _("主题讲坛季度情况_%(year)s.xlsx") % {"year": _year_of(filters)}


SERVICE_DAY_GRID = export_kind_register(ServiceDayGridExport())
FORUM_GRID = export_kind_register(ForumGridExport())
from . import exports_posts  # noqa: E402,F401  (registers 群众评价统计)
