"""通报 / 工作提醒 and 通知公告: one publication with a kind, numbered per year, with read receipts.

A bulletin (通报, 工作提醒) names orgs, each with a mark (表扬/提醒/批评), and the ledger tasks concerned;
it is numbered 第N期 within its year when published. A notice (通知公告) goes to all orgs or to chosen
ones and has no number. Publishing either makes one receipt per recipient (the secretaries of the orgs
named, or of every org): staff see who has read it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Organization
from ledger.models import Task


class BulletinKind(models.TextChoices):
    BULLETIN = "bulletin", _("通报")
    REMINDER = "reminder", _("工作提醒")
    NOTICE = "notice", _("通知公告")


# The kinds numbered 第N期 (one sequence per year across both, as the legacy files number them).
NUMBERED_KINDS = (BulletinKind.BULLETIN, BulletinKind.REMINDER)


class BulletinState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")


class BulletinMark(models.TextChoices):
    NONE = "", _("无")
    PRAISE = "praise", _("表扬")
    REMIND = "remind", _("提醒")
    CRITICISE = "criticise", _("批评")


class BulletinCounter(models.Model):
    """The last 期号 given in a year: its row is locked while a bulletin is numbered."""

    year = models.PositiveIntegerField(_("年度"), unique=True)
    last_number = models.PositiveIntegerField(_("最后期号"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("通报期号")
        verbose_name_plural = _("通报期号")

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class BulletinQuerySet(models.QuerySet):
    def published(self) -> BulletinQuerySet:
        return self.filter(state=BulletinState.PUBLISHED)


class Bulletin(models.Model):
    """A 通报, 工作提醒 or 通知公告: drafted, edited, then published to the orgs it names (or all)."""

    kind = models.CharField(
        _("类型"), max_length=20, choices=BulletinKind.choices, default=BulletinKind.BULLETIN
    )
    state = models.CharField(
        _("状态"), max_length=20, choices=BulletinState.choices, default=BulletinState.DRAFT, editable=False
    )
    issued_on = models.DateField(_("日期"))
    year = models.PositiveIntegerField(_("年度"), null=True, blank=True, editable=False, db_index=True)
    number = models.PositiveIntegerField(_("期号"), null=True, blank=True, editable=False)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"), blank=True)
    to_all = models.BooleanField(
        _("发给全部党组织"), default=False, help_text=_("仅通知公告可发给全部党组织")
    )
    tasks = models.ManyToManyField(
        Task, verbose_name=_("涉及的台账任务"), blank=True, related_name="bulletins"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("起草人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords(m2m_fields=[tasks])

    objects = BulletinQuerySet.as_manager()

    class Meta:
        verbose_name = _("通报与通知")
        verbose_name_plural = _("通报与通知")
        ordering = ["-issued_on", "-number", "-pk"]
        constraints = [
            # Two staff publishing at once still get two numbers: the counter row is locked, and this
            # constraint is the last line should anything number a bulletin another way (an import).
            models.UniqueConstraint(fields=["year", "number"], name="bulletin_one_number_per_year"),
        ]
        indexes = [models.Index(fields=["state", "-issued_on"], name="bulletin_state_issued")]

    def __str__(self) -> str:
        return f"{self.number_label} {self.title}".strip()

    @property
    def is_numbered(self) -> bool:
        return self.kind in NUMBERED_KINDS

    @property
    def is_published(self) -> bool:
        return self.state == BulletinState.PUBLISHED

    @property
    def number_label(self) -> str:
        """第3期 (2026年) once published; nothing for drafts and notices."""
        if self.number is None:
            return ""
        return _("%(year)s年第%(n)s期") % {"year": self.year, "n": self.number}


class BulletinOrg(models.Model):
    """An org a bulletin names (or a notice is sent to), with its mark: 表扬, 提醒 or 批评."""

    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="named_orgs")
    organization = models.ForeignKey(
        Organization, verbose_name=_("党组织"), on_delete=models.PROTECT, related_name="bulletin_mentions"
    )
    mark = models.CharField(_("表扬/提醒/批评"), max_length=20, choices=BulletinMark.choices, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("通报涉及的党组织")
        verbose_name_plural = _("通报涉及的党组织")
        ordering = ["bulletin_id", "organization__path"]
        constraints = [
            models.UniqueConstraint(fields=["bulletin", "organization"], name="bulletin_names_an_org_once"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.get_mark_display()}"


class BulletinReceipt(models.Model):
    """One recipient of a published bulletin or notice: read when they first open it."""

    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="receipts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        on_delete=models.CASCADE,
        related_name="bulletin_receipts",
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("党组织"), on_delete=models.PROTECT, related_name="bulletin_receipts"
    )
    notified_at = models.DateTimeField(_("送达时间"))
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("阅读回执")
        verbose_name_plural = _("阅读回执")
        ordering = ["bulletin_id", "organization__path", "user_id"]
        constraints = [
            models.UniqueConstraint(fields=["bulletin", "user"], name="bulletin_one_receipt_per_user"),
        ]
        indexes = [models.Index(fields=["user", "read_at"], name="bulletin_receipt_user_read")]

    def __str__(self) -> str:
        return f"{self.bulletin_id} → {self.user}"
