from rest_framework.permissions import SAFE_METHODS, BasePermission

from accounts.models import ADMIN_ROLES


class RoleScopedPermission(BasePermission):
    """Authenticated users only; the reporting client reads only; admin roles hold no business data.

    Which rows a user reaches is decided by the viewset's queryset (a selector), not here.
    """

    message = "您没有执行该操作的权限。"

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.is_active):
            return False
        if user.is_superuser:
            return True
        if user.role in ADMIN_ROLES:
            return False
        return not (user.is_read_only and request.method not in SAFE_METHODS)
