"""述职评议: a session where secretaries report on their year and are scored on site (live scoring)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Organization, SecretaryTerm
from partybuild.storage import private_storage

from .scoring import Grade, ScoringRound, ScoringSubject


class DebriefKind(models.TextChoices):
    TO_COMMITTEE = "committee", _("向工委述职")
    TO_MEMBERS = "members", _("向党员述职")
    MIDYEAR = "midyear", _("半年测评")


class DebriefSession(models.Model):
    """A sitting of 述职评议 (or the half-year 测评): its year, day and kind, and its scoring round."""

    year = models.PositiveSmallIntegerField(
        _("年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    held_on = models.DateField(_("述职日期"))
    kind = models.CharField(_("类型"), max_length=20, choices=DebriefKind.choices)
    title = models.CharField(_("名称"), max_length=200)
    venue = models.CharField(_("地点"), max_length=200, blank=True)
    round = models.OneToOneField(
        ScoringRound,
        verbose_name=_("评分轮次"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="debrief_session",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("述职评议会")
        verbose_name_plural = _("述职评议会")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_closed(self) -> bool:
        return self.round is not None and self.round.is_closed


class Debrief(models.Model):
    """One secretary's debrief in a session: report (text or file), the committee head's comment and
    the result (from the session's scoring when it closes; recorded here only for imported years)."""

    session = models.ForeignKey(
        DebriefSession, verbose_name=_("述职评议会"), on_delete=models.PROTECT, related_name="debriefs"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("党组织"), on_delete=models.PROTECT, related_name="debriefs"
    )
    term = models.ForeignKey(
        SecretaryTerm,
        verbose_name=_("任职"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="debriefs",
    )
    person_name = models.CharField(_("书记"), max_length=50)
    seq = models.PositiveSmallIntegerField(_("述职顺序"), default=1)
    report_text = models.TextField(_("述职报告"), blank=True)
    report_file = models.FileField(
        _("述职报告文件"), storage=private_storage, upload_to="debriefs/%Y/%m/", blank=True, max_length=255
    )
    head_comment = models.TextField(_("工委书记点评"), blank=True)
    subject = models.OneToOneField(
        ScoringSubject,
        verbose_name=_("评分对象"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="debrief",
    )
    recorded_score = models.DecimalField(
        _("得分（导入）"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    recorded_grade = models.CharField(_("等次（导入）"), max_length=20, choices=Grade.choices, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("书记述职")
        verbose_name_plural = _("书记述职")
        ordering = ["session", "seq", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "organization", "person_name"], name="debrief_once_per_session"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session} {self.person_name}"
