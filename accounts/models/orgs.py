"""The org tree (工委 → 机关党委 → 党总支 → 党支部), the units orgs belong to, and group phrases."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node


class Unit(models.Model):
    """A government unit (单位), e.g. 市税务局; an org belongs to one."""

    name = models.CharField(_("单位名称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    nature = models.CharField(
        _("单位属性"), max_length=30, blank=True, help_text=_("如：行政机关、事业单位、企业")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OrgKind(models.TextChoices):
    COMMITTEE = "committee", _("工委")
    COMMITTEE_OFFICE = "office", _("工委科室")
    ORGAN_COMMITTEE = "organ_committee", _("机关党委")
    GENERAL_BRANCH = "general_branch", _("党总支")
    BRANCH = "branch", _("党支部")


GRASSROOTS_KINDS = (OrgKind.ORGAN_COMMITTEE, OrgKind.GENERAL_BRANCH, OrgKind.BRANCH)


class Organization(MP_Node):
    """A party organization in the tree 工委 → 工委科室 / 机关党委 → 党总支 → 党支部.

    A materialized path (treebeard) makes "this org and everything under it" one indexed
    `path LIKE 'prefix%'` query, which every scoping rule uses.
    """

    name = models.CharField(_("党组织名称"), max_length=120, unique=True)
    short_name = models.CharField(_("简称"), max_length=60, blank=True, db_index=True)
    aliases = models.JSONField(_("别名"), default=list, blank=True, help_text=_("历史台账里出现过的其他写法"))
    kind = models.CharField(_("组织类别"), max_length=20, choices=OrgKind.choices, db_index=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("所在单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organizations",
    )
    code = models.CharField(_("编号"), max_length=30, blank=True)
    founded_on = models.DateField(_("成立时间"), null=True, blank=True)
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    email = models.EmailField(_("邮箱"), blank=True)
    is_active = models.BooleanField(_("有效"), default=True)
    history = HistoricalRecords()

    node_order_by: list[str] = []

    class Meta:
        verbose_name = _("党组织")
        verbose_name_plural = _("党组织")

    def __str__(self) -> str:
        return self.short_name or self.name

    @property
    def is_grassroots(self) -> bool:
        return self.kind in GRASSROOTS_KINDS


class OrgGroupRule(models.Model):
    """A fixed phrase in legacy ledgers (各基层党支部 …) and the orgs it stands for, kept as data."""

    phrase = models.CharField(_("称谓"), max_length=60, unique=True)
    kinds = models.JSONField(
        _("包含的组织类别"), default=list, help_text=_('组织类别代码列表，如 ["branch"]')
    )
    unit_required = models.BooleanField(_("仅限有所在单位的组织"), default=False)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("组织称谓规则")
        verbose_name_plural = _("组织称谓规则")
        ordering = ["phrase"]

    def __str__(self) -> str:
        return self.phrase
