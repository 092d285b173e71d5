"""Uploaded legacy ledgers and their import runs."""

from __future__ import annotations

from uuid import uuid4

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partybuild.storage import private_storage

LEDGER_IMPORT_DIR = "imports"


def ledger_import_upload_to(instance: LedgerImport, filename: str) -> str:
    return f"{LEDGER_IMPORT_DIR}/{timezone.localtime():%Y/%m}/{uuid4().hex}.xlsx"


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("排队中")
    RUNNING = "running", _("处理中")
    SUCCEEDED = "succeeded", _("成功")
    FAILED = "failed", _("失败")


class LedgerImport(models.Model):
    """One upload of a legacy Excel ledger: who, when, which file, and what came of it.

    The file lives in private storage only until the import has finished (or its preview expired);
    its name, size and SHA-256 stay here for the record.
    """

    file = models.FileField(_("文件"), storage=private_storage, upload_to=ledger_import_upload_to, blank=True)
    original_name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveBigIntegerField(_("大小(字节)"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    file_deleted_at = models.DateTimeField(_("文件删除时间"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("年度"))
    dry_run = models.BooleanField(_("仅预览"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    total_rows = models.PositiveIntegerField(_("总行数"), default=0)
    summary = models.JSONField(_("结果摘要"), default=dict, blank=True)
    errors = models.JSONField(_("错误"), default=list, blank=True)
    # The follow-up step that writes the new tasks' assignments (ledger.imports.materialize).
    assignments_status = models.CharField(
        _("任务分解生成状态"), max_length=10, choices=ImportStatus.choices, blank=True, default=""
    )
    assignments_error = models.TextField(_("任务分解生成错误"), blank=True)
    assignments_changed_at = models.DateTimeField(_("任务分解生成状态时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("台账导入")
        verbose_name_plural = _("台账导入")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"
