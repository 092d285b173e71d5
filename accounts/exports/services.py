"""Exports: the file at once when small, else a background job (create, run, purge)."""

from __future__ import annotations

import logging
import os
from datetime import datetime, timedelta
from io import BytesIO
from urllib.parse import quote
from uuid import uuid4

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuild.exceptions import DomainError
from partybuild.storage import TMP_DIR, private_storage, purge_stale

from .. import authz
from ..audit import audit_log
from ..models import ExportJob, ExportState, User
from ..models.exports import EXPORT_DIR, export_upload_to
from .kinds import ExportKind, export_kind

logger = logging.getLogger(__name__)

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_TMP_DIR = f"{TMP_DIR}/exports"


def attachment_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def export_respond(request: HttpRequest, kind: ExportKind, filters: dict) -> HttpResponse:
    """What an export view returns: the file now (≤ EXPORT_INLINE_MAX_ROWS rows), else a job's page."""
    user, today = request.user, timezone.localdate()
    total = kind.count(user, filters, today)
    if total <= settings.EXPORT_INLINE_MAX_ROWS:
        buffer = BytesIO()
        rows = kind.write(user, filters, today, buffer, progress=lambda done: None)
        audit_log(kind.audit_action, target=kind.audit_target, rows=rows, detail=kind.audit_detail(filters))
        return attachment_response(buffer.getvalue(), kind.filename(filters, today))
    job = export_job_create(actor=user, kind=kind, filters=filters, rows_total=total)
    return redirect("export_detail", pk=job.pk)


@transaction.atomic
def export_job_create(*, actor: User, kind: ExportKind, filters: dict, rows_total: int) -> ExportJob:
    """Queue the export; the task starts once the job row is committed."""
    from ..tasks import export_job_task

    job = ExportJob.objects.create(requested_by=actor, kind=kind.key, filters=filters, rows_total=rows_total)
    transaction.on_commit(lambda: export_job_task.delay(job.pk))
    return job


def _failure_message(job: ExportJob, error: Exception) -> str:
    if isinstance(error, DomainError):
        return error.message
    if type(error).__name__ == "SoftTimeLimitExceeded":
        return _("导出超过了允许的时间，未生成文件；请缩小筛选范围后重新导出")
    message = _("导出时发生内部错误，未生成文件；请稍后重新导出，如仍失败请联系管理员（导出任务编号 %(id)d）")
    return message % {"id": job.pk}


def export_job_run(*, job_id: int) -> ExportJob:
    """Write the job's workbook to a temporary file, then move it in place: all or nothing.

    A job that is not queued (a duplicate delivery of the task) is left as it is.
    """
    job = ExportJob.objects.select_related("requested_by").get(pk=job_id)
    if job.state != ExportState.QUEUED:
        return job
    ExportJob.objects.filter(pk=job.pk).update(state=ExportState.RUNNING)
    kind = export_kind(job.kind)
    user, today = job.requested_by, timezone.localdate(job.created_at)
    storage = private_storage()
    partial = storage.path(f"{EXPORT_TMP_DIR}/{uuid4().hex}.xlsx")
    os.makedirs(os.path.dirname(partial), mode=0o750, exist_ok=True)

    def progress(done: int) -> None:
        ExportJob.objects.filter(pk=job.pk).update(rows_done=done)

    try:
        # The role may have changed since the request: the rows are scoped when they are read, and
        # the permission is asked again here.
        if not authz.may(user, kind.permission):
            raise DomainError(_("您的角色已不能导出此内容，未生成文件"))
        with open(partial, "wb") as handle:
            rows = kind.write(user, job.filters, today, handle, progress)
        name = export_upload_to(job, "")
        final = storage.path(name)
        os.makedirs(os.path.dirname(final), mode=0o750, exist_ok=True)
        os.chmod(partial, 0o640)
        os.replace(partial, final)
    except Exception as error:
        if os.path.exists(partial):
            os.unlink(partial)
        if isinstance(error, DomainError):
            logger.warning("export job %s (%s) refused: %s", job.pk, job.kind, error.message)
        else:
            logger.exception("export job %s (%s) failed", job.pk, job.kind)
        job.state, job.error, job.finished_at = (
            ExportState.FAILED,
            _failure_message(job, error),
            timezone.now(),
        )
        ExportJob.objects.filter(pk=job.pk).update(
            state=job.state, error=job.error, finished_at=job.finished_at
        )
        audit_log(
            kind.audit_action,
            actor=user,
            target=kind.audit_target,
            result="failure",
            detail={**kind.audit_detail(job.filters), "job": job.pk, "error": job.error},
        )
        return job
    job.state, job.file, job.finished_at = ExportState.DONE, name, timezone.now()
    job.filename = kind.filename(job.filters, today)
    job.rows_done = job.rows_total
    ExportJob.objects.filter(pk=job.pk).update(
        state=job.state,
        file=name,
        filename=job.filename,
        rows_done=job.rows_total,
        finished_at=job.finished_at,
    )
    audit_log(
        kind.audit_action,
        actor=user,
        target=kind.audit_target,
        rows=rows,
        detail={**kind.audit_detail(job.filters), "job": job.pk},
    )
    return job


def export_jobs_purge(*, now: datetime | None = None) -> int:
    """Delete jobs older than EXPORT_MAX_AGE_HOURS with their files, and files no job points at;
    returns how many files and jobs went."""
    now = now or timezone.now()
    max_age = settings.EXPORT_MAX_AGE_HOURS * 3600
    expired = ExportJob.objects.filter(created_at__lt=now - timedelta(seconds=max_age))
    storage = private_storage()
    for name in expired.exclude(file="").values_list("file", flat=True):
        storage.delete(name)
    jobs, _by_model = expired.delete()
    referenced = set(ExportJob.objects.exclude(file="").values_list("file", flat=True))
    orphans = purge_stale(EXPORT_DIR, max_age_seconds=max_age, keep=referenced)
    partials = purge_stale(EXPORT_TMP_DIR, max_age_seconds=max_age)
    return jobs + len(orphans) + len(partials)
