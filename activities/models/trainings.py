"""学习培训: 理论学习中心组 sessions, 培训班 and other study, of an org or the whole committee, with
attendance picked from the roster or given as a count."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Member, Organization


class TrainingKind(models.TextChoices):
    CENTRAL_GROUP = "central_group", _("理论学习中心组")
    CLASS = "class", _("培训班")
    OTHER = "other", _("其他学习")


class Training(models.Model):
    """A study or training session: an org's, or the committee's (no org) for everyone."""

    kind = models.CharField(_("类型"), max_length=20, choices=TrainingKind.choices)
    title = models.CharField(_("名称"), max_length=200)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("党组织"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="trainings",
        help_text=_("留空表示工委统一组织"),
    )
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"), null=True, blank=True)
    place = models.CharField(_("地点"), max_length=200, blank=True)
    content = models.TextField(_("学习内容"), blank=True)
    attendance = models.PositiveIntegerField(_("参加人次"), default=0)
    attendees = models.ManyToManyField(
        Member, verbose_name=_("参加人员"), blank=True, related_name="trainings"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[attendees])

    class Meta:
        verbose_name = _("学习培训")
        verbose_name_plural = _("学习培训")
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["starts_on"], name="training_start")]

    def __str__(self) -> str:
        return self.title

    @property
    def committee_wide(self) -> bool:
        return self.organization_id is None

    def clean(self) -> None:
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("结束日期不能早于开始日期")})
