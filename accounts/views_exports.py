"""我的导出: the user's background exports, a progress page that polls, and the download."""

from __future__ import annotations

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from partybuild.pagination import paginate

from . import authz
from .audit import audit_log
from .decorators import permission_required
from .exports.kinds import export_kind_label
from .exports.selectors import export_jobs_of
from .exports.services import XLSX_CONTENT_TYPE
from .models import ExportJob, ExportState

PAGE_SIZE = 20


def _own_job(request: HttpRequest, pk: int, permission: str) -> ExportJob:
    """The job if it is the user's own; anyone else's is "not found", staff included."""
    job = get_object_or_404(export_jobs_of(request.user), pk=pk)
    if not authz.may(request.user, permission, job):
        raise Http404
    job.kind_label = export_kind_label(job.kind)
    return job


@permission_required("accounts.view_exportjob")
def export_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, export_jobs_of(request.user), PAGE_SIZE)
    for job in page.object_list:
        job.kind_label = export_kind_label(job.kind)
    context = {"page": page, "query": "", "max_age_hours": settings.EXPORT_MAX_AGE_HOURS}
    return render(request, "accounts/export_list.html", context)


@permission_required("accounts.view_exportjob")
def export_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(
        request, "accounts/export_detail.html", {"job": _own_job(request, pk, "accounts.view_exportjob")}
    )


@permission_required("accounts.view_exportjob")
def export_progress(request: HttpRequest, pk: int) -> JsonResponse:
    job = _own_job(request, pk, "accounts.view_exportjob")
    return JsonResponse(
        {
            "state": job.state,
            "state_label": job.get_state_display(),
            "rows_done": job.rows_done,
            "rows_total": job.rows_total,
            "percent": job.percent,
            "finished": job.finished,
            "error": job.error,
            "download_url": reverse("export_download", args=[job.pk])
            if job.state == ExportState.DONE
            else "",
        }
    )


@permission_required("accounts.download_exportjob")
def export_download(request: HttpRequest, pk: int) -> FileResponse:
    job = _own_job(request, pk, "accounts.download_exportjob")
    if job.state != ExportState.DONE or not job.file or not job.file.storage.exists(job.file.name):
        raise Http404
    audit_log("export.download", target=job, detail={"kind": job.kind, "filters": job.filters})
    return FileResponse(
        job.file.open("rb"), as_attachment=True, filename=job.filename, content_type=XLSX_CONTENT_TYPE
    )
