"""任职谈话: the committee's talk with a newly approved secretary — their plan and pledge."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import SecretaryTerm

# A term without a talk is due from its start (the approval) and overdue after this many days.
TALK_DUE_DAYS = 30


class AppointmentTalk(models.Model):
    term = models.OneToOneField(
        SecretaryTerm, verbose_name=_("任职"), on_delete=models.PROTECT, related_name="appointment_talk"
    )
    talked_on = models.DateField(_("谈话日期"))
    talked_by = models.CharField(_("谈话人"), max_length=200, help_text=_("多人以“、”分隔"))
    plan = models.TextField(_("履职打算"), blank=True)
    pledge = models.TextField(_("履职表态"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("任职谈话")
        verbose_name_plural = _("任职谈话")
        ordering = ["-talked_on"]

    def __str__(self) -> str:
        return f"{self.term} {self.talked_on:%Y-%m-%d}"

    @property
    def organization(self):
        """The org the talk belongs to (what scopes and the permission matrix ask)."""
        return self.term.organization

    def clean(self) -> None:
        if self.term_id and self.talked_on and self.talked_on < self.term.started_on:
            raise ValidationError(
                {"talked_on": _("谈话日期不能早于任职时间（%(start)s）") % {"start": self.term.started_on}}
            )
