from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from accounts.models import ADMIN_ROLES, Role


class RoleScopedPermission(BasePermission):
    """Authenticated users only; the reporting client reads only; admin roles hold no business data.

    Which rows a user reaches is decided by the viewset's queryset (a selector), not here.
    """

    message = _("您没有执行该操作的权限。")

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.is_active):
            return False
        if user.is_superuser:
            return True
        if user.role in ADMIN_ROLES:
            return False
        return not (user.is_read_only and request.method not in SAFE_METHODS)


class CommitteeStaffWrites(RoleScopedPermission):
    """Everyone in scope reads; only committee staff (and superusers) write, e.g. the org tree."""

    message = _("只有工委干部可以新增或修改党组织。")

    def has_permission(self, request, view) -> bool:
        if not super().has_permission(request, view):
            return False
        return request.method in SAFE_METHODS or request.user.is_committee_staff


class SecretaryOrStaffWrites(RoleScopedPermission):
    """Committee staff write everything; a secretary writes inside their own subtree (the queryset's job)."""

    message = _("只有工委干部和本组织书记可以新增或修改党员信息。")

    def has_permission(self, request, view) -> bool:
        if not super().has_permission(request, view):
            return False
        user = request.user
        return request.method in SAFE_METHODS or user.is_committee_staff or user.role == Role.SECRETARY
