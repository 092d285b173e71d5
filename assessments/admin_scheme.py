"""Admin of the scheme: staff edit a year's 考核办法 and its components here. A scheme a published run
used is read-only; the action "创建新版本" copies it as the year's next version, which is edited instead
(so a published result always points at the rules it was computed with). Runs and results are read-only
(computed and published in the portal)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin.base import AuthzAdminMixin, ReadOnlyAdminMixin

from .models import AssessmentResult, AssessmentRun, IndexKey, Scheme, SchemeComponent
from .scheme import services


class SchemeForm(forms.ModelForm):
    class Meta:
        model = Scheme
        fields = ["year", "version", "name", "notes", *services.SCHEME_FIELDS[2:]]

    def clean(self):
        data = super().clean()
        weights = [
            data.get(f) or Decimal(0)
            for f in ("performance_weight", "responsibility_weight", "conduct_weight")
        ]
        if sum(weights) != 100:
            raise ValidationError(_("三项指数的权重之和应为 100，现为 %(total)s") % {"total": sum(weights)})
        if (
            not (data.get("excellent_from") or 0)
            >= (data.get("good_from") or 0)
            >= (data.get("fair_from") or 0)
        ):
            raise ValidationError(_("等次分数线应为 优秀 ≥ 良好 ≥ 一般"))
        return data


class ComponentFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        totals: dict[str, Decimal] = {}
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE") or not form.cleaned_data:
                continue
            index = form.cleaned_data.get("index")
            totals[index] = totals.get(index, Decimal(0)) + (form.cleaned_data.get("weight") or 0)
        for index, total in totals.items():
            if total != 100:
                raise ValidationError(
                    _("“%(index)s”各项目权重之和应为 100，现为 %(total)s")
                    % {"index": IndexKey(index).label, "total": total}
                )


class SchemeComponentInline(admin.TabularInline):
    model = SchemeComponent
    formset = ComponentFormSet
    extra = 0
    fields = ["index", "key", "seq", "weight", "params", "description"]

    def has_add_permission(self, request, obj=None) -> bool:
        return obj is None or not obj.is_locked

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is None or not obj.is_locked

    def has_delete_permission(self, request, obj=None) -> bool:
        return obj is None or not obj.is_locked


@admin.register(Scheme)
class SchemeAdmin(AuthzAdminMixin, SimpleHistoryAdmin):
    form = SchemeForm
    list_display = ["year", "version", "name", "excellent_quota", "party_building_share", "updated_at"]
    list_filter = ["year"]
    inlines = [SchemeComponentInline]
    actions = ["new_version"]
    readonly_fields = ["created_by", "created_at", "updated_at"]

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and (obj is None or not obj.is_locked)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=gettext_lazy("基于所选考核办法创建新版本"))
    def new_version(self, request, queryset):
        for scheme in queryset:
            copy = services.scheme_new_version(actor=request.user, scheme=scheme)
            messages.success(request, _("已创建 %(scheme)s") % {"scheme": copy})


@admin.register(AssessmentRun)
class AssessmentRunAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["period", "version", "state", "scheme", "reason", "computed_at", "published_at"]
    list_filter = ["state", "year"]


@admin.register(AssessmentResult)
class AssessmentResultAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    scope_field = "organization"
    list_display = ["run", "organization", "composite", "rank", "grade", "quota_applied"]
    list_filter = ["run__period", "grade"]
    search_fields = ["organization__name"]
    list_select_related = ["run", "organization"]
