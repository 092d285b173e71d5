from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from .models import Member, Notification, Organization, OrgGroupRule, SecretaryTerm, Unit, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "display_name", "role", "organization", "is_active", "last_login"]
    list_filter = ["role", "is_active"]
    search_fields = ["username", "display_name"]
    autocomplete_fields = ["organization", "member"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("党建", {"fields": ("role", "organization", "member", "display_name")}),
    )


@admin.register(Organization)
class OrganizationAdmin(TreeAdmin, SimpleHistoryAdmin):
    form = movenodeform_factory(Organization)
    list_display = ["name", "short_name", "kind", "unit", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name", "unit__name"]


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "nature"]
    search_fields = ["name", "short_name"]


@admin.register(OrgGroupRule)
class OrgGroupRuleAdmin(SimpleHistoryAdmin):
    list_display = ["phrase", "kinds", "unit_required", "description"]
    search_fields = ["phrase"]


@admin.register(Member)
class MemberAdmin(SimpleHistoryAdmin):
    list_display = [
        "name",
        "organization",
        "member_class",
        "standing",
        "status",
        "joined_on",
        "id_number_masked",
    ]
    list_filter = ["member_class", "standing", "status"]
    search_fields = ["name", "staff_no", "organization__name"]
    autocomplete_fields = ["organization"]
    list_select_related = ["organization"]


@admin.register(SecretaryTerm)
class SecretaryTermAdmin(SimpleHistoryAdmin):
    list_display = ["person_name", "role", "organization", "started_on", "ended_on", "approval_document"]
    list_filter = ["role"]
    search_fields = ["person_name", "organization__name"]
    autocomplete_fields = ["organization", "member"]
    list_select_related = ["organization"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "user", "created_at", "read_at"]
    search_fields = ["title", "user__username"]
    list_select_related = ["user"]
