"""Party members on the rolls and the secretaries' terms of office."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .orgs import Organization


class MemberClass(models.TextChoices):
    """Tongliao 三位一体: each class is scored and ranked in its own way."""

    NORMAL = "normal", _("正常参加活动")
    ELDERLY = "elderly", _("年老体弱")
    MOBILE = "mobile", _("流动党员")


class MemberStatus(models.TextChoices):
    ACTIVE = "active", _("在册")
    TRANSFERRED = "transferred", _("已转出")
    DECEASED = "deceased", _("已去世")
    LEFT = "left", _("已出党")


class PartyStanding(models.TextChoices):
    FULL = "full", _("正式党员")
    PROBATIONARY = "probationary", _("预备党员")


class Member(models.Model):
    """A party member (党员) on a branch's roster."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("所在党组织"), on_delete=models.PROTECT, related_name="members"
    )
    name = models.CharField(_("姓名"), max_length=50, db_index=True)
    staff_no = models.CharField(_("工号"), max_length=40, blank=True)
    gender = models.CharField(_("性别"), max_length=4, blank=True)
    ethnicity = models.CharField(_("民族"), max_length=20, blank=True)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    education = models.CharField(_("学历"), max_length=30, blank=True)
    joined_on = models.DateField(_("入党时间"), null=True, blank=True)
    full_member_on = models.DateField(_("转正时间"), null=True, blank=True)
    standing = models.CharField(
        _("党籍状态"), max_length=20, choices=PartyStanding.choices, default=PartyStanding.FULL
    )
    member_class = models.CharField(
        _("党员类别"), max_length=20, choices=MemberClass.choices, default=MemberClass.NORMAL, db_index=True
    )
    category_label = models.CharField(_("人员类别(原文)"), max_length=30, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=MemberStatus.choices, default=MemberStatus.ACTIVE
    )
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    party_post = models.CharField(_("党内职务"), max_length=60, blank=True)
    # Never the full ID-card number: a masked form to show, a keyed hash to find duplicates.
    id_number_masked = models.CharField(_("身份证号(脱敏)"), max_length=24, blank=True)
    id_number_hash = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("党员")
        verbose_name_plural = _("党员")
        ordering = ["organization_id", "name"]

    def __str__(self) -> str:
        return self.name


class SecretaryRole(models.TextChoices):
    SECRETARY = "secretary", _("书记")
    DEPUTY = "deputy", _("副书记")


class SecretaryTerm(models.Model):
    """A term of office of a secretary or deputy secretary of one organization."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("党组织"), on_delete=models.PROTECT, related_name="secretary_terms"
    )
    member = models.ForeignKey(
        Member, verbose_name=_("党员"), null=True, blank=True, on_delete=models.PROTECT, related_name="terms"
    )
    person_name = models.CharField(_("姓名"), max_length=50)
    role = models.CharField(
        _("职务"), max_length=20, choices=SecretaryRole.choices, default=SecretaryRole.SECRETARY
    )
    started_on = models.DateField(_("任职时间"))
    ended_on = models.DateField(_("离任时间"), null=True, blank=True)
    approval_document = models.CharField(_("批复文号"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("书记任职")
        verbose_name_plural = _("书记任职")
        ordering = ["organization_id", "-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="secretary_term_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.get_role_display()} {self.person_name}"
