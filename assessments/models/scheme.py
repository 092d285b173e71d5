"""The assessment scheme (考核办法) as data, and what it computes: runs and their results.

A Scheme belongs to a year and has versions: once a published run used a version, editing the scheme
makes a new version (assessments.scheme.services.scheme_update), so a published result always points
at the rules it was computed with. Results are stored per (run, org); a run is one computation of a
period (2026-Q1, 2026-H1, 2026-Y) with one scheme version; recomputing a published period makes a new
run with the next version number and a reason.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Organization

_PERCENT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]
_SHARE = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))]


class IndexKey(models.TextChoices):
    """Dazhou's three indices (seed 003)."""

    PERFORMANCE = "performance", _("党建绩效指数")
    RESPONSIBILITY = "responsibility", _("履行党建责任指数")
    CONDUCT = "conduct", _("党员行为积分指数")


class ComponentKey(models.TextChoices):
    """What a component measures; each is one grouped aggregate (assessments.scheme.components)."""

    LEDGER = "ledger", _("台账任务完成")
    SERVICE_DAYS = "service_days", _("党员服务日")
    FORUMS = "forums", _("主题讲坛")
    MEETINGS = "meetings", _("三会一课")
    DEBRIEF = "debrief", _("述职评议")
    REMINDERS = "reminders", _("提醒约谈与整改")
    BULLETINS = "bulletins", _("通报表扬/提醒/批评")
    POINTS = "points", _("党员积分")


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    GOOD = "good", _("良好")
    FAIR = "fair", _("一般")
    POOR = "poor", _("差")


