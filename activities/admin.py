"""Admin for the six systems: read-only. Vettings and talks are written through activities.services
(the portal and API); here staff look them up and read their history. Nothing is deleted here."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin.base import ReadOnlyAdminMixin

from .models import AppointmentTalk, Vetting


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
