"""党员积分 (Tongliao 三位一体): a scheme per year and member class, its items, the quarterly points of
each member computed from the carriers' records, and the points a secretary or staff give by hand."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Member, MemberClass, Organization
from partybuild.periods import Period


class PointScheme(models.Model):
    """The items one member class is scored on in a year; a new version once points have used it."""

    year = models.PositiveSmallIntegerField(_("年度"))
    member_class = models.CharField(_("党员类别"), max_length=20, choices=MemberClass.choices)
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    title = models.CharField(_("方案名称"), max_length=100)
    notes = models.TextField(_("说明"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("党员积分方案")
        verbose_name_plural = _("党员积分方案")
        ordering = ["-year", "member_class", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "member_class", "version"], name="point_scheme_one_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_member_class_display()} v{self.version}"


class PointItem(models.Model):
    """One line of a scheme: what is counted (a record source or by hand), points per unit, quarterly cap."""

    scheme = models.ForeignKey(
        PointScheme, verbose_name=_("积分方案"), on_delete=models.CASCADE, related_name="items"
    )
    seq = models.PositiveSmallIntegerField(_("序号"), default=1)
    code = models.SlugField(_("代码"), max_length=40)
    label = models.CharField(_("积分项目"), max_length=100)
    source = models.CharField(_("数据来源"), max_length=40)
    points_per_unit = models.DecimalField(_("每次(单位)分值"), max_digits=6, decimal_places=2)
    cap_per_quarter = models.DecimalField(
        _("每季度上限"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("本项一个季度最多计多少分（扣分项为最多扣多少分）；留空为不设上限"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("积分项目")
        verbose_name_plural = _("积分项目")
        ordering = ["scheme", "seq", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="point_item_code_once"),
        ]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        from assessments.points.sources import source_keys

        if self.source not in source_keys():
            raise ValidationError({"source": _("数据来源“%(s)s”不存在，请从列表中选择") % {"s": self.source}})

    def points_for(self, units: Decimal) -> Decimal:
        """Units × points, held within the quarter's cap (a deduction within minus the cap)."""
        value = (units * self.points_per_unit).quantize(Decimal("0.01"))
        if self.cap_per_quarter is not None:
            value = max(-self.cap_per_quarter, min(self.cap_per_quarter, value))
        return value


class MemberPoints(models.Model):
    """A member's points for one quarter: total, rank within the branch and class, and what made them."""

    member = models.ForeignKey(
        Member, verbose_name=_("党员"), on_delete=models.CASCADE, related_name="quarter_points"
    )
    # The member's org and class when computed: the ranking groups by them, scoping filters on the org.
    organization = models.ForeignKey(
        Organization, verbose_name=_("党组织"), on_delete=models.PROTECT, related_name="+"
    )
    member_class = models.CharField(_("党员类别"), max_length=20, choices=MemberClass.choices)
    period = models.CharField(_("季度"), max_length=8, db_index=True)
    year = models.PositiveSmallIntegerField(_("年度"))
    scheme = models.ForeignKey(
        PointScheme, verbose_name=_("积分方案"), on_delete=models.PROTECT, related_name="computed"
    )
    total = models.DecimalField(_("积分"), max_digits=8, decimal_places=2, default=Decimal(0))
    rank = models.PositiveIntegerField(_("支部同类排名"), default=1)
    breakdown = models.JSONField(_("积分明细"), default=list)
    computed_at = models.DateTimeField(_("计算时间"))

    class Meta:
        verbose_name = _("党员季度积分")
        verbose_name_plural = _("党员季度积分")
        ordering = ["-period", "organization_id", "member_class", "rank", "member__name", "member_id"]
        constraints = [
            models.UniqueConstraint(fields=["member", "period"], name="member_points_once_a_quarter"),
        ]
        indexes = [
            models.Index(fields=["period", "organization", "member_class", "rank"]),
            # Covering: the assessment's points index averages an org's quarters from the index alone.
            models.Index(
                fields=["organization", "period"], include=["total"], name="member_points_org_total"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.period_label} {self.total}"

    @property
    def period_label(self) -> str:
        return Period.parse(self.period).label


class ManualPoint(models.Model):
    """Points given or taken by hand (加分/扣分) for a quarter, with the reason and who gave them."""

    member = models.ForeignKey(
        Member, verbose_name=_("党员"), on_delete=models.CASCADE, related_name="manual_points"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("党组织"), on_delete=models.PROTECT, related_name="+"
    )
    period = models.CharField(_("季度"), max_length=8, db_index=True)
    item_code = models.CharField(
        _("积分项目代码"),
        max_length=40,
        blank=True,
        help_text=_("方案中“手动加减分”项目的代码；留空计入“其他加减分”（不设上限）"),
    )
    points = models.DecimalField(_("分值"), max_digits=6, decimal_places=2, help_text=_("扣分填负数"))
    reason = models.CharField(_("事由"), max_length=200)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    given_at = models.DateTimeField(_("登记时间"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("手动加减分")
        verbose_name_plural = _("手动加减分")
        ordering = ["-given_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.member} {self.points:+} {self.reason}"

    @property
    def period_label(self) -> str:
        return Period.parse(self.period).label

    def clean(self) -> None:
        if self.points == 0:
            raise ValidationError({"points": _("分值不能为0")})
        try:
            period = Period.parse(self.period)
        except ValueError:
            period = None
        if period is None or period.kind != "Q":
            raise ValidationError({"period": _("季度须写成 2026-Q1 这样的季度代码")})
