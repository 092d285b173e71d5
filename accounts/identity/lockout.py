"""Login lockout on every path (portal, admin, API token): a window for failures, a cool-off for locks.

django-axes counts an account's failures since the last success with no window of its own (its
AXES_COOLOFF_TIME is both how long failures count and how long a lock lasts). The rule here is
5 failures within 15 minutes lock the account for 30 minutes, so this handler keeps one row per
failure (LoginFailure) and decides from those; axes still runs the flow (backend, signals,
middleware, the Chinese lockout response) and keeps its AccessAttempt rows, so deleting those
(the security admin's unlock in the admin, or `axes_reset_username`) unlocks here too.

A second limit counts failures per client address, whatever the username, against password
spraying; it is generous by default because intranet users share addresses behind NAT.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import LoginFailure


def failure_window() -> timedelta:
    return timedelta(minutes=settings.PARTYBUILD_LOGIN_FAILURE_WINDOW_MINUTES)


def cool_off() -> timedelta:
    return settings.AXES_COOLOFF_TIME


def account_locked(username: str | None, *, now: datetime | None = None) -> bool:
    if not username:
        return False
    now = now or timezone.now()
    locks = LoginFailure.objects.filter(username=username, locked_account=True)
    return locks.filter(at__gt=now - cool_off()).exists()


def address_blocked(address: str | None, *, now: datetime | None = None) -> bool:
    if not address:
        return False
    now = now or timezone.now()
    locks = LoginFailure.objects.filter(address=address, locked_address=True)
    return locks.filter(at__gt=now - cool_off()).exists()


def failure_record(username: str | None, address: str | None, *, now: datetime | None = None) -> LoginFailure:
    """Store one failure and mark it if it is the one that reaches the account or the address limit."""
    now = now or timezone.now()
    since = now - failure_window()
    failure = LoginFailure.objects.create(username=username or "", address=address or "", at=now)
    if username:
        recent = LoginFailure.objects.filter(username=username, at__gt=since).count()
        failure.locked_account = recent >= settings.AXES_FAILURE_LIMIT
    if address:
        recent = LoginFailure.objects.filter(address=address, at__gt=since).count()
        failure.locked_address = recent >= settings.PARTYBUILD_LOGIN_ADDRESS_FAILURE_LIMIT
    if failure.locked_account or failure.locked_address:
        failure.save(update_fields=["locked_account", "locked_address"])
    # Rows older than any window or cool-off can go; one indexed DELETE per failure keeps the table small.
    LoginFailure.objects.filter(at__lt=now - max(failure_window(), cool_off()) - timedelta(days=1)).delete()
    return failure


def is_blocked(username: str | None, address: str | None) -> bool:
    return account_locked(username) or address_blocked(address)


def lockout_message(username: str | None, address: str | None) -> str:
    """The Chinese message for a refused login: the account's lock, or the address's."""
    minutes = int(cool_off().total_seconds() // 60)
    if address_blocked(address) and not account_locked(username):
        message = _("您所在网络地址的登录失败次数过多，已暂停从该地址登录。请 %(minutes)s 分钟后再试。")
        return message % {"minutes": minutes}
    return _("登录失败次数过多，账号已被暂时锁定。请 %(minutes)s 分钟后再试，或联系安全管理员解锁。") % {
        "minutes": minutes
    }


class WindowedAxesHandler(AxesDatabaseHandler):
    """AXES_HANDLER: axes' database handler with the failure window and the per-address limit above."""

    def is_locked(self, request, credentials: dict | None = None) -> bool:
        return is_blocked(get_client_username(request, credentials), request.axes_ip_address)

    def get_failures(self, request, credentials: dict | None = None) -> int:
        # Axes locks when this reaches AXES_FAILURE_LIMIT: report the limit while blocked, else 0.
        return settings.AXES_FAILURE_LIMIT if self.is_locked(request, credentials) else 0

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        # A refused attempt during a lock is not a new failure (the lock runs from the failure that set it).
        refused = request is None or getattr(request, "axes_locked_out", False)
        if not refused and not self.is_whitelisted(request, credentials):
            username = get_client_username(request, credentials)
            failure_record(username, request.axes_ip_address, now=request.axes_attempt_time)
        return super().user_login_failed(sender, credentials, request, **kwargs)

    def post_delete_access_attempt(self, instance, **kwargs):
        """Axes forgets an attempt (success, expiry or an admin's unlock): forget its failures here too."""
        LoginFailure.objects.filter(
            username=instance.username, address=instance.ip_address, at__lte=instance.attempt_time
        ).delete()
