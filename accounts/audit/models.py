"""The audit table: one append-only row per event, each row hash-chained to the one before it."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Not a Django model on purpose: `flush` and the ORM never touch it. While a row here covers an event's
# `seq`, the database lets that event be deleted (the purge command inserts and removes it in one
# transaction); the triggers of migration 0002 refuse every other UPDATE and DELETE.
PERMIT_TABLE = "audit_purge_permit"
GENESIS_HASH = "0" * 64


class Channel(models.TextChoices):
    PAGE = "page", _("网页")
    ADMIN = "admin", _("管理后台")
    API = "api", _("接口")
    COMMAND = "command", _("命令行")
    TASK = "task", _("后台任务")


class Result(models.TextChoices):
    SUCCESS = "success", _("成功")
    FAILURE = "failure", _("失败")
    DENIED = "denied", _("拒绝")


class AuditEvent(models.Model):
    """One thing someone did (or tried to do), when, from where, and with what result."""

    seq = models.BigIntegerField(_("序号"), unique=True, editable=False)
    time = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    # No database constraint: deleting a user must neither fail nor touch the audit rows;
    # the username copied beside it keeps saying who it was.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_username = models.CharField(_("用户名"), max_length=150, blank=True, db_index=True)
    roles = models.CharField(_("角色"), max_length=200, blank=True)
    address = models.CharField(_("客户端地址"), max_length=64, blank=True, db_index=True)
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices)
    action = models.CharField(_("操作"), max_length=64, db_index=True)
    object_type = models.ForeignKey(
        ContentType,
        verbose_name=_("对象类型"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    result = models.CharField(_("结果"), max_length=10, choices=Result.choices, db_index=True)
    detail = models.JSONField(_("详情"), default=dict, blank=True)
    rows = models.IntegerField(_("行数"), null=True, blank=True)
    request_id = models.CharField(_("请求编号"), max_length=64, blank=True, db_index=True)
    prev_hash = models.CharField(_("前一条哈希"), max_length=64)
    hash = models.CharField(_("哈希"), max_length=64)

    class Meta:
        verbose_name = _("审计事件")
        verbose_name_plural = _("审计事件")
        ordering = ["-seq"]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"


class AuditChainHead(models.Model):
    """The end of the chain (last sequence number and hash); its row lock serializes appends."""

    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("审计链头")
        verbose_name_plural = _("审计链头")

    def __str__(self) -> str:
        return f"#{self.seq} {self.hash}"
