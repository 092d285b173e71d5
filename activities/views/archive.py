"""实绩档案 pages: the staff list of a year (with its Excel download), one archive (printable A4, Excel)."""

from __future__ import annotations

from io import BytesIO

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts import authz
from accounts.audit import audit_log
from accounts.decorators import permission_required
from accounts.exports.services import attachment_response, export_respond
from accounts.models import SecretaryTerm
from ledger.views.common import paginate, query_without_page

from ..export_kinds import ARCHIVES, archive_filename, archive_workbook_write
from ..forms.archive import ArchiveFilterForm
from ..selectors import archive as archives


def _filters(request: HttpRequest) -> tuple[ArchiveFilterForm, dict]:
    form = ArchiveFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    filters = {
        "year": data.get("year") or timezone.localdate().year,
        "q": (data.get("q") or "").strip(),
        "flag": data.get("flag") or "",
    }
    return form, filters


@permission_required("activities.list_archive")
def archive_list(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    if request.GET.get("export") == "xlsx":
        return export_respond(request, ARCHIVES, {k: v for k, v in filters.items() if v})
    rows = archives.archives_filtered(request.user, **filters)
    page = paginate(request, rows)
    for term in page.object_list:
        term.completion_rate = archives.completion_rate(term)
    params = request.GET.copy()
    params.pop("page", None)
    params["export"] = "xlsx"
    context = {
        "form": form,
        "page": page,
        "year": filters["year"],
        "query": query_without_page(request),
        "export_query": params.urlencode(),
    }
    return render(request, "activities/archive_list.html", context)


def _archive(request: HttpRequest, pk: int, permission: str) -> archives.Archive:
    """The archive of a term the user may read, else 404 (a secretary learns nothing of others')."""
    try:
        term = archives.archive_term(request.user, pk)
    except SecretaryTerm.DoesNotExist as missing:
        raise Http404 from missing
    if not authz.may(request.user, permission, term):
        raise Http404
    return archives.archive_build(request.user, term, today=timezone.localdate())


@permission_required("activities.view_archive")
def archive_detail(request: HttpRequest, pk: int) -> HttpResponse:
    archive = _archive(request, pk, "activities.view_archive")
    return render(
        request,
        "activities/archive_detail.html",
        {
            "archive": archive,
            "term": archive.term,
            "may_list": authz.may(request.user, "activities.list_archive"),
        },
    )


@permission_required("activities.export_archive")
def archive_download(request: HttpRequest, pk: int) -> HttpResponse:
    archive = _archive(request, pk, "activities.export_archive")
    buffer = BytesIO()
    archive_workbook_write(archive, buffer)
    audit_log("export.activities_archive", target=archive.term, rows=1, request=request)
    return attachment_response(buffer.getvalue(), archive_filename(archive))
