"""The API's login and logout: expiring tokens for a username, a password and (staff) a TOTP code."""

from __future__ import annotations

from django.contrib.auth import authenticate, logout
from django.contrib.auth.signals import user_logged_in
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from knox.models import AuthToken
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from accounts.audit import audit_log

from . import lockout, otp, services
from .authentication import password_change_message


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(label=_("用户名"))
    password = serializers.CharField(label=_("密码"), style={"input_type": "password"}, trim_whitespace=False)
    otp = serializers.CharField(
        label=_("动态验证码"),
        required=False,
        allow_blank=True,
        help_text=_("工委干部和三类管理员必填：验证器应用显示的 6 位数字，或一个恢复码"),
    )


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True, help_text=_("放在请求头 Authorization: Token <token>"))
    expiry = serializers.DateTimeField(read_only=True, help_text=_("令牌失效时间；过期后请重新获取"))


def _wrong_credentials() -> ValidationError:
    return ValidationError(
        {"non_field_errors": [_("用户名或密码不正确，请检查后重试；连续多次失败后账号将被暂时锁定。")]}
    )


class TokenObtainView(APIView):
    """Exchange a username and password (and a TOTP code where required) for an expiring API token."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"
    serializer_class = TokenRequestSerializer

    @extend_schema(
        summary=_("获取 API 令牌"),
        tags=["auth"],
        auth=[],
        request=TokenRequestSerializer,
        responses={
            200: TokenResponseSerializer,
            400: OpenApiResponse(description=_("用户名、密码或动态验证码不正确")),
            403: OpenApiResponse(description=_("账号已被暂时锁定、须先修改密码或须先绑定动态验证码")),
        },
    )
    def post(self, request, *args, **kwargs):
        form = TokenRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        # axes keeps its bookkeeping on the Django request, which its middleware reads afterwards.
        django_request = request._request
        user = authenticate(django_request, username=data["username"], password=data["password"])
        if user is None:
            if getattr(django_request, "axes_locked_out", False):
                message = lockout.lockout_message(data["username"], django_request.axes_ip_address)
                raise PermissionDenied(message)
            raise _wrong_credentials()
        if otp.otp_required(user):
            self._check_second_factor(request, user, data.get("otp", ""))
        if services.password_change_reason(user) is not None:
            raise PermissionDenied(password_change_message())
        token, raw = services.token_issue(user=user, request=django_request)
        # A login like the portal's: the audit trail records it (channel "api") and last_login moves.
        user_logged_in.send(sender=user.__class__, request=django_request, user=user)
        return Response(TokenResponseSerializer({"token": raw, "expiry": token.expiry}).data)

    @staticmethod
    def _check_second_factor(request, user, code: str) -> None:
        if otp.totp_device(user) is None:
            raise PermissionDenied(
                _("您的账号需要动态验证码：请先登录网页，按提示在验证器应用中绑定后再获取令牌。")
            )
        if not code.strip():
            raise ValidationError({"otp": [_("请填写验证器应用中显示的 6 位动态验证码（或一个恢复码）。")]})
        if otp.otp_match(user, code) is None:
            audit_log("otp.failure", actor=user, target=user, result="failure", detail={"step": "api"})
            message = _("动态验证码不正确或已过期，请查看验证器应用中的最新验证码后重试。")
            raise ValidationError({"otp": [message]})


class TokenLogoutView(APIView):
    """Revoke the token this request carries (or end this browser session)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(summary=_("退出登录：吊销当前令牌"), tags=["auth"], request=None, responses={204: None})
    def post(self, request, *args, **kwargs):
        if isinstance(request.auth, AuthToken):
            services.token_revoke(token=request.auth, request=request._request)
        else:
            logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TokenLogoutAllView(APIView):
    """Revoke every token of the user and end every browser session of theirs."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary=_("退出所有设备：吊销全部令牌并结束全部网页登录"),
        tags=["auth"],
        request=None,
        responses={204: None},
    )
    def post(self, request, *args, **kwargs):
        services.user_sessions_end(request.user, reason="logout_all", request=request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)
