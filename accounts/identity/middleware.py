"""SessionSecurityMiddleware: the server-side rules for a logged-in browser session.

Order: after SessionMiddleware, AuthenticationMiddleware and MessageMiddleware (it logs users out
and leaves them a message), before anything that serves pages. For each request of a session user:

1. the session's stamp must still be the user's (user_sessions_end changes it);
2. the session is younger than SESSION_COOKIE_AGE (absolute, 12 h) and was used within the idle
   timeout (authz.idle_timeout_seconds: 30 min, 15 for the admin roles);
3. a user who needs TOTP reaches only the OTP pages and logout until the session is verified;
4. a user whose password was issued or has expired reaches only the password page and logout.
Requests that fail 1–2 go on as anonymous (login_required sends them to the login page); 3–4 are
redirected to their page, or get a 403 with a Chinese message under /api/.
"""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from accounts import authz

from . import services
from .otp import otp_required, session_verified, totp_device

# Writing the last-seen time on every request would write the session row every time.
SEEN_RESOLUTION_SECONDS = 60


class SessionSecurityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            ended = self._session_ended(request, user)
            if ended:
                logout(request)
                request.user = AnonymousUser()
                if not request.path.startswith("/api/"):
                    messages.warning(request, ended)
            else:
                response = self._gate(request, user)
                if response is not None:
                    return response
        return self.get_response(request)

    def _session_ended(self, request, user) -> str | None:
        session = request.session
        if session.get(services.STAMP_KEY) != services.security_for(user).stamp:
            return _("您的登录已失效（已在别处退出、修改了密码或权限有变化），请重新登录。")
        now = time.time()
        if now - session.get(services.LOGIN_AT_KEY, 0) > settings.SESSION_COOKIE_AGE:
            hours = settings.SESSION_COOKIE_AGE // 3600
            return _("登录已超过 %(hours)d 小时，请重新登录。") % {"hours": hours}
        seen = session.get(services.SEEN_AT_KEY, 0)
        if now - seen > authz.idle_timeout_seconds(user):
            minutes = authz.idle_timeout_seconds(user) // 60
            return _("您已 %(minutes)d 分钟没有操作，为了安全已自动退出，请重新登录。") % {"minutes": minutes}
        if now - seen > SEEN_RESOLUTION_SECONDS:
            session[services.SEEN_AT_KEY] = now
        return None

    def _gate(self, request, user):
        path = request.path
        if _always_open(path):
            return None
        if otp_required(user) and not session_verified(request):
            if path in (_url("identity:otp_verify"), _url("identity:otp_enrol")):
                return None
            page = "identity:otp_verify" if totp_device(user) else "identity:otp_enrol"
            message = _("您的账号需要动态验证码（双因素认证）：请先在网页上完成验证后再使用。")
            return _refuse(request, page, message)
        reason = services.password_change_reason(user)
        if reason is not None:
            if path == _url("identity:password_change"):
                return None
            if reason == "expired":
                message = _("您的密码已超过 %(days)d 天未修改，请先修改密码。") % {
                    "days": settings.PARTYBUILD_PASSWORD_MAX_AGE_DAYS
                }
            else:
                message = _("您的密码由管理员设置，首次登录请先修改密码。")
            return _refuse(request, "identity:password_change", message)
        return None


def _url(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:  # a URL configuration without that page (admin-only test set-ups)
        return None


def _always_open(path: str) -> bool:
    open_paths = {_url(name) for name in ("logout", "admin:logout", "set_language", "healthz")}
    return path in open_paths or path.startswith(settings.STATIC_URL)


def _refuse(request, page: str, message: str):
    url = _url(page)
    if request.path.startswith("/api/") or url is None:
        return JsonResponse({"detail": message}, status=403)
    if request.method == "GET" and request.path != "/":
        url += "?" + urlencode({"next": request.get_full_path()})
    return HttpResponseRedirect(url)
