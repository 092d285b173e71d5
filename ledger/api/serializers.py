"""Explicit field lists for the ledger API. Input serializers validate; services do the writing."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.models import Organization, OrgGroupRule
from ledger import selectors
from ledger.editable import TASK_FIELDS, TASK_RELATIONS
from ledger.models import (
    ActivityKind,
    Assignment,
    Attachment,
    Item,
    PeriodClosure,
    Plan,
    Record,
    Recurrence,
    Task,
    TaskLevel,
)
from ledger.services.records import CONTENT_MAX, PARTICIPANTS_MAX
from partybuild.api.fields import IdField
from partybuild.periods import YEAR_MAX, YEAR_MIN, Period, period_label


class PlanSerializer(serializers.ModelSerializer):
    state = serializers.CharField(
        read_only=True, help_text=_("active 进行中；archived 已归档（不进入提醒和逾期列表，记录只读）")
    )
    state_label = serializers.CharField(source="get_state_display", read_only=True)

    class Meta:
        model = Plan
        fields = ["id", "year", "title", "description", "state", "state_label", "created_at"]
        read_only_fields = ["created_at", "state", "state_label"]


class ItemSerializer(serializers.ModelSerializer):
    plan_year = serializers.IntegerField(source="plan.year", read_only=True)

    class Meta:
        model = Item
        fields = ["id", "plan", "plan_year", "seq", "title"]
        extra_kwargs = {"seq": {"required": False}}
        # Uniqueness is checked by the service with a message that names the plan.
        validators: list = []


class _ResponsibleOrgIds(serializers.ManyRelatedField):
    """Written: the orgs named on the task. Read: who owes it (phrases expanded), as ids from the view's
    ResponsibleOrgResolver, primed for the whole page at once — never one Organization per id."""

    def get_attribute(self, instance):
        resolver = self.context.get("responsible_orgs")
        return resolver.org_ids(instance) if resolver is not None else []

    def to_representation(self, iterable):
        return list(iterable)


class TaskSerializer(serializers.ModelSerializer):
    item_title = serializers.CharField(source="item.title", read_only=True)
    plan_year = serializers.IntegerField(source="item.plan.year", read_only=True)
    recurrence = serializers.ChoiceField(choices=Recurrence.choices, required=False)
    level = serializers.ChoiceField(choices=TaskLevel.choices, required=False, allow_blank=True)
    activity_kind = serializers.ChoiceField(
        choices=ActivityKind.choices,
        required=False,
        allow_blank=True,
        help_text=_("对应活动：登记该类活动（如党员服务日）后可一键填报本任务；空为需单独填报"),
    )
    responsible_orgs = _ResponsibleOrgIds(
        child_relation=serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all()),
        required=False,
        help_text=_("责任组织 id 列表：写入时为明确指定的组织；读取时为全部责任组织，含称谓展开后的组织"),
    )
    responsible_org_count = serializers.SerializerMethodField(
        help_text=_("责任组织个数（含称谓展开后的组织）")
    )
    responsible_groups = serializers.SlugRelatedField(
        many=True,
        slug_field="phrase",
        queryset=OrgGroupRule.objects.all(),
        required=False,
        help_text=_("责任组织称谓列表，如 各基层党支部"),
    )

    class Meta:
        model = Task
        fields = [
            "id",
            "item",
            "item_title",
            "plan_year",
            *TASK_FIELDS,
            *TASK_RELATIONS,
            "responsible_org_count",
        ]
        extra_kwargs = {"seq": {"required": False}}
        validators: list = []

    def get_responsible_org_count(self, task) -> int:
        return len(self.fields["responsible_orgs"].get_attribute(task))


class AssignmentSerializer(serializers.ModelSerializer):
    task_title = serializers.CharField(source="task.title", read_only=True)
    item_title = serializers.CharField(source="task.item.title", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    status = serializers.CharField(
        read_only=True,
        help_text=_(
            "not_started/submitted/returned/accepted/overdue；截止日期已过且未提交、或被退回后未重新提交的为"
            " overdue（逾期优先于退回）"
        ),
    )
    record_state = serializers.CharField(
        read_only=True, help_text=_("记录状态：none（未提交）/submitted/returned/accepted")
    )
    submitted_at = serializers.DateTimeField(read_only=True, allow_null=True, help_text=_("首次提交时间"))
    accepted_at = serializers.DateTimeField(read_only=True, allow_null=True, help_text=_("通过时间"))
    filled_by_activity = serializers.SerializerMethodField(
        help_text=_("由活动填报时为 {kind, id, url}（kind 如 service_day，url 为活动页面），否则为 null")
    )

    class Meta:
        model = Assignment
        fields = [
            "id",
            "task",
            "task_title",
            "item_title",
            "organization",
            "organization_name",
            "period",
            "period_start",
            "due_date",
            "status",
            "record_state",
            "submitted_at",
            "accepted_at",
            "filled_by_activity",
        ]
        read_only_fields = fields

    def get_filled_by_activity(self, obj) -> dict | None:
        # Read from the viewset's select_related/prefetch (activity_fill, its activity): no query per row.
        try:
            fill = obj.activity_fill
        except ObjectDoesNotExist:
            return None
        activity = fill.activity
        return {
            "kind": fill.kind,
            "id": fill.activity_id,
            "url": activity.get_absolute_url() if activity is not None else None,
        }


class AttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["id", "original_name", "size", "content_type", "sha256", "uploaded_at", "url"]
        read_only_fields = fields

    def get_url(self, obj: Attachment) -> str:
        # Downloads go through the portal view, which checks scope; media URLs are not public.
        try:
            return reverse("ledger:attachment_download", args=[obj.pk])
        except NoReverseMatch:
            return ""


class RecordSerializer(serializers.ModelSerializer):
    task_title = serializers.CharField(source="assignment.task.title", read_only=True)
    period = serializers.CharField(source="assignment.period", read_only=True)
    due_date = serializers.DateField(source="assignment.due_date", read_only=True)
    organization = serializers.IntegerField(source="assignment.organization_id", read_only=True)
    organization_name = serializers.CharField(source="assignment.organization.name", read_only=True)
    submitted_by = serializers.SerializerMethodField(help_text=_("提交人姓名"))
    submitted_by_id = serializers.IntegerField(read_only=True)
    reviewed_by = serializers.SerializerMethodField(help_text=_("审核人姓名；未审核为 null"))
    reviewed_by_id = serializers.IntegerField(read_only=True, allow_null=True)
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = Record
        fields = [
            "id",
            "assignment",
            "task_title",
            "period",
            "due_date",
            "organization",
            "organization_name",
            "content",
            "done_on",
            "participants",
            "state",
            "submitted_by",
            "submitted_by_id",
            "submitted_at",
            "first_submitted_at",
            "review_comment",
            "reviewed_by",
            "reviewed_by_id",
            "reviewed_at",
            "attachments",
        ]
        read_only_fields = fields

    def get_submitted_by(self, record: Record) -> str:
        return str(record.submitted_by)

    def get_reviewed_by(self, record: Record) -> str | None:
        return str(record.reviewed_by) if record.reviewed_by_id else None


class _VisibleAssignmentField(serializers.PrimaryKeyRelatedField):
    default_error_messages = {
        "does_not_exist": _("任务分解（id={pk_value}）不存在或不属于您的组织，请从“我的任务”中选择。"),
    }
    queryset = Assignment.objects.none()

    def get_queryset(self):
        return selectors.assignments_visible_to(self.context["request"].user)


class RecordWriteSerializer(serializers.Serializer):
    """Input for submitting (with assignment) or editing (without) a record; multipart may carry files."""

    assignment = _VisibleAssignmentField(required=False)
    content = serializers.CharField(max_length=CONTENT_MAX, help_text=_("完成情况"))
    done_on = serializers.DateField(help_text=_("完成日期"))
    participants = serializers.IntegerField(
        min_value=0, max_value=PARTICIPANTS_MAX, required=False, allow_null=True, help_text=_("参与人数")
    )
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)
    remove_attachment_ids = serializers.ListField(
        child=IdField(), required=False, default=list, help_text=_("要删除的附件 id")
    )


class ReviewSerializer(serializers.Serializer):
    accept = serializers.BooleanField(help_text=_("true 通过；false 退回（须填写意见）"))
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class BulkReviewSerializer(ReviewSerializer):
    ids = serializers.ListField(child=IdField(), allow_empty=False, max_length=1000)


class SummaryQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=YEAR_MIN, max_value=YEAR_MAX)
    period = serializers.CharField(required=False, allow_blank=True, default="")
    by = serializers.ChoiceField(choices=selectors.ROLLUP_BY, default="item")
    under = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        help_text=_(
            "by=org 时：列出该党组织的各下级组织（各含其全部下级）及其本级；缺省为可见范围的最上级（工委）"
        ),
    )

    def validate(self, attrs):
        if attrs["period"]:
            try:
                period = Period.parse(attrs["period"])
            except ValueError as exc:
                raise serializers.ValidationError({"period": str(exc)}) from exc
            if period.year != attrs["year"]:
                raise serializers.ValidationError(
                    {"period": f"期间 {period.code} 不属于 {attrs['year']} 年，请修改 year 或 period"}
                )
        return attrs


class SummaryRowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    total = serializers.IntegerField()
    accepted = serializers.IntegerField()
    submitted = serializers.IntegerField()
    returned = serializers.IntegerField()
    overdue = serializers.IntegerField()
    not_started = serializers.IntegerField()
    on_time = serializers.IntegerField()
    late = serializers.IntegerField()
    missing = serializers.IntegerField()
    completion_rate = serializers.FloatField()
    has_children = serializers.BooleanField(
        default=False, help_text=_("by=org 时：该组织有下级组织，可用 under=key 查看")
    )


class SummarySerializer(serializers.Serializer):
    year = serializers.IntegerField()
    period = serializers.CharField(allow_null=True)
    by = serializers.CharField()
    under = serializers.IntegerField(allow_null=True)
    results = SummaryRowSerializer(many=True)


class BulkReviewResultSerializer(serializers.Serializer):
    reviewed = serializers.IntegerField(help_text=_("审核的记录条数"))


class ClosureSerializer(serializers.ModelSerializer):
    changed_by = serializers.CharField(source="changed_by.__str__", read_only=True)
    label = serializers.SerializerMethodField()

    class Meta:
        model = PeriodClosure
        fields = ["id", "period", "label", "is_closed", "changed_by", "changed_at", "reason"]
        read_only_fields = fields

    def get_label(self, obj: PeriodClosure) -> str:
        return period_label(obj.period)


class CloseSerializer(serializers.Serializer):
    period = serializers.CharField(help_text=_("季度代码，如 2020-Q1"))


class ReopenSerializer(CloseSerializer):
    reason = serializers.CharField(max_length=300, help_text=_("重新打开的原因"))
