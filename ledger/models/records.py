"""Who owes what in which period (assignments), what they recorded (records, evidence), what an
activity filled (entered once), and closed quarters."""

from __future__ import annotations

from uuid import uuid4

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Organization
from partybuild.storage import private_storage

from ..evidence import EvidenceFile
from ..filetypes import stored_extension
from ..querysets import AssignmentQuerySet
from .plans import ActivityKind, Task


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


def evidence_upload_to(instance: Attachment, filename: str) -> str:
    """A random name with the extension of the checked type; the user's file name stays in the row."""
    return f"evidence/{timezone.localtime():%Y/%m}/{uuid4().hex}.{stored_extension(instance.content_type)}"


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
