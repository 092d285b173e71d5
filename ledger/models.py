"""The ledger (一本台账): a year's plan of items and tasks, who owes what in which period, and the
records that show it was done. "平时记帐、季度小结、年度汇总、年终总评"."""

from __future__ import annotations

from uuid import uuid4

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Organization, OrgGroupRule
from partybuild.storage import private_storage

from .evidence import EvidenceFile
from .filetypes import stored_extension
from .querysets import AssignmentQuerySet


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


class RecordState(models.TextChoices):
    """The state of an assignment's record; NONE (no record) is never stored on a Record."""

    NONE = "none", _("未提交")
    SUBMITTED = "submitted", _("已提交")
    RETURNED = "returned", _("已退回")
    ACCEPTED = "accepted", _("已通过")


class Status(models.TextChoices):
    """What users see for a (task, org, period); derived from record state and dates, never typed.

    Each assignment has exactly one status (see ledger.querysets.status_expression): a record that was
    returned and not resubmitted by the due date is OVERDUE, not RETURNED.
    """

    NOT_STARTED = "not_started", _("未开始")
    SUBMITTED = "submitted", _("已提交")
    RETURNED = "returned", _("已退回")
    ACCEPTED = "accepted", _("已通过")
    OVERDUE = "overdue", _("已逾期")


