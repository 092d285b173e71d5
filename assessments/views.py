"""The year-end account's page and Excel download (the figures come from assessments.annual)."""

from __future__ import annotations

from io import BytesIO

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from accounts.audit import audit_log
from accounts.decorators import permission_required
from accounts.exports.services import attachment_response
from partybuild.periods import YEAR_MAX, YEAR_MIN

from .annual import account_sections, annual_account


def _years() -> list[int]:
    this_year = timezone.localdate().year
    return list(range(this_year, max(YEAR_MIN, this_year - 9) - 1, -1))


def _account(request: HttpRequest, year: int) -> dict:
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise Http404(_("没有这一年度"))
    return annual_account(request.user, year, today=timezone.localdate())


@permission_required("assessments.view_annualaccount")
def annual_account_latest(request: HttpRequest) -> HttpResponse:
    """This year's account, or the year the page's year picker names (?year=)."""
    year = request.GET.get("year", "")
    if not (year.isdigit() and YEAR_MIN <= int(year) <= YEAR_MAX):
        year = timezone.localdate().year
    return redirect("assessments:annual_account", year=int(year))


@permission_required("assessments.view_annualaccount")
def annual_account_page(request: HttpRequest, year: int) -> HttpResponse:
    account = _account(request, year)
    context = {"year": year, "sections": account_sections(account), "years": _years()}
    return render(request, "assessments/annual_account.html", context)


@permission_required("assessments.view_annualaccount")
def annual_account_download(request: HttpRequest, year: int) -> HttpResponse:
    account = _account(request, year)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("%(year)s年度总账") % {"year": year}
    sheet.append([_("类别"), _("项目"), _("数值")])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for section in account_sections(account):
        for item in section["figures"]:
            sheet.append([str(section["label"]), str(item["label"]), item["value"]])
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 22
    buffer = BytesIO()
    workbook.save(buffer)
    audit_log("export.annual_account", actor=request.user, rows=sheet.max_row - 1, request=request)
    return attachment_response(buffer.getvalue(), _("%(year)s年度总账.xlsx") % {"year": year})
