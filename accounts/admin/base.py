"""The admin asks accounts.authz like every other caller: no Django group, no superuser shortcut."""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist

from accounts import authz

# A read-only relation the user may not open is shown through `<field>` + this suffix: plain text.
_PLAIN = "__as_text"


class AuthzAdminMixin:
    """Every permission of an admin page is a question to the matrix (accounts/permissions/).

    `scope_field` names the org field that limits rows to the staff member's scope (None: global rows).
    """

    scope_field: str | None = None

    def _may(self, request, action: str, obj=None) -> bool:
        opts = self.opts
        return authz.may(request.user, f"{opts.app_label}.{action}_{opts.model_name}", obj)

    def has_module_permission(self, request) -> bool:
        return any(self._may(request, action) for action in ("view", "add", "change"))

    def has_view_permission(self, request, obj=None) -> bool:
        return self._may(request, "view", obj) or self._may(request, "change", obj)

    def has_add_permission(self, request, obj=None) -> bool:
        return self._may(request, "add")

    def has_change_permission(self, request, obj=None) -> bool:
        return self._may(request, "change", obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._may(request, "delete", obj)

    # django-import-export asks these before showing or running an import or export.
    def has_import_permission(self, request) -> bool:
        return self._may(request, "import")

    def has_export_permission(self, request) -> bool:
        return self._may(request, "export")

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self.scope_field is None:
            return queryset
        return queryset.filter(authz.business_scope(request.user).q(self.scope_field))

    # Django shows a read-only foreign key as a link to the related row's admin page without asking
    # whether the user may open it (a record's 提交人 links to a user page committee staff may not see).
    # Such fields are shown as plain text instead.

    def _unlinked(self, request, obj) -> set[str]:
        if obj is None:
            return set()
        names = set()
        for field in self.opts.fields:
            if not (field.many_to_one or field.one_to_one):
                continue
            target = self.admin_site._registry.get(field.related_model)
            value = getattr(obj, field.name, None)
            if (
                target is not None
                and value is not None
                and not target.has_view_or_change_permission(request, value)
            ):
                names.add(field.name)
        return names

    def _read_only_names(self, request, obj) -> set[str]:
        names = set(super().get_readonly_fields(request, obj))
        if obj is not None and not self.has_change_permission(request, obj):
            names |= {field.name for field in self.opts.fields}
        return names

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        unlinked = self._unlinked(request, obj) & self._read_only_names(request, obj)
        if not unlinked:
            return fieldsets
        return [
            (name, {**options, "fields": [self._as_text(field, unlinked) for field in options["fields"]]})
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        unlinked = self._unlinked(request, obj) & self._read_only_names(request, obj)
        return fields + [f"{name}{_PLAIN}" for name in sorted(unlinked)]

    @staticmethod
    def _as_text(field, unlinked: set[str]):
        if isinstance(field, list | tuple):
            return type(field)(AuthzAdminMixin._as_text(one, unlinked) for one in field)
        return f"{field}{_PLAIN}" if field in unlinked else field

    def __getattr__(self, name: str):
        if not name.endswith(_PLAIN):
            raise AttributeError(name)
        field_name = name[: -len(_PLAIN)]
        try:
            field = self.opts.get_field(field_name)
        except FieldDoesNotExist:
            raise AttributeError(name) from None

        def as_text(obj) -> str:
            value = getattr(obj, field_name, None)
            return "-" if value is None else str(value)

        as_text.short_description = field.verbose_name
        return as_text


class ReadOnlyAdminMixin(AuthzAdminMixin):
    """Rows that only services write (records, closures, assignments): viewable, never edited here."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
