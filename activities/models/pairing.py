"""扶贫攻坚·我先行: poor households (贫困户), the members paired with them (结对帮扶) and their visits (走访).

A household is personal data: secretaries see the households paired with their org's members and those
their org looks after; staff all of them; the reporting client counts only (accounts/permissions/).
A pairing belongs to the member's org; a visit to the org of the member who made it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import uuid4

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Member, Organization
from ledger.evidence import EvidenceFile
from ledger.filetypes import stored_extension
from partybuild.storage import private_storage

MONEY_MAX = Decimal("9999999999.99")


class Household(models.Model):
    """A poor household (贫困户): its head, village or community, how many people, why it is poor."""

    head_name = models.CharField(_("户主"), max_length=50)
    village = models.CharField(_("村(社区)"), max_length=100)
    people = models.PositiveSmallIntegerField(
        _("家庭人口"), validators=[MinValueValidator(1), MaxValueValidator(99)]
    )
    cause = models.CharField(_("致贫原因"), max_length=200, blank=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("联系党组织"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="households",
        help_text=_("负责联系帮扶这户的党组织（可不填）"),
    )
    notes = models.TextField(_("备注"), blank=True)
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
        verbose_name = _("帮扶户")
        verbose_name_plural = _("帮扶户")
        ordering = ["village", "head_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["head_name", "village"], name="household_head_village"),
        ]
        # The list's ordering, primary key last: a page is read along the index, 20 rows at a time.
        indexes = [models.Index(fields=["village", "head_name", "id"], name="household_village_head_pk")]

    def __str__(self) -> str:
        return f"{self.head_name}（{self.village}）"

    def get_absolute_url(self) -> str:
        return reverse("pairing:household_detail", args=[self.pk])

    def reached_by(self, scope) -> bool:
        """Whether an OrgScope reaches this household: its org looks after it, or one of its pairings
        (ended ones too: their visits stay readable) belongs to an org in the scope."""
        if scope.everything or (self.organization_id and scope.covers(self.organization)):
            return True
        if scope.is_empty or self.pk is None:
            return False
        return self.pairings.filter(scope.q("organization")).exists()


class PairingQuerySet(models.QuerySet):
    def active(self, on: date | None = None) -> PairingQuerySet:
        """In force on the day `on` (today when not given): begun by then and not ended before it."""
        on = on or timezone.localdate()
        return self.filter(started_on__lte=on).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on))

    def in_period(self, start: date, end: date) -> PairingQuerySet:
        """In force on at least one day of [start, end] (the one definition of "a pairing of the year")."""
        return self.filter(started_on__lte=end).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))


class Pairing(models.Model):
    """结对帮扶: a member paired with a household, from a date until (maybe) an end date."""

    member = models.ForeignKey(
        Member, verbose_name=_("党员"), on_delete=models.PROTECT, related_name="pairings"
    )
    household = models.ForeignKey(
        Household, verbose_name=_("帮扶户"), on_delete=models.PROTECT, related_name="pairings"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("党组织"),
        on_delete=models.PROTECT,
        related_name="pairings",
        help_text=_("结对党员所在的党组织"),
    )
    started_on = models.DateField(_("结对时间"))
    ended_on = models.DateField(_("结束时间"), null=True, blank=True)
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

    objects = PairingQuerySet.as_manager()

    class Meta:
        verbose_name = _("结对帮扶")
        verbose_name_plural = _("结对帮扶")
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "household"],
                condition=Q(ended_on__isnull=True),
                name="pairing_one_active_per_member_household",
                violation_error_message=_("该党员已与这户结对，且结对尚未结束"),
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "started_on"], name="pairing_org_started"),
            models.Index(fields=["started_on"], name="pairing_started"),
        ]

    def __str__(self) -> str:
        return f"{self.member.name} ↔ {self.household}"

    @property
    def is_active(self) -> bool:
        return self.ended_on is None or self.ended_on >= timezone.localdate()

    def clean(self) -> None:
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("结束时间不能早于结对时间")})


def visit_photo_upload_to(instance: VisitPhoto, filename: str) -> str:
    """A random name with the extension of the checked type; the user's file name stays in the row."""
    return f"visits/{timezone.localtime():%Y/%m}/{uuid4().hex}.{stored_extension(instance.content_type)}"


class Visit(models.Model):
    """走访: a paired member's visit to the household — when, what was done, money and goods given."""

    pairing = models.ForeignKey(
        Pairing,
        verbose_name=_("结对帮扶"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="visits",
    )
    member = models.ForeignKey(
        Member, verbose_name=_("党员"), on_delete=models.PROTECT, related_name="visits"
    )
    household = models.ForeignKey(
        Household, verbose_name=_("帮扶户"), on_delete=models.PROTECT, related_name="visits"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("党组织"), on_delete=models.PROTECT, related_name="pairing_visits"
    )
    visited_on = models.DateField(_("走访日期"))
    content = models.TextField(_("走访内容"), blank=True)
    funds = models.DecimalField(
        _("投入资金(元)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(MONEY_MAX)],
    )
    goods = models.DecimalField(
        _("物资折价(元)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(MONEY_MAX)],
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
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("走访记录")
        verbose_name_plural = _("走访记录")
        ordering = ["-visited_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "household", "visited_on"],
                name="visit_one_per_member_household_day",
                violation_error_message=_("这名党员当天对这户的走访已登记"),
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "visited_on"], name="visit_org_day"),
            # The year's visits, money and goods summed from the index alone (pairing totals).
            models.Index(fields=["visited_on"], include=["funds", "goods"], name="visit_day_money"),
        ]

    def __str__(self) -> str:
        return f"{self.visited_on:%Y-%m-%d} {self.member.name} → {self.household}"

    def get_absolute_url(self) -> str:
        return reverse("pairing:household_detail", args=[self.household_id])


class VisitPhoto(EvidenceFile):
    """A photo (or other evidence) of a visit (see ledger.evidence)."""

    visit = models.ForeignKey(
        Visit, verbose_name=_("走访记录"), on_delete=models.CASCADE, related_name="photos"
    )
    file = models.FileField(_("文件"), storage=private_storage, upload_to=visit_photo_upload_to)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("走访照片")
        verbose_name_plural = _("走访照片")
        ordering = ["uploaded_at", "pk"]

    @property
    def organization(self) -> Organization:
        return self.visit.organization
