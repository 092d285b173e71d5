"""Admin of 三会一课: meetings read-only (the portal and API write them through the services), with
the 导入; 免查 (exemptions) are data staff keep here or on the portal page."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin.base import AuthzAdminMixin, ReadOnlyAdminMixin

from .imports.admin import RecordImportAdminMixin
from .models import Meeting, MeetingAttendance, MeetingExemption
from .services import meetings as services


class MeetingAttendanceInline(admin.TabularInline):
    model = MeetingAttendance
    fields = ["member", "status"]
    readonly_fields = ["member", "status"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Meeting)
class MeetingAdmin(RecordImportAdminMixin, ReadOnlyAdminMixin, SimpleHistoryAdmin):
    record_kind = "meeting"
    scope_field = "organization"
    list_display = ["held_on", "organization", "meeting_type", "host", "expected_count", "present_count"]
    list_filter = ["meeting_type"]
    search_fields = ["organization__name", "organization__short_name", "agenda", "host"]
    list_select_related = ["organization"]
    date_hierarchy = "held_on"
    inlines = [MeetingAttendanceInline]


@admin.register(MeetingExemption)
class MeetingExemptionAdmin(AuthzAdminMixin, SimpleHistoryAdmin):
    scope_field = "organization"
    list_display = ["organization", "meeting_type", "starts_on", "ends_on", "reason"]
    list_filter = ["meeting_type"]
    search_fields = ["organization__name", "organization__short_name", "reason"]
    list_select_related = ["organization"]
    autocomplete_fields = ["organization"]
    fields = ["organization", "meeting_type", "starts_on", "ends_on", "reason"]

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in self.fields}
        if change:
            services.exemption_update(actor=request.user, exemption=obj, **fields)
        else:
            obj.pk = services.exemption_create(actor=request.user, **fields).pk

    def delete_model(self, request, obj):
        services.exemption_delete(actor=request.user, exemption=obj)