class Assignment(models.Model):
    """One task owed by one org for one period (e.g. 2020-M03); the unit the ledger tracks.

    Its state is its record's (one record per assignment, `Record.assignment`), read in SQL through
    `AssignmentQuerySet.with_status`; nothing about the record is copied here.
    """

    # The largest table (tasks × orgs × periods): no index that another one already covers, since every
    # index slows the bulk imports. `task` leads the unique constraint, `organization` the (org, due) index.
    task = models.ForeignKey(
        Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="assignments", db_index=False
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("责任组织"),
        on_delete=models.PROTECT,
        related_name="assignments",
        db_index=False,
    )
    period = models.CharField(_("期间"), max_length=8, db_index=True)
    period_start = models.DateField(_("期间开始"))
    due_date = models.DateField(_("截止日期"), db_index=True)
    overdue_notified_at = models.DateTimeField(_("逾期提醒时间"), null=True, blank=True, editable=False)
    # History is read per assignment (by id); the other copied indexes would only slow the imports.
    history = HistoricalRecords(no_db_index=["task", "organization", "period", "due_date"])

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("任务分解")
        verbose_name_plural = _("任务分解")
        ordering = ["due_date", "task_id", "organization_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "organization", "period"], name="assignment_unique_per_period"
            )
        ]
        indexes = [
            models.Index(fields=["organization", "due_date"], name="assignment_org_due"),
            # The API's list order (AssignmentViewSet.ordering), filtered by year on period_start.
            models.Index(
                fields=["period_start", "due_date", "task", "organization", "id"],
                name="assignment_list_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task} / {self.organization} / {self.period}"

    def current_record(self) -> Record | None:
        """The assignment's record, or None (one query unless `record` was selected with it)."""
        try:
            return self.record
        except Record.DoesNotExist:
            return None


class Record(models.Model):
    """What an org did for an assignment, submitted by its secretary and reviewed by committee staff.

    One record per assignment (a one-to-one): the secretary edits it until it is accepted, a returned
    record is edited and resubmitted, never replaced. Its org is the assignment's (`organization`),
    never stored twice. `source` names the activity it came from when the record was written by
    another part of the system (a 主题党日 in the activities app, say): one activity may fulfil
    several assignments, each through its own record pointing at the same source.
    """

    assignment = models.OneToOneField(
        Assignment, verbose_name=_("任务分解"), on_delete=models.CASCADE, related_name="record"
    )
    content = models.TextField(_("完成情况"))
    done_on = models.DateField(_("完成日期"))
    participants = models.PositiveIntegerField(_("参与人数"), null=True, blank=True)
    state = models.CharField(
        _("状态"), max_length=10, choices=RecordState.choices, default=RecordState.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提交人"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("提交时间"))
    # Set once, by the first submission: whether the work was reported on time (the rollup's 按时/逾期提交).
    first_submitted_at = models.DateTimeField(_("首次提交时间"))
    review_comment = models.TextField(_("审核意见"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    source_type = models.ForeignKey(
        ContentType,
        verbose_name=_("来源类型"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source_id = models.PositiveBigIntegerField(_("来源编号"), null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("台账记录")
        verbose_name_plural = _("台账记录")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["state", "submitted_at"], name="record_state_submitted"),
            # The records list, newest first, a page at a time from either end.
            models.Index(fields=["submitted_at", "id"], name="record_submitted"),
            models.Index(fields=["source_type", "source_id"], name="record_source"),
        ]
        constraints = [
            models.CheckConstraint(condition=~models.Q(state="none"), name="record_state_is_a_record_state"),
            models.CheckConstraint(
                condition=models.Q(source_type__isnull=True, source_id__isnull=True)
                | models.Q(source_type__isnull=False, source_id__isnull=False),
                name="record_source_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} ({self.get_state_display()})"

    @property
    def organization(self) -> Organization:
        """The org the record is for: always its assignment's."""
        return self.assignment.organization

    @property
    def organization_id(self) -> int:
        return self.assignment.organization_id


class ActivityFill(models.Model):
    """An assignment fulfilled by an activity entered elsewhere (a service day, a forum, a meeting): its
    record was written from the activity, which is its evidence. One per assignment."""

    assignment = models.OneToOneField(
        Assignment, verbose_name=_("任务分解"), on_delete=models.CASCADE, related_name="activity_fill"
    )
    activity_type = models.ForeignKey(
        ContentType, verbose_name=_("活动类型"), on_delete=models.PROTECT, related_name="+"
    )
    activity_id = models.PositiveBigIntegerField(_("活动编号"))
    activity = GenericForeignKey("activity_type", "activity_id")
    kind = models.CharField(_("活动类别"), max_length=20, choices=ActivityKind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填报人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("填报时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("活动填报")
        verbose_name_plural = _("活动填报")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["activity_type", "activity_id"], name="activity_fill_activity")]

    def __str__(self) -> str:
        return f"{self.assignment_id} ← {self.activity_type.model} {self.activity_id}"

    @property
    def organization(self) -> Organization:
        return self.assignment.organization


class RollupCounts(models.Model):
    """What both summary tables hold for a key: how many assignments, by the state of their record."""

    # Derived rows, rebuilt at will: no foreign-key check or extra index to slow a rebuild.
    item = models.ForeignKey(
        Item,
        verbose_name=_("大项工作"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    period = models.CharField(_("期间"), max_length=8)
    due_date = models.DateField(_("截止日期"))
    total = models.IntegerField(_("应完成"), default=0)
    unsubmitted = models.IntegerField(_("未提交"), default=0)
    submitted = models.IntegerField(_("待审核"), default=0)
    returned = models.IntegerField(_("已退回"), default=0)
    accepted = models.IntegerField(_("已通过"), default=0)
    on_time = models.IntegerField(_("按时"), default=0)
    late = models.IntegerField(_("逾期提交"), default=0)
    # Bumped by every change: the summaries API's ETag is made of these (and the count of rows).
    version = models.BigIntegerField(_("版本"), default=0)
    updated_at = models.DateTimeField(_("更新时间"))

    class Meta:
        abstract = True


class AssignmentRollup(RollupCounts):
    """Counts of assignments per (org, item, period, due date) by record state: what summaries read.

    Kept by ledger.services.rollup in the same transaction as every write that changes an assignment
    or its record; `manage.py rebuild_rollup` recomputes it from scratch. Nothing here depends on
    "today": the summary splits due dates before and after today when it reads.
    """

    # Derived rows, rebuilt at will: no foreign-key checks or extra indexes to slow a rebuild (Django still
    # deletes an item's or org's rows with it).
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("责任组织"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )

    class Meta:
        verbose_name = _("台账汇总")
        verbose_name_plural = _("台账汇总")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "item", "period", "due_date"], name="rollup_unique_key"
            )
        ]
        # The unique key serves the writers' upserts; committee-wide summaries read TopOrgRollup. One
        # partial index, over the rows with work not done, counts the orgs with overdue work (staff home).
        indexes = [
            models.Index(
                fields=["due_date", "organization"],
                name="rollup_not_done",
                condition=models.Q(unsubmitted__gt=0) | models.Q(returned__gt=0),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization_id}/{self.item_id}/{self.period}/{self.due_date}: {self.total}"


class TopOrgRollup(RollupCounts):
    """AssignmentRollup summed per top-level org: what committee-wide summaries read.

    A top-level org is one directly under the committee (a 机关党委, a 党总支 …) together with everything
    below it; the committee's own assignments count under the committee. 20,000 orgs fold into a few
    hundred rows per item and period, so a summary of the whole city reads thousands of rows, not
    hundreds of thousands. Kept by ledger.services.rollup in the same writes as AssignmentRollup;
    rebuilt from it (for the tops concerned) when an org moves to another top-level org.
    """

    top = models.ForeignKey(
        Organization,
        verbose_name=_("二级党组织"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )

    class Meta:
        verbose_name = _("台账汇总（按二级党组织）")
        verbose_name_plural = _("台账汇总（按二级党组织）")
        constraints = [
            models.UniqueConstraint(
                fields=["top", "item", "period", "due_date"], name="top_rollup_unique_key"
            )
        ]
        indexes = [models.Index(fields=["due_date"], name="top_rollup_due")]

    def __str__(self) -> str:
        return f"{self.top_id}/{self.item_id}/{self.period}/{self.due_date}: {self.total}"


def evidence_upload_to(instance: Attachment, filename: str) -> str:
    """A random name with the extension of the checked type; the user's file name stays in the row."""
    return f"evidence/{timezone.localtime():%Y/%m}/{uuid4().hex}.{stored_extension(instance.content_type)}"


LEDGER_IMPORT_DIR = "imports"


def ledger_import_upload_to(instance: LedgerImport, filename: str) -> str:
    return f"{LEDGER_IMPORT_DIR}/{timezone.localtime():%Y/%m}/{uuid4().hex}.xlsx"


class Attachment(EvidenceFile):
    """Evidence attached to a record: a photo, PDF, Word or Excel file (see ledger.evidence)."""

    record = models.ForeignKey(
        Record, verbose_name=_("记录"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("文件"), storage=private_storage, upload_to=evidence_upload_to)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ["uploaded_at"]


class PeriodClosure(models.Model):
    """A closed quarter: its records are read-only. Reopening needs a reason; history keeps each change."""

    period = models.CharField(_("期间"), max_length=8, unique=True)
    is_closed = models.BooleanField(_("已关闭"), default=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(_("操作时间"))
    reason = models.CharField(_("原因"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("期间关账")
        verbose_name_plural = _("期间关账")
        ordering = ["-period"]

    def __str__(self) -> str:
        return f"{self.period} {'已关闭' if self.is_closed else '已重新打开'}"


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("排队中")
    RUNNING = "running", _("处理中")
    SUCCEEDED = "succeeded", _("成功")
    FAILED = "failed", _("失败")


class LedgerImport(models.Model):
    """One upload of a legacy Excel ledger: who, when, which file, and what came of it.

    The file lives in private storage only until the import has finished (or its preview expired);
    its name, size and SHA-256 stay here for the record.
    """

    file = models.FileField(_("文件"), storage=private_storage, upload_to=ledger_import_upload_to, blank=True)
    original_name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveBigIntegerField(_("大小(字节)"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    file_deleted_at = models.DateTimeField(_("文件删除时间"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("年度"))
    dry_run = models.BooleanField(_("仅预览"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    total_rows = models.PositiveIntegerField(_("总行数"), default=0)
    summary = models.JSONField(_("结果摘要"), default=dict, blank=True)
    errors = models.JSONField(_("错误"), default=list, blank=True)
    # The follow-up step that writes the new tasks' assignments (ledger.imports.materialize).
    assignments_status = models.CharField(
        _("任务分解生成状态"), max_length=10, choices=ImportStatus.choices, blank=True, default=""
    )
    assignments_error = models.TextField(_("任务分解生成错误"), blank=True)
    assignments_changed_at = models.DateTimeField(_("任务分解生成状态时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("台账导入")
        verbose_name_plural = _("台账导入")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"
