"""The admin asks accounts.authz like every other caller: no Django group, no superuser shortcut."""

from __future__ import annotations

from accounts import authz


class AuthzAdminMixin:
    """Every permission of an admin page is a question to the matrix (accounts/permissions.py).

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


class ReadOnlyAdminMixin(AuthzAdminMixin):
    """Rows that only services write (records, closures, assignments): viewable, never edited here."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
