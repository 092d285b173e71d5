"""Moves in the org tree: members transferred between orgs (组织关系转接) and orgs merged into others.

Both are facts with a date that stay on file: a member's past lies with the orgs they belonged to, and a
merged org keeps its closed history under its own name.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .orgs import Organization
from .people import Member


class OrganizationMerge(models.Model):
    """One org merged into another on a date; `summary` says what moved and what stayed."""

    source = models.ForeignKey(
        Organization, verbose_name=_("被合并组织"), on_delete=models.PROTECT, related_name="merges_out"
    )
    target = models.ForeignKey(
        Organization, verbose_name=_("并入组织"), on_delete=models.PROTECT, related_name="merges_in"
    )
    merged_on = models.DateField(_("合并日期"))
    summary = models.JSONField(_("合并结果"), default=dict, blank=True)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办理人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    merged_at = models.DateTimeField(_("办理时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("党组织合并")
        verbose_name_plural = _("党组织合并")
        ordering = ["-merged_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(source=models.F("target")), name="organization_merge_two_orgs"
            ),
            # A merged org is deactivated: it cannot be merged a second time.
            models.UniqueConstraint(fields=["source"], name="organization_merged_once"),
        ]

    def __str__(self) -> str:
        return f"{self.source} → {self.target}"


class MemberTransfer(models.Model):
    """A member's move from one org to another (组织关系转接): when, why, on whose authority."""

    member = models.ForeignKey(
        Member, verbose_name=_("党员"), on_delete=models.PROTECT, related_name="transfers"
    )
    from_organization = models.ForeignKey(
        Organization, verbose_name=_("转出组织"), on_delete=models.PROTECT, related_name="transfers_out"
    )
    to_organization = models.ForeignKey(
        Organization, verbose_name=_("转入组织"), on_delete=models.PROTECT, related_name="transfers_in"
    )
    transferred_on = models.DateField(_("转接日期"))
    reason = models.CharField(_("转接原因"), max_length=200, blank=True)
    document_no = models.CharField(_("介绍信编号/文号"), max_length=100, blank=True)
    merge = models.ForeignKey(
        OrganizationMerge,
        verbose_name=_("来自组织合并"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transfers",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办理人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("办理时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("组织关系转接")
        verbose_name_plural = _("组织关系转接")
        ordering = ["-transferred_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(from_organization=models.F("to_organization")),
                name="member_transfer_between_two_orgs",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.from_organization} → {self.to_organization}"
