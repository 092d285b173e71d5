"""Admin for the org tree, units, group phrases, members and terms: every save goes through a service."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin, ImportMixin
from import_export.formats.base_formats import XLSX
from import_export.forms import ConfirmImportForm, ImportForm
from simple_history.admin import SimpleHistoryAdmin

from partybuild.exceptions import DomainError
from partybuild.legacy_excel import ImportFailed

from .. import services
from ..audit import audit_log, suppress_object_events
from ..imports.admin_uploads import uploads_deleted_after
from ..imports.members import MemberResource, MemberXLSX
from ..imports.organizations import OrganizationResource, OrganizationXLSX
from ..models import Member, Organization, OrgGroupRule, SecretaryTerm, Unit
from ..names import OrganizationNames
from ..services.people import MEMBER_FIELDS, ORGANIZATION_FIELDS
from .base import AuthzAdminMixin


class LegacyImportMixin(ImportMixin):
    """Admin import of legacy workbooks: preview, then confirm; a refused file is listed cell by cell."""

    import_template_name = "admin/accounts/legacy_import.html"

    def get_import_data_kwargs(self, **kwargs):
        # All or nothing: a row with a validation error rolls back every other row too.
        return {**super().get_import_data_kwargs(**kwargs), "rollback_on_validation_errors": True}

    def import_action(self, request, **kwargs):
        """The preview. The upload waits in private storage for the confirm step only if the preview
        passed; a refused file is deleted at once."""
        with uploads_deleted_after(request, self.model) as written:
            response = super().import_action(request, **kwargs)
            context = getattr(response, "context_data", None) or {}
            if context.get("confirm_form"):
                written.clear()  # kept for process_import (or purged after IMPORT_UPLOAD_MAX_AGE_HOURS)
        return response

    def process_import(self, request, **kwargs):
        """The confirmed import: the upload is deleted afterwards, whether it succeeded or failed."""
        with uploads_deleted_after(request, self.model):
            return super().process_import(request, **kwargs)

    def generate_log_entries(self, result, request):
        # The import is one audit event with its row count; its per-row LogEntries are not mirrored.
        with suppress_object_events():
            super().generate_log_entries(result, request)

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, ImportFailed):
            for problem in e.problems:
                form.add_error("import_file", str(problem))
            return
        super().add_data_read_fail_error_to_form(form, e)


class LegacyImportExportMixin(LegacyImportMixin, ImportExportMixin):
    """LegacyImportMixin plus export with Chinese headers (audited)."""

    export_formats = [XLSX]

    def get_data_for_export(self, request, queryset, **kwargs):
        data = super().get_data_for_export(request, queryset, **kwargs)
        audit_log("export.admin", actor=request.user, target=self.model, rows=len(data), request=request)
        return data


class ServiceSaveMixin:
    """Saves call a service; its refusal rolls the whole admin save back and is shown on the page."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except DomainError as exc:
            self.message_user(request, exc.message, level=messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


class OrganizationForm(forms.ModelForm):
    parent = forms.ModelChoiceField(
        label=_("上级党组织"), queryset=Organization.objects.order_by("path"), required=False
    )

    class Meta:
        model = Organization
        # Every field organization_create/organization_update take, but is_active (retiring is not an edit).
        fields = ["name", *(name for name in ORGANIZATION_FIELDS if name != "is_active")]


class _ParentField(forms.CharField):
    """An org named as people write it (full name, short name, alias or unit), resolved by accounts.names."""

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        try:
            return OrganizationNames.load().resolve(text, what=_("上级党组织"))
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None


def _parent_field(widget=None) -> _ParentField:
    return _ParentField(
        label=_("上级党组织"),
        required=False,
        widget=widget,
        help_text=_(
            "可不填。文件中没有填写上级的党组织都放在这里填写的党组织下面；不填时，"
            "没有“上级党组织”列的文件（如其他系统导出的二级党委名单）放在工委下面"
        ),
    )


class OrganizationImportForm(ImportForm):
    parent = _parent_field()


class OrganizationConfirmImportForm(ConfirmImportForm):
    parent = _parent_field(widget=forms.HiddenInput())


@admin.register(Organization)
class OrganizationAdmin(AuthzAdminMixin, ServiceSaveMixin, LegacyImportExportMixin, SimpleHistoryAdmin):
    resource_classes = [OrganizationResource]
    import_formats = [OrganizationXLSX]
    import_form_class = OrganizationImportForm
    confirm_form_class = OrganizationConfirmImportForm
    form = OrganizationForm
    scope_field = ""
    list_display = ["name", "short_name", "kind", "unit", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name", "unit__name"]
    list_select_related = ["unit"]
    ordering = ["path"]

    def get_import_resource_kwargs(self, request, **kwargs):
        form = kwargs.get("form")
        parent = getattr(form, "cleaned_data", {}).get("parent")
        return {**super().get_import_resource_kwargs(request, **kwargs), "parent": parent}

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        parent = import_form.cleaned_data.get("parent") if import_form is not None else None
        return {**initial, "parent": parent.name if parent else ""}

    def get_queryset(self, request):
        queryset = super(AuthzAdminMixin, self).get_queryset(request)
        from accounts import authz

        return queryset.filter(authz.business_scope(request.user).q(""))

    def save_model(self, request, obj, form, change):
        data = {
            name: form.cleaned_data[name]
            for name in OrganizationForm.Meta.fields
            if name in form.changed_data
        }
        parent = form.cleaned_data.get("parent")
        if change:
            original = Organization.objects.get(pk=obj.pk)
            services.organization_update(actor=request.user, organization=original, parent=parent, **data)
            return
        data.pop("name", None)
        data.pop("kind", None)
        created = services.organization_create(
            actor=request.user, name=obj.name, kind=obj.kind, parent=parent, **data
        )
        obj.pk = created.pk


@admin.register(Unit)
class UnitAdmin(AuthzAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "short_name", "nature"]
    search_fields = ["name", "short_name"]


@admin.register(OrgGroupRule)
class OrgGroupRuleAdmin(AuthzAdminMixin, SimpleHistoryAdmin):
    list_display = ["phrase", "kinds", "unit_required", "description"]
    search_fields = ["phrase"]


class MemberForm(forms.ModelForm):
    """The full ID number is typed here, checked, masked and hashed by the service — never stored."""

    id_number = forms.CharField(
        label=_("身份证号"),
        required=False,
        help_text=_("仅在新增或更正时填写；保存后只保留脱敏号码，完整号码不会存储"),
    )

    class Meta:
        model = Member
        fields = list(MEMBER_FIELDS)


@admin.register(Member)
class MemberAdmin(AuthzAdminMixin, ServiceSaveMixin, LegacyImportExportMixin, SimpleHistoryAdmin):
    resource_classes = [MemberResource]
    import_formats = [MemberXLSX]
    form = MemberForm
    scope_field = "organization"
    readonly_fields = ["id_number_masked"]
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

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in MEMBER_FIELDS if name in form.cleaned_data}
        id_number = form.cleaned_data.get("id_number") or None
        if change:
            original = Member.objects.get(pk=obj.pk)
            changed = {name: value for name, value in data.items() if name in form.changed_data}
            services.member_update(actor=request.user, member=original, id_number=id_number, **changed)
            return
        obj.pk = services.member_create(actor=request.user, id_number=id_number, **data).pk


@admin.register(SecretaryTerm)
class SecretaryTermAdmin(AuthzAdminMixin, ServiceSaveMixin, SimpleHistoryAdmin):
    scope_field = "organization"
    fields = ["organization", "member", "person_name", "role", "started_on", "ended_on", "approval_document"]
    list_display = ["person_name", "role", "organization", "started_on", "ended_on", "approval_document"]
    list_filter = ["role"]
    search_fields = ["person_name", "organization__name"]
    autocomplete_fields = ["organization", "member"]
    list_select_related = ["organization"]

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in self.fields}
        if change:
            original = SecretaryTerm.objects.get(pk=obj.pk)
            services.secretary_term_update(actor=request.user, term=original, **data)
            return
        obj.pk = services.secretary_term_create(actor=request.user, **data).pk
