"""Admin of 党员服务日 / 主题党日: read-only (the portal, the API and imports write through the services),
with 导入 on the list."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin.base import ReadOnlyAdminMixin

from .imports.admin import RecordImportAdminMixin
from .models import ServiceDay, ServiceDayAttendance, ServiceDayPhoto


class ServiceDayAttendanceInline(admin.TabularInline):
    model = ServiceDayAttendance
    fields = ["member", "status"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ServiceDay)
class ServiceDayAdmin(RecordImportAdminMixin, ReadOnlyAdminMixin, SimpleHistoryAdmin):
    record_kind = "service_day"
    scope_field = "organization"
    list_display = ["held_on", "organization", "theme", "place", "expected", "present", "on_leave"]
    list_filter = ["theme"]
    search_fields = ["organization__name", "organization__short_name", "place", "content", "theme_text"]
    list_select_related = ["organization"]
    date_hierarchy = "held_on"
    inlines = [ServiceDayAttendanceInline]


@admin.register(ServiceDayPhoto)
class ServiceDayPhotoAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    scope_field = "service_day__organization"
    list_display = ["original_name", "service_day", "content_type", "size", "uploaded_at"]
    search_fields = ["original_name", "service_day__organization__name"]
    list_select_related = ["service_day__organization"]
    exclude = ["file"]
