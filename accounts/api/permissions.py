"""One DRF permission for every resource: it asks the permission matrix (accounts.authz).

A viewset's model names the resource; the HTTP method (or the action) names what is done:
GET → view, POST → add, PUT/PATCH → change, DELETE → delete. Domain actions name their own
permission in `authz_actions` (e.g. {"review": "ledger.review_record"}); a view without a model
names one permission in `authz_permission`. Rows outside the user's scope are not in the viewset's
queryset (a selector), so they are 404; rows inside it are asked about again with the object.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from accounts import authz

_METHOD_ACTIONS = {
    "GET": "view",
    "HEAD": "view",
    "OPTIONS": "view",
    "POST": "add",
    "PUT": "change",
    "PATCH": "change",
    "DELETE": "delete",
}


def permission_for(request, view) -> str | None:
    """The matrix permission a request asks for; None for a view about no resource (the API root)."""
    action = getattr(view, "action", None)
    custom = getattr(view, "authz_actions", {})
    if action in custom:
        return custom[action]
    if fixed := getattr(view, "authz_permission", None):
        return fixed
    if not hasattr(view, "get_queryset"):
        return None
    model = view.get_queryset().model
    verb = _METHOD_ACTIONS.get(request.method, "change")
    return f"{model._meta.app_label}.{verb}_{model._meta.model_name}"


class MatrixPermission(BasePermission):
    message = _("您没有执行该操作的权限。")

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.is_active):
            return False
        method = request.method.lower()
        if method not in view.http_method_names or getattr(view, method, None) is None:
            return True  # DRF answers 405: there is no such operation to be allowed or refused
        permission = permission_for(request, view)
        if permission is None:
            return True
        self.message = authz.refusal(permission)
        return authz.may(user, permission)

    def has_object_permission(self, request, view, obj) -> bool:
        permission = permission_for(request, view)
        if permission is None:
            return True
        self.message = authz.refusal(permission)
        return authz.may(request.user, permission, obj)
