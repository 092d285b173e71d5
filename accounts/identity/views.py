"""Portal pages: change my password, the TOTP step (enrol or verify), my account's security, resets."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import authz

from . import otp, services
from .forms import OtpCodeForm, OtpResetForm, PasswordChangeForm


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe else ""


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    reason = services.password_change_reason(request.user)
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        new_password = form.cleaned_data["new_password1"]
        services.password_change(request=request, user=request.user, new_password=new_password)
        messages.success(request, _("密码已修改。您在其他设备上的登录和全部 API 令牌已失效。"))
        return redirect(_next_url(request) or "home")
    context = {"form": form, "reason": reason, "next": _next_url(request)}
    return render(request, "identity/password_change.html", context)


@login_required
def otp_verify(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not otp.otp_required(user) or otp.session_verified(request):
        return redirect(_next_url(request) or "home")
    if otp.totp_device(user) is None:
        return redirect("identity:otp_enrol")
    form = OtpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if otp.otp_verify(request, user, form.cleaned_data["code"]):
            request.session.cycle_key()
            return redirect(_next_url(request) or "home")
        form.add_error("code", _("验证码不正确或已过期，请查看验证器应用中的最新验证码后重试。"))
    return render(request, "identity/otp_verify.html", {"form": form, "next": _next_url(request)})


@login_required
def otp_enrol(request: HttpRequest) -> HttpResponse:
    """First login of a TOTP user: scan the code (or type the secret), confirm with a first code."""
    user = request.user
    if not otp.otp_required(user):
        return redirect("home")
    if otp.totp_device(user) is not None:
        # Enrolled already: a new authenticator needs the security admin's reset, never just a password.
        return redirect("identity:otp_verify")
    device = otp.totp_device_pending(user)
    form = OtpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = otp.totp_enrol(request, user, device, form.cleaned_data["code"])
        if codes is not None:
            request.session.cycle_key()
            context = {"codes": codes, "next": _next_url(request) or "/", "first_time": True}
            return render(request, "identity/recovery_codes.html", context)
        form.add_error("code", _("验证码不正确，请确认手机时间准确，并输入验证器应用中显示的最新 6 位数字。"))
    context = {
        "form": form,
        "qr_svg": otp.totp_qr_svg(device),
        "secret": otp.totp_secret(device),
        "next": _next_url(request),
    }
    return render(request, "identity/otp_enrol.html", context)


@login_required
def account_security(request: HttpRequest) -> HttpResponse:
    """My account: password age, the second factor and its recovery codes, logging out everywhere."""
    user = request.user
    security = services.security_for(user)
    recovery_left = otp.recovery_codes_left(user)
    context = {
        "security": security,
        "password_expires_at": security.password_changed_at + services.password_max_age(),
        "otp_required": otp.otp_required(user),
        "otp_enrolled": otp.totp_device(user) is not None,
        "recovery_left": recovery_left,
        "may_reset_otp": authz.may_reset_second_factor(user),
    }
    return render(request, "identity/account_security.html", context)


@login_required
@require_POST
def recovery_codes_regenerate(request: HttpRequest) -> HttpResponse:
    if otp.totp_device(request.user) is None:
        return redirect("identity:account_security")
    codes = otp.recovery_codes_issue(request.user)
    return render(request, "identity/recovery_codes.html", {"codes": codes, "next": "", "first_time": False})


@login_required
@require_POST
def logout_everywhere(request: HttpRequest) -> HttpResponse:
    services.user_sessions_end(request.user, reason="logout_all", request=request)
    logout(request)
    messages.success(request, _("已退出所有设备，全部 API 令牌已吊销。"))
    return redirect("login")


@login_required
def otp_reset(request: HttpRequest) -> HttpResponse:
    """The security admin resets someone's second factor (lost phone): they enrol again at next login."""
    if not authz.may_reset_second_factor(request.user):
        raise PermissionDenied(_("只有安全管理员可以重置动态验证码。"))
    form = OtpResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"].strip()
        target = get_user_model().objects.filter(username=username).first()
        if target is None:
            message = _("没有用户名为“%(username)s”的账号，请核对后重试。") % {"username": username}
            form.add_error("username", message)
        elif target.pk == request.user.pk:
            form.add_error("username", _("不能重置自己的动态验证码，请由另一位安全管理员操作。"))
        else:
            otp.otp_reset(target, actor=request.user, request=request)
            message = _("已重置 %(user)s 的动态验证码并结束其全部登录；其下次登录时将重新绑定。")
            messages.success(request, message % {"user": target})
            return redirect("identity:otp_reset")
    return render(request, "identity/otp_reset.html", {"form": form})
