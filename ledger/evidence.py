"""Evidence files, wherever they are attached: a ledger record's, a rectification item's (and next the
carriers' activities). Each concrete model adds its owner and its `file` field (its own folder, always
private storage under a random name); the upload is type- and size-checked before it is stored
(ledger.services.attachments), and its SHA-256 is checked again on every download."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class EvidenceFile(models.Model):
    original_name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小(字节)"))
    content_type = models.CharField(_("类型"), max_length=100)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name
