"""一支部一品牌: a branch applies for a brand; staff recognise it per year and re-check it every year,
so brands enter and exit (有进有出). A brand's years are its history: 申报, 认定 or 退出 per year."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Organization


class BrandStatus(models.TextChoices):
    SUBMITTED = "submitted", _("申报")
    RECOGNISED = "recognised", _("认定")
    EXITED = "exited", _("退出")


class Brand(models.Model):
    """A branch's party-building brand: its name, slogan and how it ties to the unit's work."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("党组织"), on_delete=models.PROTECT, related_name="brands"
    )
    name = models.CharField(_("品牌名称"), max_length=100)
    slogan = models.CharField(_("品牌口号"), max_length=200, blank=True)
    work_tie = models.TextField(_("与业务工作的结合"), blank=True)
    description = models.TextField(_("品牌简介"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申报人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("党建品牌")
        verbose_name_plural = _("党建品牌")
        ordering = ["organization__path", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="brand_name_per_org"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("brands:brand_detail", kwargs={"pk": self.pk})


class BrandYear(models.Model):
    """A brand in one year: applied for (申报), recognised (认定) or out (退出), and who decided."""

    brand = models.ForeignKey(
        Brand, verbose_name=_("党建品牌"), on_delete=models.CASCADE, related_name="years"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    status = models.CharField(
        _("状态"), max_length=20, choices=BrandStatus.choices, default=BrandStatus.SUBMITTED
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    note = models.CharField(_("审核意见"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("品牌年度认定")
        verbose_name_plural = _("品牌年度认定")
        ordering = ["-year", "brand_id"]
        constraints = [
            models.UniqueConstraint(fields=["brand", "year"], name="brand_one_row_per_year"),
            models.CheckConstraint(
                condition=models.Q(year__gte=2000) & models.Q(year__lte=2100), name="brand_year_range"
            ),
        ]
        indexes = [models.Index(fields=["year", "status"], name="brandyear_year_status")]

    def __str__(self) -> str:
        return f"{self.year} {self.brand} {self.get_status_display()}"

    @property
    def organization(self) -> Organization:
        return self.brand.organization
