"""Admin for accounts (系统管理员), role assignments and lockouts (安全管理员): 三员分立.

Nobody can give themselves rights here: there is no superuser, staff or group field on the user
form, roles are assigned by the security admin through the role services (never to themselves),
and login records can be read but not deleted.
"""

from __future__ import annotations

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from .. import authz, services
from ..models import RoleAssignment, SecretaryTerm, User
from .base import AuthzAdminMixin, ReadOnlyAdminMixin
from .people import ServiceSaveMixin


class RoleAssignmentInline(admin.TabularInline):
    """The user's roles, shown on their page; the security admin changes them on the roles page."""

    model = RoleAssignment
    fk_name = "user"
    extra = 0
    fields = ["role", "organization", "term", "starts_on", "ends_on", "granted_by", "granted_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_view_permission(self, request, obj=None) -> bool:
        return authz.may(request.user, "accounts.view_roleassignment")


@admin.register(User)
class UserAdmin(AuthzAdminMixin, BaseUserAdmin):
    list_display = ["username", "display_name", "is_active", "last_login", "date_joined"]
    list_filter = ["is_active"]
    search_fields = ["username", "display_name"]
    autocomplete_fields = ["member"]
    readonly_fields = ["last_login", "date_joined"]
    inlines = [RoleAssignmentInline]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("个人信息"), {"fields": ("display_name", "first_name", "last_name", "email", "member")}),
        (_("状态"), {"fields": ("is_active", "last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("username", "password1", "password2")}),)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member")

    def get_inlines(self, request, obj):
        # A new account has no roles yet: the security admin grants them afterwards.
        return self.inlines if obj is not None else []

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "member" in form.changed_data and obj.member_id:
            # Linking a login to a member who holds a term would make it secretary: a grant of rights,
            # which is the security admin's to make (the system admin cannot raise an account it controls).
            if authz.may_grant_roles(request.user):
                services.user_terms_sync(obj)
            elif SecretaryTerm.objects.filter(member_id=obj.member_id).exists():
                self.message_user(
                    request,
                    _("该党员有书记任职：请安全管理员在“角色授权”中为此账号分配书记角色。"),
                    level=messages.WARNING,
                )


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(AuthzAdminMixin, ServiceSaveMixin, admin.ModelAdmin):
    list_display = [
        "user",
        "role",
        "organization",
        "term",
        "starts_on",
        "ends_on",
        "granted_by",
        "granted_at",
    ]
    list_filter = ["role"]
    search_fields = ["user__username", "user__display_name", "organization__name"]
    list_select_related = ["user", "organization", "term", "granted_by"]
    autocomplete_fields = ["user", "organization"]
    fields = ["user", "role", "organization", "starts_on", "ends_on"]

    def get_readonly_fields(self, request, obj=None):
        # A change is a revoke and a new grant; the row keeps who holds which role.
        return ["user", "role"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        if change:
            original = RoleAssignment.objects.get(pk=obj.pk)
            services.role_revoke(actor=request.user, assignment=original)
        granted = services.role_grant(
            actor=request.user,
            user=obj.user,
            role=obj.role,
            organization=form.cleaned_data.get("organization"),
            starts_on=form.cleaned_data.get("starts_on"),
            ends_on=form.cleaned_data.get("ends_on"),
        )
        obj.pk = granted.pk

    def delete_model(self, request, obj):
        services.role_revoke(actor=request.user, assignment=obj)

    def delete_queryset(self, request, queryset):
        for assignment in queryset.select_related("user"):
            services.role_revoke(actor=request.user, assignment=assignment)


@admin.register(AccessAttempt)
class AccessAttemptAdmin(AuthzAdminMixin, admin.ModelAdmin):
    """Current lockouts: the security admin unlocks an account by deleting its attempt row."""

    list_display = ["attempt_time", "username", "ip_address", "failures_since_start", "path_info"]
    search_fields = ["username", "ip_address"]
    readonly_fields = [
        "attempt_time",
        "username",
        "ip_address",
        "user_agent",
        "path_info",
        "failures_since_start",
    ]
    fields = readonly_fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Login records: read by the security and audit admins, deleted by nobody."""

    list_display = ["attempt_time", "logout_time", "username", "ip_address", "path_info"]
    search_fields = ["username", "ip_address"]
    date_hierarchy = "attempt_time"


@admin.register(AccessFailureLog)
class AccessFailureLogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["attempt_time", "username", "ip_address", "path_info", "locked_out"]
    search_fields = ["username", "ip_address"]
    date_hierarchy = "attempt_time"


# Permissions come from accounts/permissions/, never from groups (accounts.identity's admin module
# unregisters the token and second-factor tables: nobody lists or mints them here).
for model in (Group,):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
