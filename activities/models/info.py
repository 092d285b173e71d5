"""信息报送: pieces of information an org sends up, and whether (and where) they were adopted."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Organization


class InfoChannel(models.TextChoices):
    COMMITTEE = "committee", _("报工委")
    CITY = "city", _("报市委")
    UPPER = "upper", _("报上级机关工委")
    MEDIA = "media", _("报媒体平台")


class InfoPiece(models.Model):
    """A piece of information sent up on a day through a channel; adopted (采用) by a level or outlet."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("党组织"), on_delete=models.PROTECT, related_name="info_pieces"
    )
    title = models.CharField(_("标题"), max_length=200)
    sent_on = models.DateField(_("报送日期"))
    channel = models.CharField(_("报送渠道"), max_length=20, choices=InfoChannel.choices)
    adopted = models.BooleanField(_("已采用"), default=False)
    adopted_by = models.CharField(_("采用单位或刊物"), max_length=100, blank=True)
    adopted_on = models.DateField(_("采用日期"), null=True, blank=True)
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
        verbose_name = _("报送信息")
        verbose_name_plural = _("报送信息")
        ordering = ["-sent_on", "-pk"]
        indexes = [models.Index(fields=["sent_on"], name="info_piece_sent")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if not self.adopted:
            if self.adopted_by or self.adopted_on:
                raise ValidationError({"adopted": _("填写了采用单位或采用日期，请勾选“已采用”")})
            return
        errors = {}
        if not self.adopted_by:
            errors["adopted_by"] = _("已采用的信息请填写采用单位或刊物")
        if not self.adopted_on:
            errors["adopted_on"] = _("已采用的信息请填写采用日期")
        elif self.sent_on and self.adopted_on < self.sent_on:
            errors["adopted_on"] = _("采用日期不能早于报送日期")
        if errors:
            raise ValidationError(errors)
