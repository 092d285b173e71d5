"""The audit table in the admin: read-only for everybody, superusers included; readable by the audit admin."""

from django.contrib import admin

from accounts.authz import may_read_audit

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = [
        "seq",
        "time",
        "actor_username",
        "roles",
        "address",
        "channel",
        "action",
        "object_repr",
        "result",
    ]
    list_filter = ["result", "channel"]
    search_fields = ["actor_username", "action", "address", "request_id", "object_repr"]
    date_hierarchy = "time"
    readonly_fields = [field.name for field in AuditEvent._meta.fields]
    actions = None

    def has_module_permission(self, request) -> bool:
        return may_read_audit(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return may_read_audit(request.user)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
