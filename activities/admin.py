"""Admin for the six systems: read-only. Vettings, talks, bulletins and reminder talks are written
through activities.services (the portal and API); here staff look them up and read their history.
Nothing is deleted here.
Each importable kind has the admin's 导入 (django-import-export's screens over activities.imports.engine)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from accounts import authz
from accounts.admin.base import AuthzAdminMixin, ReadOnlyAdminMixin
from accounts.admin.people import SecretaryTermAdmin
from accounts.models import SecretaryTerm

from .imports.admin import RecordImportAdminMixin
from .models import (
    AppointmentTalk,
    Bulletin,
    Debrief,
    DebriefSession,
    Letter,
    Rectification,
    ReminderTalk,
    Score,
    ScoringCriterion,
    ScoringRound,
    ScoringTemplate,
    Vetting,
)


@admin.register(Vetting)
class VettingAdmin(RecordImportAdminMixin, ReadOnlyAdminMixin, SimpleHistoryAdmin):
    record_kind = "vetting"
    scope_field = "organization"
    list_display = ["visited_on", "organization", "candidate", "proposed_role", "conclusion", "approved_on"]
    list_filter = ["conclusion", "proposed_role", "reason"]
    search_fields = ["candidate__name", "organization__name", "organization__short_name", "approval_document"]
    list_select_related = ["organization", "candidate"]
    date_hierarchy = "visited_on"


@admin.register(AppointmentTalk)
class AppointmentTalkAdmin(RecordImportAdminMixin, ReadOnlyAdminMixin, SimpleHistoryAdmin):
    record_kind = "appointment_talk"
    scope_field = "term__organization"
    list_display = ["talked_on", "term", "talked_by"]
    search_fields = ["term__person_name", "term__organization__name", "talked_by"]
    list_select_related = ["term", "term__organization"]
    date_hierarchy = "talked_on"


@admin.register(Bulletin)
class BulletinAdmin(RecordImportAdminMixin, ReadOnlyAdminMixin, SimpleHistoryAdmin):
    record_kind = "bulletin"
    list_display = ["issued_on", "kind", "year", "number", "title", "state", "published_at"]
    list_filter = ["kind", "state", "year"]
    search_fields = ["title", "body"]
    date_hierarchy = "issued_on"


@admin.register(ReminderTalk)
class ReminderTalkAdmin(RecordImportAdminMixin, ReadOnlyAdminMixin, SimpleHistoryAdmin):
    record_kind = "reminder_talk"
    scope_field = "organization"
    list_display = ["talked_on", "organization", "secretary_name", "reason", "talked_by"]
    list_filter = ["reason"]
    search_fields = ["secretary_name", "organization__name", "organization__short_name"]
    list_select_related = ["organization"]
    date_hierarchy = "talked_on"


@admin.register(Rectification)
class RectificationAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    scope_field = "talk__organization"
    list_display = ["talk", "seq", "content", "deadline", "state", "closed_at"]
    list_filter = ["state"]
    search_fields = ["content", "talk__secretary_name", "talk__organization__name"]
    list_select_related = ["talk", "talk__organization"]


@admin.register(Letter)
class LetterAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    scope_field = "talk__organization"
    list_display = ["sent_on", "number", "addressee", "talk"]
    search_fields = ["number", "addressee", "talk__organization__name"]
    list_select_related = ["talk", "talk__organization"]


# --- 现场评分与述职评议 ---------------------------------------------------------------------------------
# Templates are data staff keep here (criteria, weights, maximum points, grade thresholds); a round
# copies them when it opens, so editing a template never changes a round under way. Rounds, debriefs
# and scores are written through activities.services (the portal and the API) and only read here.


class ScoringCriterionInline(admin.TabularInline):
    model = ScoringCriterion
    extra = 1
    fields = ["seq", "name", "description", "weight", "max_points"]

    def _may(self, request, action: str) -> bool:
        return authz.may(request.user, f"activities.{action}_scoringtemplate")

    def has_view_permission(self, request, obj=None) -> bool:
        return self._may(request, "view")

    def has_add_permission(self, request, obj=None) -> bool:
        return self._may(request, "change")

    def has_change_permission(self, request, obj=None) -> bool:
        return self._may(request, "change")

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._may(request, "change")


@admin.register(ScoringTemplate)
class ScoringTemplateAdmin(AuthzAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "good_from", "fairly_good_from", "fair_from", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]
    inlines = [ScoringCriterionInline]


@admin.register(ScoringRound)
class ScoringRoundAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "rater_kind", "state", "created_at", "closed_at"]
    list_filter = ["state", "rater_kind"]
    search_fields = ["title"]
    exclude = ["rules"]


@admin.register(DebriefSession)
class DebriefSessionAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["held_on", "title", "kind", "year"]
    list_filter = ["kind", "year"]
    search_fields = ["title"]
    date_hierarchy = "held_on"


@admin.register(Debrief)
class DebriefAdmin(RecordImportAdminMixin, ReadOnlyAdminMixin, SimpleHistoryAdmin):
    record_kind = "debrief"
    scope_field = "organization"
    list_display = ["session", "organization", "person_name", "recorded_score", "recorded_grade"]
    list_filter = ["session__kind", "session__year"]
    search_fields = ["person_name", "organization__name", "organization__short_name"]
    list_select_related = ["session", "organization"]


@admin.register(Score)
class ScoreAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["round", "subject", "reviewer", "seat", "total", "updated_at"]
    list_filter = ["round__state"]
    list_select_related = ["round", "subject", "reviewer__user", "seat"]


# The 任职 import is one of the six systems' kinds, so the terms' admin gets its 导入 here (accounts does
# not depend on activities).
admin.site.unregister(SecretaryTerm)


@admin.register(SecretaryTerm)
class SecretaryTermImportAdmin(RecordImportAdminMixin, SecretaryTermAdmin):
    record_kind = "secretary_term"


# The carriers' admin modules (one per area) register their models when imported.
from . import (  # noqa: E402, F401
    admin_brands,
    admin_days,
    admin_forums,
    admin_meetings,
    admin_pairing,
    admin_posts,
)
