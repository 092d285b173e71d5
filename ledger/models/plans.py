"""The year's plan: items (大项工作) and their tasks (具体任务), with what they recur on and fulfil."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Organization, OrgGroupRule


class Recurrence(models.TextChoices):
    NONE = "none", _("一次性")
    MONTHLY = "monthly", _("每月")
    QUARTERLY = "quarterly", _("每季度")
    HALF_YEARLY = "half_yearly", _("每半年")
    YEARLY = "yearly", _("每年")


class TaskLevel(models.TextChoices):
    """Seed 002's three levels: party group leads, organ committee is responsible, branch implements."""

    UNSPECIFIED = "", _("未指定")
    PARTY_GROUP = "party_group", _("党组")
    ORGAN_COMMITTEE = "organ_committee", _("机关党委")
    BRANCH = "branch", _("支部")


class ActivityKind(models.TextChoices):
    """Which kind of activity record fulfils a task (set by staff): a service day saved in the portal
    then proposes the open assignments of its org and period whose task names `service_day`
    (ledger.services.fills)."""

    NONE = "", _("无（需单独填报）")
    SERVICE_DAY = "service_day", _("党员服务日/主题党日")
    FORUM = "forum", _("主题讲坛")
    MEETING_GENERAL = "meeting_general", _("支部党员大会")
    MEETING_COMMITTEE = "meeting_committee", _("支委会")
    MEETING_GROUP = "meeting_group", _("党小组会")
    MEETING_LECTURE = "meeting_lecture", _("党课")


class PlanState(models.TextChoices):
    """A year's ledger is worked on (进行中) or kept as history (已归档)."""

    ACTIVE = "active", _("进行中")
    ARCHIVED = "archived", _("已归档")


class Plan(models.Model):
    """One year's ledger plan.

    An archived year (已归档: a past year imported from a legacy workbook, or one staff archived) is
    history: counted in its own year's summaries and exports, never in reminders, overdue lists, home
    cards, "我的任务" or bulletin drafts (`AssignmentQuerySet.open_years`), and its records are read-only.
    """

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    title = models.CharField(_("标题"), max_length=200)
    description = models.TextField(_("说明"), blank=True)
    state = models.CharField(
        _("状态"), max_length=10, choices=PlanState.choices, default=PlanState.ACTIVE, editable=False
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("年度台账")
        verbose_name_plural = _("年度台账")
        ordering = ["-year"]

    def __str__(self) -> str:
        return self.title


class Item(models.Model):
    """A major item of work (大项工作) in a year's plan."""

    plan = models.ForeignKey(Plan, verbose_name=_("年度台账"), on_delete=models.CASCADE, related_name="items")
    seq = models.PositiveIntegerField(_("序号"), default=0)
    title = models.CharField(_("工作项目"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("大项工作")
        verbose_name_plural = _("大项工作")
        ordering = ["plan_id", "seq", "id"]
        constraints = [models.UniqueConstraint(fields=["plan", "title"], name="item_title_unique_in_plan")]

    def __str__(self) -> str:
        return self.title


class Task(models.Model):
    """A specific task (具体任务) under an item: what, to what standard, by whom, by when, how often."""

    item = models.ForeignKey(Item, verbose_name=_("大项工作"), on_delete=models.CASCADE, related_name="tasks")
    seq = models.PositiveIntegerField(_("序号"), default=0)
    title = models.CharField(_("具体任务"), max_length=300)
    standard = models.TextField(_("完成效果/标准"), blank=True)
    deadline = models.DateField(_("完成时限"), null=True, blank=True)
    deadline_text = models.CharField(_("完成时限(原文)"), max_length=60, blank=True)
    recurrence = models.CharField(
        _("周期"), max_length=12, choices=Recurrence.choices, default=Recurrence.NONE
    )
    weight = models.DecimalField(_("分值权重"), max_digits=6, decimal_places=2, default=1)
    evidence_expected = models.CharField(_("佐证材料要求"), max_length=300, blank=True)
    level = models.CharField(_("责任层级"), max_length=20, choices=TaskLevel.choices, blank=True, default="")
    responsible_text = models.CharField(_("责任单位(原文)"), max_length=500, blank=True)
    responsible_orgs = models.ManyToManyField(
        Organization, verbose_name=_("责任组织"), blank=True, related_name="ledger_tasks"
    )
    responsible_groups = models.ManyToManyField(
        OrgGroupRule, verbose_name=_("责任组织称谓"), blank=True, related_name="ledger_tasks"
    )
    notes = models.TextField(_("备注"), blank=True)
    activity_kind = models.CharField(
        _("对应活动"),
        max_length=20,
        choices=ActivityKind.choices,
        blank=True,
        default="",
        help_text=_("登记该类活动后，系统会提示用它填报本任务（一次录入、多处统计）"),
    )
    history = HistoricalRecords(m2m_fields=[responsible_orgs, responsible_groups])

    class Meta:
        verbose_name = _("具体任务")
        verbose_name_plural = _("具体任务")
        ordering = ["item_id", "seq", "id"]
        constraints = [models.UniqueConstraint(fields=["item", "title"], name="task_title_unique_in_item")]

    def __str__(self) -> str:
        return self.title
