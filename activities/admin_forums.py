"""Admin of 主题讲坛 and the selections: read-only lists with history and 导入; written through
activities.services.forums / selections (the portal and API)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin.base import ReadOnlyAdminMixin

from .imports.admin import RecordImportAdminMixin
from .models import Candidate, Forum, ForumOrg, Selection, SelectionCategory, SelectionRound


class ForumOrgInline(admin.TabularInline):
    model = ForumOrg
    extra = 0
    can_delete = False
    readonly_fields = ["organization"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Forum)
class ForumAdmin(RecordImportAdminMixin, ReadOnlyAdminMixin, SimpleHistoryAdmin):
    record_kind = "forum"
    scope_field = "organization"
    list_display = ["held_on", "organization", "topic", "speaker_names", "attendance"]
    search_fields = ["topic", "speaker_names", "organization__name", "organization__short_name"]
    list_select_related = ["organization"]
    date_hierarchy = "held_on"
    inlines = [ForumOrgInline]


class SelectionCategoryInline(admin.TabularInline):
    model = SelectionCategory
    extra = 0
    can_delete = False
    fields = ["seq", "name", "quota"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Selection)
class SelectionAdmin(RecordImportAdminMixin, ReadOnlyAdminMixin, SimpleHistoryAdmin):
    record_kind = "selection"
    list_display = ["year", "name", "kind", "nominate_from", "nominate_until"]
    list_filter = ["kind", "year"]
    search_fields = ["name"]
    inlines = [SelectionCategoryInline]


@admin.register(Candidate)
class CandidateAdmin(RecordImportAdminMixin, ReadOnlyAdminMixin, SimpleHistoryAdmin):
    record_kind = "selection"
    scope_field = "organization"
    list_display = ["selection", "category", "name", "organization", "stage", "score"]
    list_filter = ["stage", "selection__kind", "selection__year"]
    search_fields = ["name", "organization__name", "selection__name"]
    list_select_related = ["selection", "category", "organization"]


@admin.register(SelectionRound)
class SelectionRoundAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["selection", "round", "stage", "category"]
    list_select_related = ["selection", "round", "category"]
