"""API authentication by expiring, hashed tokens (django-rest-knox), with Chinese errors."""

from __future__ import annotations

from django.utils.translation import gettext as _
from knox.auth import TokenAuthentication
from rest_framework import exceptions

from .services import password_change_reason


class ExpiringTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <token>`: knox checks the hash and the expiry; the password rule applies too."""

    def authenticate(self, request):
        try:
            return super().authenticate(request)
        except exceptions.AuthenticationFailed as exc:
            raise exceptions.AuthenticationFailed(
                _("令牌无效、已过期或已被吊销，请用用户名和密码重新获取（POST /api/v1/auth/token/）。")
            ) from exc

    def validate_user(self, auth_token):
        user, token = super().validate_user(auth_token)
        if password_change_reason(user) is not None:
            raise exceptions.PermissionDenied(password_change_message())
        return user, token


def password_change_message() -> str:
    return _("您的密码须先修改（管理员设置的初始密码或已超过有效期）：请登录网页修改密码后再使用 API。")
