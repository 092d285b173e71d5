"""Uploaded ledger workbooks: kept in private storage only while an import needs them.

A workbook is stored (random name, size and SHA-256 in the LedgerImport row) when the staff page
receives it, read by the preview and by the confirmed import, and deleted as soon as the import has
finished, whether it succeeded or failed. A preview that is never confirmed is deleted after
IMPORT_UPLOAD_MAX_AGE_HOURS by `purge_import_uploads` (hourly in beat, and at every new upload).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuild.storage import IMPORT_EXPORT_DIR, purge_stale, sha256_of

from ..models import LEDGER_IMPORT_DIR, ImportStatus, LedgerImport


def import_upload_store(ledger_import: LedgerImport, file) -> None:
    """Put the upload in private storage under a random name; record its size and SHA-256 on the row."""
    ledger_import.sha256, ledger_import.size = sha256_of(file)
    ledger_import.file.save("upload.xlsx", file, save=False)


def import_upload_discard(ledger_import: LedgerImport) -> None:
    """Delete the workbook of a finished import; its name, size and SHA-256 stay on the row."""
    if not ledger_import.file:
        return
    ledger_import.file.storage.delete(ledger_import.file.name)
    ledger_import.file = ""
    ledger_import.file_deleted_at = timezone.now()
    LedgerImport.objects.filter(pk=ledger_import.pk).update(
        file="", file_deleted_at=ledger_import.file_deleted_at
    )


def import_upload_expired_message() -> str:
    return _("预览后超过 %(hours)d 小时未确认导入，上传的文件已按规定删除；请重新上传文件并预览") % {
        "hours": settings.IMPORT_UPLOAD_MAX_AGE_HOURS
    }


def import_uploads_purge(*, now: datetime | None = None) -> int:
    """Delete every upload that should no longer exist; returns how many files were deleted.

    - finished imports whose file is still there (a crash between finishing and deleting);
    - previews not confirmed within IMPORT_UPLOAD_MAX_AGE_HOURS;
    - imports still pending or running after that time: marked failed, as nothing will finish them;
    - admin (django-import-export) uploads between preview and confirm, after the same time.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(hours=settings.IMPORT_UPLOAD_MAX_AGE_HOURS)
    with_file = LedgerImport.objects.exclude(file="")
    stale = with_file.filter(
        Q(status=ImportStatus.FAILED)
        | Q(status=ImportStatus.SUCCEEDED, dry_run=False)
        | Q(status=ImportStatus.SUCCEEDED, dry_run=True, finished_at__lt=cutoff)
        | Q(status__in=[ImportStatus.PENDING, ImportStatus.RUNNING], created_at__lt=cutoff)
    )
    count = 0
    for ledger_import in stale:
        if ledger_import.status in (ImportStatus.PENDING, ImportStatus.RUNNING):
            abandoned = _("导入超过 %(hours)d 小时仍未完成，已取消并删除上传的文件；请重新上传") % {
                "hours": settings.IMPORT_UPLOAD_MAX_AGE_HOURS
            }
            LedgerImport.objects.filter(pk=ledger_import.pk).update(
                status=ImportStatus.FAILED, finished_at=now, errors=[abandoned]
            )
        import_upload_discard(ledger_import)
        count += 1
    max_age = settings.IMPORT_UPLOAD_MAX_AGE_HOURS * 3600
    # Files no row points at (an upload whose transaction rolled back) and admin uploads left behind.
    referenced = set(LedgerImport.objects.exclude(file="").values_list("file", flat=True))
    orphans = purge_stale(LEDGER_IMPORT_DIR, max_age_seconds=max_age, keep=referenced)
    return count + len(orphans) + len(purge_stale(IMPORT_EXPORT_DIR, max_age_seconds=max_age))
