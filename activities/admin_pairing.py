"""Admin of 扶贫结对: read-only with history (households, pairings and visits are written through
activities.services.pairing: the portal, the API and the imports); each list has the admin's 导入."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from accounts import authz
from accounts.admin.base import ReadOnlyAdminMixin

from .imports.admin import RecordImportAdminMixin
from .models import Household, Pairing, Visit, VisitPhoto
from .selectors.pairing import households_in_scope


@admin.register(Household)
class HouseholdAdmin(RecordImportAdminMixin, ReadOnlyAdminMixin, SimpleHistoryAdmin):
    record_kind = "household"
    list_display = ["head_name", "village", "people", "cause", "organization"]
    list_filter = ["village"]
    search_fields = ["head_name", "village", "cause"]
    list_select_related = ["organization"]

    def get_queryset(self, request):
        # A household may have no org of its own: the staff member's scope reaches it through pairings.
        queryset = super().get_queryset(request)
        return queryset.filter(pk__in=households_in_scope(authz.business_scope(request.user)).values("pk"))


@admin.register(Pairing)
class PairingAdmin(RecordImportAdminMixin, ReadOnlyAdminMixin, SimpleHistoryAdmin):
    record_kind = "pairing"
    scope_field = "organization"
    list_display = ["member", "household", "organization", "started_on", "ended_on"]
    search_fields = ["member__name", "household__head_name", "household__village", "organization__name"]
    list_select_related = ["member", "household", "organization"]
    date_hierarchy = "started_on"


class VisitPhotoInline(admin.TabularInline):
    model = VisitPhoto
    fields = ["original_name", "content_type", "size", "uploaded_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Visit)
class VisitAdmin(RecordImportAdminMixin, ReadOnlyAdminMixin, SimpleHistoryAdmin):
    record_kind = "visit"
    scope_field = "organization"
    list_display = ["visited_on", "member", "household", "organization", "funds", "goods"]
    search_fields = ["member__name", "household__head_name", "content", "organization__name"]
    list_select_related = ["member", "household", "organization"]
    date_hierarchy = "visited_on"
    inlines = [VisitPhotoInline]
