"""Page guards that ask the permission matrix: log in first, then `authz.may`, else a 403 page."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _

from . import authz


def permission_required(permission: str) -> Callable:
    """The page opens only for users the matrix grants `permission` (in general, for some rows)."""

    def decorator(view: Callable) -> Callable:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs):
            if not authz.may(request.user, permission):
                raise PermissionDenied(_("您的角色不能使用此页面"))
            return view(request, *args, **kwargs)

        wrapper.authz_permission = permission
        return wrapper

    return decorator
