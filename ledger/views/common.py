"""Helpers shared by the ledger's pages: pagination, domain errors on forms, Excel export."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from io import BytesIO
from urllib.parse import quote

from django import forms
from django.core.paginator import Page
from django.http import HttpRequest, HttpResponse, QueryDict

from partybuild import pagination
from partybuild.exceptions import DomainError
from partybuild.periods import parse_year
from partybuild.spreadsheets import excel_safe

# One rule for formula injection across every ledger export (cells starting = + - @ tab CR).

PAGE_SIZE = 20
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def year_param(value: str | None, today: date) -> int:
    """A page's ?year=: a year the ledger holds (partybuild.periods.parse_year); else this year."""
    try:
        return parse_year(value) if value else today.year
    except ValueError:
        return today.year


def paginate(request: HttpRequest, queryset, per_page: int = PAGE_SIZE, *, count: int | None = None) -> Page:
    return pagination.paginate(request, queryset, per_page, count=count)


def query_without_page(request: HttpRequest) -> str:
    """The current filters as a query string, so pagination links keep them."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def safe_query(value: str | None) -> str:
    """A query string taken from a form or a link, re-encoded: only ever put after "?" on our own path.

    Re-encoding drops what is not a query (line breaks, a scheme and host), so the redirect that uses
    it cannot leave the page it names.
    """
    return QueryDict((value or "").lstrip("?")).urlencode()


# Services name their arguments; the forms sometimes call the same input differently.
_FIELD_ALIASES = {"files": "attachments", "remove_attachment_ids": "remove_attachments", "ids": "records"}


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show a service's Chinese message next to the field it names, or above the form.

    A refusal on permission grounds (closed quarter, record already accepted) is shown the same way:
    the user reached the page legitimately and needs to read why the change was not saved.
    """
    field = _FIELD_ALIASES.get(error.field or "", error.field)
    form.add_error(field if field in form.fields else None, error.message)


def xlsx_response(
    *, filename: str, sheet_title: str, header: Sequence[str], rows: Iterable[Sequence]
) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title[:31]
    sheet.append([excel_safe(str(cell)) for cell in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([excel_safe(value) for value in row])
    for column in sheet.columns:
        width = max(len(str(cell.value or "")) for cell in column)
        sheet.column_dimensions[column[0].column_letter].width = min(max(width * 2, 8), 60)
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
