"""Admin of 一支部一品牌, 志愿服务, 学习培训 and 信息报送: read-only look-ups with history; the portal and
API write through activities.services. Brands take the admin's 导入 (kind `brand`)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin.base import ReadOnlyAdminMixin

from .imports.admin import RecordImportAdminMixin
from .models import Brand, BrandYear, InfoPiece, Training, VolunteerActivity, VolunteerHours, VolunteerTeam


class BrandYearInline(admin.TabularInline):
    model = BrandYear
    extra = 0
    fields = ["year", "status", "note", "reviewed_by", "reviewed_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Brand)
class BrandAdmin(RecordImportAdminMixin, ReadOnlyAdminMixin, SimpleHistoryAdmin):
    record_kind = "brand"
    scope_field = "organization"
    list_display = ["name", "organization", "slogan", "created_at"]
    search_fields = ["name", "slogan", "organization__name", "organization__short_name"]
    list_select_related = ["organization"]
    inlines = [BrandYearInline]


@admin.register(BrandYear)
class BrandYearAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    scope_field = "brand__organization"
    list_display = ["year", "brand", "status", "reviewed_by", "reviewed_at"]
    list_filter = ["year", "status"]
    search_fields = ["brand__name", "brand__organization__name"]
    list_select_related = ["brand", "reviewed_by"]


@admin.register(VolunteerTeam)
class VolunteerTeamAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    scope_field = "organization"
    list_display = ["name", "tier", "parent", "organization", "leader", "founded_on", "dissolved_on"]
    list_filter = ["tier"]
    search_fields = ["name", "organization__name"]
    list_select_related = ["parent", "organization", "leader"]


class VolunteerHoursInline(admin.TabularInline):
    model = VolunteerHours
    extra = 0
    fields = ["member", "hours"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(VolunteerActivity)
class VolunteerActivityAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    scope_field = "team__organization"
    list_display = ["held_on", "title", "team"]
    search_fields = ["title", "team__name"]
    list_select_related = ["team"]
    date_hierarchy = "held_on"
    inlines = [VolunteerHoursInline]


@admin.register(Training)
class TrainingAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["starts_on", "kind", "title", "organization", "attendance"]
    list_filter = ["kind"]
    search_fields = ["title", "organization__name"]
    list_select_related = ["organization"]
    date_hierarchy = "starts_on"


@admin.register(InfoPiece)
class InfoPieceAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    scope_field = "organization"
    list_display = ["sent_on", "title", "organization", "channel", "adopted", "adopted_by"]
    list_filter = ["channel", "adopted"]
    search_fields = ["title", "organization__name", "adopted_by"]
    list_select_related = ["organization"]
    date_hierarchy = "sent_on"
