"""提醒约谈 and 函告: a talk with a secretary, its rectification items (整改事项), and the letter it may
escalate to. The secretary reports each item done with evidence; committee staff verify and close it (销号).
"""

from __future__ import annotations

from datetime import date
from uuid import uuid4

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Organization, SecretaryTerm
from ledger.evidence import EvidenceFile
from ledger.filetypes import stored_extension
from partybuild.storage import private_storage


class ReminderReason(models.TextChoices):
    WEAK_LEADERSHIP = "weak_leadership", _("抓党建不力")
    DUTY = "duty", _("履职不到位")
    COMPLAINTS = "complaints", _("党员群众反映较大")
    SLOW_RECTIFICATION = "slow_rectification", _("整改缓慢")
    OTHER = "other", _("其他")


class ReminderTalk(models.Model):
    """A 提醒约谈 with an org's secretary: why, when, who talked; its items are `rectifications`."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("党组织"), on_delete=models.PROTECT, related_name="reminder_talks"
    )
    term = models.ForeignKey(
        SecretaryTerm,
        verbose_name=_("任职"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reminder_talks",
    )
    secretary_name = models.CharField(_("书记"), max_length=50)
    reason = models.CharField(_("约谈原因"), max_length=30, choices=ReminderReason.choices)
    reason_detail = models.TextField(_("具体情况"), blank=True)
    talked_on = models.DateField(_("约谈日期"))
    talked_by = models.CharField(_("约谈人"), max_length=200, help_text=_("多人以“、”分隔"))
    notes = models.TextField(_("约谈情况"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("提醒约谈")
        verbose_name_plural = _("提醒约谈")
        ordering = ["-talked_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "secretary_name", "talked_on"], name="reminder_talk_one_per_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.secretary_name} {self.talked_on:%Y-%m-%d}"

    def clean(self) -> None:
        if self.term_id and self.organization_id and self.term.organization_id != self.organization_id:
            raise ValidationError({"term": _("任职须是被约谈党组织的任职，请核对党组织和书记")})


class RectificationState(models.TextChoices):
    OPEN = "open", _("整改中")
    REPORTED = "reported", _("已报告待销号")
    CLOSED = "closed", _("已销号")


class RectificationQuerySet(models.QuerySet):
    def open(self) -> RectificationQuerySet:
        """Not yet closed (销号): open or reported and waiting for staff."""
        return self.exclude(state=RectificationState.CLOSED)

    def overdue(self, today: date | None = None) -> RectificationQuerySet:
        """逾期: not closed and past its deadline (the one definition every list and card uses)."""
        return self.open().filter(deadline__lt=today or timezone.localdate())


class Rectification(models.Model):
    """One 整改事项 of a talk, with its deadline: reported done by the secretary, closed by staff."""

    talk = models.ForeignKey(
        ReminderTalk, verbose_name=_("提醒约谈"), on_delete=models.CASCADE, related_name="rectifications"
    )
    seq = models.PositiveSmallIntegerField(_("序号"), default=1)
    content = models.TextField(_("整改事项"))
    deadline = models.DateField(_("整改期限"))
    state = models.CharField(
        _("状态"),
        max_length=20,
        choices=RectificationState.choices,
        default=RectificationState.OPEN,
        editable=False,
    )
    report = models.TextField(_("整改情况"), blank=True, editable=False)
    reported_at = models.DateTimeField(_("报告时间"), null=True, blank=True, editable=False)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报告人"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("销号时间"), null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("销号人"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    review_note = models.CharField(_("核查意见"), max_length=300, blank=True, editable=False)
    history = HistoricalRecords()

    objects = RectificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("整改事项")
        verbose_name_plural = _("整改事项")
        ordering = ["talk_id", "seq", "pk"]
        indexes = [models.Index(fields=["state", "deadline"], name="rectification_state_deadline")]

    def __str__(self) -> str:
        return f"{self.seq}. {self.content[:40]}"

    @property
    def organization(self) -> Organization:
        """The org the item belongs to (what scopes and the permission matrix ask)."""
        return self.talk.organization

    @property
    def is_closed(self) -> bool:
        return self.state == RectificationState.CLOSED


def rectification_evidence_upload_to(instance: RectificationEvidence, filename: str) -> str:
    """A random name with the extension of the checked type; the user's file name stays in the row."""
    return (
        f"rectifications/{timezone.localtime():%Y/%m}/{uuid4().hex}.{stored_extension(instance.content_type)}"
    )


class RectificationEvidence(EvidenceFile):
    """Evidence of a rectification item done (see ledger.evidence)."""

    rectification = models.ForeignKey(
        Rectification, verbose_name=_("整改事项"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("文件"), storage=private_storage, upload_to=rectification_evidence_upload_to)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("整改佐证材料")
        verbose_name_plural = _("整改佐证材料")
        ordering = ["uploaded_at", "pk"]

    @property
    def organization(self) -> Organization:
        return self.rectification.talk.organization


class Letter(models.Model):
    """函告: a talk escalated to a letter to the unit's party group (党组), with its number and date."""

    talk = models.OneToOneField(
        ReminderTalk, verbose_name=_("提醒约谈"), on_delete=models.PROTECT, related_name="letter"
    )
    addressee = models.CharField(_("函告对象"), max_length=200, help_text=_("所在单位党组（党委）"))
    number = models.CharField(_("函告文号"), max_length=100)
    sent_on = models.DateField(_("函告日期"))
    body = models.TextField(_("函告内容"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("函告")
        verbose_name_plural = _("函告")
        ordering = ["-sent_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.number} {self.addressee}"

    @property
    def organization(self) -> Organization:
        return self.talk.organization

    def clean(self) -> None:
        if self.talk_id and self.sent_on and self.sent_on < self.talk.talked_on:
            raise ValidationError(
                {"sent_on": _("函告日期不能早于约谈日期（%(d)s）") % {"d": self.talk.talked_on}}
            )
