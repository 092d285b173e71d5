"""Exports too large to build inside a request: a job per export, its progress, and the finished file."""

from __future__ import annotations

from uuid import uuid4

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partybuild.storage import private_storage

EXPORT_DIR = "exports"


def export_upload_to(instance: ExportJob, filename: str) -> str:
    return f"{EXPORT_DIR}/{timezone.localtime():%Y/%m}/{uuid4().hex}.xlsx"


class ExportState(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("进行中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class ExportJob(models.Model):
    """One export run in the background: who asked, what with which filters, how far it got, the file.

    The file is private (only the user who asked downloads it, through a view) and is deleted with the
    job after EXPORT_MAX_AGE_HOURS.
    """

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="export_jobs",
        verbose_name=_("申请人"),
    )
    kind = models.CharField(_("导出内容"), max_length=40)
    filters = models.JSONField(_("筛选条件"), default=dict, blank=True)
    state = models.CharField(
        _("状态"), max_length=10, choices=ExportState.choices, default=ExportState.QUEUED
    )
    rows_done = models.PositiveIntegerField(_("已写入行数"), default=0)
    rows_total = models.PositiveIntegerField(_("总行数"), default=0)
    file = models.FileField(_("文件"), storage=private_storage, upload_to=export_upload_to, blank=True)
    filename = models.CharField(_("文件名"), max_length=200, blank=True)
    error = models.TextField(_("失败原因"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("导出任务")
        verbose_name_plural = _("导出任务")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["requested_by", "-created_at", "-id"], name="exportjob_user_recent")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    @property
    def percent(self) -> int:
        if self.state == ExportState.DONE:
            return 100
        return min(100, self.rows_done * 100 // self.rows_total) if self.rows_total else 0

    @property
    def finished(self) -> bool:
        return self.state in (ExportState.DONE, ExportState.FAILED)
