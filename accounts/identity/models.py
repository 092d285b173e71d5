"""Per-user security state, password history and the login failures the lockout counts."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_stamp() -> str:
    return secrets.token_hex(16)


class UserSecurity(models.Model):
    """One user's security state: the session stamp, the password's age and the must-change mark."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="security"
    )
    # Copied into each session at login; a new stamp ends every session that carries the old one.
    stamp = models.CharField(max_length=32, default=new_stamp, editable=False)
    password_changed_at = models.DateTimeField(_("密码修改时间"), default=timezone.now)
    must_change_password = models.BooleanField(_("下次登录须修改密码"), default=False)
    # Set only by seed_demo: demo logins skip the first-login change, password expiry and TOTP.
    is_demo = models.BooleanField(_("演示账号"), default=False, editable=False)

    class Meta:
        verbose_name = _("账号安全状态")
        verbose_name_plural = _("账号安全状态")

    def __str__(self) -> str:
        return str(self.user)


class PasswordHistory(models.Model):
    """A password hash the user once had, so the last few cannot be reused."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="password_history"
    )
    password = models.CharField(max_length=128)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("历史密码")
        verbose_name_plural = _("历史密码")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d}"


class LoginFailure(models.Model):
    """One failed login (page, admin or API): the lockout window and the per-address limit count these."""

    username = models.CharField(max_length=150)
    address = models.CharField(max_length=45, blank=True)
    at = models.DateTimeField(default=timezone.now)
    # The failure that reached the limit: the account (or address) stays locked for a cool-off from it.
    locked_account = models.BooleanField(default=False)
    locked_address = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("登录失败记录")
        verbose_name_plural = _("登录失败记录")
        indexes = [
            models.Index(fields=["username", "at"], name="identity_failure_user_at"),
            models.Index(fields=["address", "at"], name="identity_failure_addr_at"),
        ]

    def __str__(self) -> str:
        return f"{self.username}@{self.address} {self.at:%Y-%m-%d %H:%M}"
