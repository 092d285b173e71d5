"""Admin of member points: staff keep the schemes and their items here as data. A scheme already used
by computed points is read-only here (the portal's scheme page saves a change as a new version, so
computed points keep the items they were computed with); points and manual items are read-only."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from accounts import authz
from accounts.admin.base import AuthzAdminMixin, ReadOnlyAdminMixin

from .models import ManualPoint, MemberPoints, PointItem, PointScheme
from .points.sources import source_choices


def _used(scheme: PointScheme | None) -> bool:
    return scheme is not None and scheme.pk is not None and scheme.computed.exists()


class PointItemInline(admin.TabularInline):
    model = PointItem
    extra = 1
    fields = ["seq", "code", "label", "source", "points_per_unit", "cap_per_quarter"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "source":
            return forms.ChoiceField(label=_("数据来源"), choices=source_choices())
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def _may_edit(self, request, obj) -> bool:
        return authz.may(request.user, "assessments.change_pointscheme", obj) and not _used(obj)

    def has_view_permission(self, request, obj=None) -> bool:
        return authz.may(request.user, "assessments.view_pointscheme", obj)

    def has_add_permission(self, request, obj=None) -> bool:
        return self._may_edit(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._may_edit(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._may_edit(request, obj)


@admin.register(PointScheme)
class PointSchemeAdmin(AuthzAdminMixin, SimpleHistoryAdmin):
    list_display = ["year", "member_class", "version", "title", "created_at"]
    list_filter = ["year", "member_class"]
    search_fields = ["title"]
    fields = ["year", "member_class", "version", "title", "notes"]
    inlines = [PointItemInline]

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and not _used(obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(MemberPoints)
class MemberPointsAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    scope_field = "organization"
    list_display = ["period", "organization", "member", "member_class", "total", "rank"]
    list_filter = ["year", "member_class"]
    search_fields = ["member__name", "organization__name"]
    list_select_related = ["organization", "member"]


@admin.register(ManualPoint)
class ManualPointAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    scope_field = "organization"
    list_display = ["period", "organization", "member", "points", "reason", "given_by", "given_at"]
    search_fields = ["member__name", "reason"]
    list_select_related = ["organization", "member", "given_by"]
