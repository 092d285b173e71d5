"""Admin for the ledger: read-only. Plans, items and tasks are edited on the portal's plan pages and
records reviewed on its review pages, through ledger.services; here staff look things up, read their
history and run the few bulk actions, which call the same services. Nothing is deleted here."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from accounts import authz
from accounts.admin.base import ReadOnlyAdminMixin
from partybuild.exceptions import DomainError

from . import services
from .models import (
    ActivityFill,
    ActivityKind,
    Assignment,
    Attachment,
    Item,
    LedgerImport,
    PeriodClosure,
    Plan,
    Record,
    RecordState,
    Task,
)


@admin.register(Plan)
class PlanAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["year", "title", "state", "created_at"]
    list_filter = ["state"]
    search_fields = ["title"]


@admin.register(Item)
class ItemAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "plan", "seq"]
    list_filter = ["plan__year"]
    search_fields = ["title"]
    list_select_related = ["plan"]


@admin.register(Task)
class TaskAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "item", "recurrence", "deadline", "level", "weight", "activity_kind"]
    list_filter = ["item__plan__year", "recurrence", "level", "activity_kind"]
    search_fields = ["title", "responsible_text", "item__title"]
    list_select_related = ["item"]
    autocomplete_fields = ["responsible_orgs"]
    filter_horizontal = ["responsible_groups"]
    actions = ["regenerate_assignments"]

    def has_regenerate_permission(self, request) -> bool:
        return self._may(request, "change")

    @admin.action(description=_("补齐所选任务的任务分解"), permissions=["regenerate"])
    def regenerate_assignments(self, request, queryset):
        created = sum(services.assignments_generate(task=task) for task in queryset)
        self.message_user(request, f"已新增 {created} 条任务分解")

    def get_actions(self, request):
        """One action per activity kind: "对应活动设为…" (Task.activity_kind, entered once)."""
        actions = super().get_actions(request)
        if not self.has_regenerate_permission(request):
            return actions
        for kind, label in ActivityKind.choices:
            name = f"set_activity_kind_{kind or 'none'}"
            description = _("对应活动设为：%(label)s") % {"label": label}
            actions[name] = (_activity_kind_action(kind), name, description)
        return actions


def _activity_kind_action(kind: str):
    def action(modeladmin, request, queryset):
        for task in queryset.select_related("item"):
            services.task_update(task=task, by=request.user, activity_kind=kind)
        modeladmin.message_user(request, _("已设置 %(n)s 项任务的对应活动") % {"n": queryset.count()})

    return action


@admin.register(ActivityFill)
class ActivityFillAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    scope_field = "assignment__organization"
    list_display = ["assignment", "kind", "activity_type", "activity_id", "created_by", "created_at"]
    list_filter = ["kind"]
    search_fields = ["assignment__task__title", "assignment__organization__name"]
    list_select_related = ["assignment__task", "assignment__organization", "activity_type", "created_by"]


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    scope_field = "organization"
    list_display = ["task", "organization", "period", "due_date", "record_state", "overdue_notified_at"]
    list_filter = ["record__state", "task__item__plan__year", "period"]
    search_fields = ["task__title", "organization__name", "organization__short_name"]
    list_select_related = ["task", "organization"]
    date_hierarchy = "due_date"

    def get_queryset(self, request):
        return super().get_queryset(request).with_status()

    @admin.display(description=_("记录状态"), ordering="record_state")
    def record_state(self, obj) -> str:
        return str(RecordState(obj.record_state).label)


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ["original_name", "content_type", "size", "sha256", "uploaded_at"]
    readonly_fields = fields
    can_delete = False


@admin.register(Record)
class RecordAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    scope_field = "assignment__organization"
    list_display = [
        "assignment",
        "organization",
        "state",
        "done_on",
        "submitted_by",
        "submitted_at",
        "reviewed_by",
    ]
    list_filter = ["state", "assignment__task__item__plan__year"]
    search_fields = ["content", "assignment__organization__name", "assignment__task__title"]
    list_select_related = [
        "assignment__task",
        "assignment__organization",
        "submitted_by",
        "reviewed_by",
    ]
    inlines = [AttachmentInline]
    actions = ["accept_selected"]

    def has_review_permission(self, request) -> bool:
        return self._may(request, "review")

    @admin.action(description=_("审核通过所选记录"), permissions=["review"])
    def accept_selected(self, request, queryset):
        try:
            count = services.records_review_bulk(
                record_ids=list(queryset.values_list("pk", flat=True)), user=request.user, accept=True
            )
        except DomainError as exc:
            self.message_user(request, exc.message, level=messages.ERROR)
            return
        self.message_user(request, f"已审核通过 {count} 条记录")


@admin.register(PeriodClosure)
class PeriodClosureAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["period", "is_closed", "changed_by", "changed_at", "reason"]
    list_filter = ["is_closed"]
    actions = ["close_selected"]

    def has_close_permission(self, request) -> bool:
        return authz.may(request.user, "ledger.close_period")

    @admin.action(description=_("关闭所选季度"), permissions=["close"])
    def close_selected(self, request, queryset):
        for closure in queryset.filter(is_closed=False):
            try:
                services.period_close(period=closure.period, user=request.user)
            except DomainError as exc:
                self.message_user(request, exc.message, level=messages.ERROR)
                return
        self.message_user(request, "已关账；重新打开请在台账“期间关账”页面填写原因")


@admin.register(LedgerImport)
class LedgerImportAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["original_name", "year", "dry_run", "status", "total_rows", "uploaded_by", "created_at"]
    list_filter = ["status", "year", "dry_run"]
    search_fields = ["original_name"]
    list_select_related = ["uploaded_by"]
    # The workbook is a private file with no URL (and is deleted once the import ends): name, size and
    # SHA-256 are shown instead of a link.
    exclude = ["file"]
