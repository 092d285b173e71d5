from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import XLSX
from simple_history.admin import SimpleHistoryAdmin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from partybuild.legacy_excel import ImportFailed

from .imports.admin_uploads import uploads_deleted_after
from .imports.members import MemberResource, MemberXLSX
from .imports.organizations import OrganizationResource, OrganizationXLSX
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


class LegacyImportExportMixin(ImportExportMixin):
    """Admin import of legacy workbooks (preview, then confirm) and export with Chinese headers."""

    import_template_name = "admin/accounts/legacy_import.html"
    export_formats = [XLSX]

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

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, ImportFailed):
            for problem in e.problems:
                form.add_error("import_file", str(problem))
            return
        super().add_data_read_fail_error_to_form(form, e)


@admin.register(Organization)
class OrganizationAdmin(LegacyImportExportMixin, TreeAdmin, SimpleHistoryAdmin):
    resource_classes = [OrganizationResource]
    import_formats = [OrganizationXLSX]
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
class MemberAdmin(LegacyImportExportMixin, SimpleHistoryAdmin):
    resource_classes = [MemberResource]
    import_formats = [MemberXLSX]
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
