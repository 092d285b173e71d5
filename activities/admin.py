"""Admin for the six systems: read-only. Vettings, talks, bulletins and reminder talks are written
through activities.services (the portal and API); here staff look them up and read their history.
Nothing is deleted here."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin.base import ReadOnlyAdminMixin

from .models import AppointmentTalk, Bulletin, Letter, Rectification, ReminderTalk, Vetting


@admin.register(Vetting)
class VettingAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    scope_field = "organization"
    list_display = ["visited_on", "organization", "candidate", "proposed_role", "conclusion", "approved_on"]
    list_filter = ["conclusion", "proposed_role", "reason"]
    search_fields = ["candidate__name", "organization__name", "organization__short_name", "approval_document"]
    list_select_related = ["organization", "candidate"]
    date_hierarchy = "visited_on"


@admin.register(AppointmentTalk)
class AppointmentTalkAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    scope_field = "term__organization"
    list_display = ["talked_on", "term", "talked_by"]
    search_fields = ["term__person_name", "term__organization__name", "talked_by"]
    list_select_related = ["term", "term__organization"]
    date_hierarchy = "talked_on"


@admin.register(Bulletin)
class BulletinAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["issued_on", "kind", "year", "number", "title", "state", "published_at"]
    list_filter = ["kind", "state", "year"]
    search_fields = ["title", "body"]
    date_hierarchy = "issued_on"


@admin.register(ReminderTalk)
class ReminderTalkAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
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
