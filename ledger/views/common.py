"""Helpers shared by the ledger's pages: pagination, domain errors on forms, Excel export."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from io import BytesIO
from urllib.parse import quote

from django import forms
from django.core.paginator import Page
from django.db.models import Q, QuerySet
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


@dataclass(frozen=True)
class DrillDown:
    """The filters a list takes from a link that drills down to records (an assessment's explanation,
    a dashboard's chart): `?organization=<id>` (that org's own records, not those below it),
    `?from=YYYY-MM-DD` and `?to=YYYY-MM-DD` (on the list's own date: held on, talked on, issued on,
    due). A bad value is ignored. An org outside the reader's scope (accounts.selectors.
    organizations_visible_to) leaves the list empty — a link built for another org shows nothing of
    it, not even rows the reader may see for other reasons — and the list's rows are scoped as always.
    """

    PARAMS = ("organization", "from", "to")

    organization_id: int | None = None
    organization_name: str | None = None  # None: not asked for, or outside the reader's scope
    start: date | None = None
    end: date | None = None

    @classmethod
    def of(cls, request: HttpRequest) -> DrillDown:
        from accounts.selectors import organizations_visible_to

        raw = request.GET.get("organization", "")
        org_id = int(raw) if raw.isdigit() and len(raw) <= 18 else None
        name = None
        if org_id is not None:
            visible = organizations_visible_to(request.user).filter(pk=org_id)
            name = visible.values_list("name", flat=True).first()
        return cls(
            organization_id=org_id,
            organization_name=name,
            start=_iso_date(request.GET.get("from")),
            end=_iso_date(request.GET.get("to")),
        )

    @property
    def active(self) -> bool:
        return any(v is not None for v in (self.organization_id, self.start, self.end))

    def apply(
        self, rows: QuerySet, *, day: str, organization: str | Callable[[int], Q] = "organization"
    ) -> QuerySet:
        """`rows` of the org (`organization`: a lookup to its id, or a function of the id giving a
        condition, for rows with several orgs) dated (`day`) in the range."""
        if self.organization_id is not None:
            if self.organization_name is None:
                return rows.none()
            condition = (
                organization(self.organization_id)
                if callable(organization)
                else Q(**{organization: self.organization_id})
            )
            rows = rows.filter(condition)
        if self.start is not None:
            rows = rows.filter(**{f"{day}__gte": self.start})
        if self.end is not None:
            rows = rows.filter(**{f"{day}__lte": self.end})
        return rows

    def context(
        self, request: HttpRequest, *, day_label: str, extra: Sequence[str] = (), clears: Sequence[str] = ()
    ) -> dict | None:
        """What the page says it shows (templates/_drill_down.html: the org, the dates and the list's own
        drill-down filters' labels, `extra`), with a link back to the list without them (nor `clears`,
        those filters' parameters); None when none is set."""
        if not self.active and not extra:
            return None
        params = request.GET.copy()
        for key in (*self.PARAMS, "page", *clears):
            params.pop(key, None)
        return {
            "organization": self.organization_name or ("—" if self.organization_id is not None else None),
            "start": self.start,
            "end": self.end,
            "day_label": day_label,
            "extra": [str(label) for label in extra if label],
            "clear_query": params.urlencode(),
        }


def _iso_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value and len(value) == 10 else None
    except ValueError:
        return None