class Scheme(models.Model):
    """One version of a year's 考核办法: index weights, grade thresholds, quota and flag rules."""

    year = models.PositiveSmallIntegerField(_("年度"))
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    name = models.CharField(_("名称"), max_length=200)
    notes = models.TextField(_("说明"), blank=True)
    performance_weight = models.DecimalField(
        _("党建绩效指数权重（%）"), max_digits=5, decimal_places=2, default=Decimal(50), validators=_PERCENT
    )
    responsibility_weight = models.DecimalField(
        _("履行党建责任指数权重（%）"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(30),
        validators=_PERCENT,
    )
    conduct_weight = models.DecimalField(
        _("党员行为积分指数权重（%）"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(20),
        validators=_PERCENT,
    )
    excellent_from = models.DecimalField(
        _("“优秀”最低分"), max_digits=5, decimal_places=2, default=Decimal(90), validators=_PERCENT
    )
    good_from = models.DecimalField(
        _("“良好”最低分"), max_digits=5, decimal_places=2, default=Decimal(80), validators=_PERCENT
    )
    fair_from = models.DecimalField(
        _("“一般”最低分"), max_digits=5, decimal_places=2, default=Decimal(60), validators=_PERCENT
    )
    excellent_quota = models.DecimalField(
        _("优秀比例上限"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.20"),
        validators=_SHARE,
        help_text=_("同类党组织中评为优秀的最高比例（达州：20%），名额向下取整"),
    )
    flag_bottom_rank = models.BooleanField(
        _("排名末位出具“履职不到位”意见"), default=True, help_text=_("同类党组织不少于 3 个时适用")
    )
    flag_poor_grade = models.BooleanField(_("等次为“差”出具“履职不到位”意见"), default=True)
    party_building_share = models.DecimalField(
        _("党建占部门绩效比重"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.15"),
        validators=_SHARE,
        help_text=_("党建考核在部门年度目标绩效中的分值占比（达州：15%）"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("考核办法")
        verbose_name_plural = _("考核办法")
        ordering = ["-year", "-version"]
        constraints = [models.UniqueConstraint(fields=["year", "version"], name="scheme_version_unique")]

    def __str__(self) -> str:
        return f"{self.name}（{self.year}年 第{self.version}版）"

    @property
    def is_locked(self) -> bool:
        """Used by a published run: changing it makes a new version."""
        return self.runs.filter(state=RunState.PUBLISHED).exists()

    def index_weights(self) -> dict[str, Decimal]:
        return {
            IndexKey.PERFORMANCE: self.performance_weight,
            IndexKey.RESPONSIBILITY: self.responsibility_weight,
            IndexKey.CONDUCT: self.conduct_weight,
        }


class SchemeComponent(models.Model):
    """A component of an index with its weight inside the index and its parameters (penalties …)."""

    scheme = models.ForeignKey(
        Scheme, verbose_name=_("考核办法"), on_delete=models.CASCADE, related_name="components"
    )
    index = models.CharField(_("指数"), max_length=20, choices=IndexKey.choices)
    key = models.CharField(_("考核项目"), max_length=20, choices=ComponentKey.choices)
    seq = models.PositiveSmallIntegerField(_("序号"), default=1)
    weight = models.DecimalField(
        _("权重（%）"), max_digits=5, decimal_places=2, validators=_PERCENT, help_text=_("在所属指数中的权重")
    )
    params = models.JSONField(
        _("参数"), default=dict, blank=True, help_text=_("扣分、加分等规则，见考核办法页")
    )
    description = models.CharField(_("评分说明"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("考核项目")
        verbose_name_plural = _("考核项目")
        ordering = ["scheme", "index", "seq", "pk"]
        constraints = [models.UniqueConstraint(fields=["scheme", "key"], name="scheme_component_once")]

    def __str__(self) -> str:
        return f"{self.get_index_display()} / {self.get_key_display()} {self.weight}%"


class RunState(models.TextChoices):
    COMPUTING = "computing", _("计算中")
    COMPUTED = "computed", _("待审核发布")
    PUBLISHED = "published", _("已发布")
    FAILED = "failed", _("计算失败")


class AssessmentRun(models.Model):
    """One computation of a period's results with one scheme version; published runs are immutable."""

    year = models.PositiveSmallIntegerField(_("年度"))
    period = models.CharField(_("期间"), max_length=8, help_text=_("2026-Q1、2026-H1、2026-Y"))
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    scheme = models.ForeignKey(
        Scheme, verbose_name=_("考核办法"), on_delete=models.PROTECT, related_name="runs"
    )
    state = models.CharField(_("状态"), max_length=12, choices=RunState.choices, default=RunState.COMPUTING)
    reason = models.CharField(_("重新计算原因"), max_length=300, blank=True)
    as_of = models.DateField(_("数据截止日期"))
    chunks_total = models.PositiveIntegerField(_("分片数"), default=0)
    # Committee-wide figures every chunk shares (e.g. the best org's average member points).
    constants = models.JSONField(_("全委数据"), default=dict, blank=True)
    error = models.TextField(_("错误"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    computed_at = models.DateTimeField(_("计算完成时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("考核计算")
        verbose_name_plural = _("考核计算")
        ordering = ["-year", "-period", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "period", "version"], name="assessment_run_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.period} 第{self.version}版"

    @property
    def is_published(self) -> bool:
        return self.state == RunState.PUBLISHED


class AssessmentRunChunk(models.Model):
    """A slice of a run's orgs computed by one task; `done_at` set in the transaction that wrote them."""

    run = models.ForeignKey(AssessmentRun, on_delete=models.CASCADE, related_name="chunks")
    index = models.PositiveIntegerField(_("序号"))
    organization_ids = models.JSONField(_("党组织"), default=list)
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("计算分片")
        verbose_name_plural = _("计算分片")
        ordering = ["run", "index"]
        constraints = [models.UniqueConstraint(fields=["run", "index"], name="assessment_chunk_once")]

    def __str__(self) -> str:
        return f"{self.run} #{self.index}"


class AssessmentResult(models.Model):
    """One org's three indices, composite, rank among peers, grade and flags in a run, with the tree
    of what each number is made of (`explanation`, down to record counts and ids)."""

    run = models.ForeignKey(
        AssessmentRun, verbose_name=_("考核计算"), on_delete=models.CASCADE, related_name="results"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("党组织"), on_delete=models.PROTECT, related_name="assessment_results"
    )
    peer_kind = models.CharField(_("同类组织"), max_length=20)
    performance_index = models.DecimalField(_("党建绩效指数"), max_digits=5, decimal_places=2)
    responsibility_index = models.DecimalField(_("履行党建责任指数"), max_digits=5, decimal_places=2)
    conduct_index = models.DecimalField(_("党员行为积分指数"), max_digits=5, decimal_places=2)
    composite = models.DecimalField(_("综合得分"), max_digits=5, decimal_places=2)
    rank = models.PositiveIntegerField(_("同类排名"), null=True, blank=True)
    peer_count = models.PositiveIntegerField(_("同类组织数"), default=0)
    grade = models.CharField(_("等次"), max_length=12, choices=Grade.choices, blank=True)
    quota_applied = models.BooleanField(_("受优秀比例限制"), default=False)
    flags = models.JSONField(_("标记"), default=list, blank=True)
    explanation = models.JSONField(_("得分构成"), default=dict)

    class Meta:
        verbose_name = _("考核结果")
        verbose_name_plural = _("考核结果")
        ordering = ["run", "peer_kind", "rank", "organization_id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "organization"], name="assessment_result_once_per_run")
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.run}: {self.composite}"
