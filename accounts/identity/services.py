"""Sessions, API tokens and passwords: every write of the identity rules goes through here.

`user_sessions_end(user, reason=...)` is the one call that logs a user out everywhere: it deletes
all their API tokens and changes their security stamp, which ends every browser session at its next
request (SessionSecurityMiddleware compares the session's copy of the stamp with the database).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model, update_session_auth_hash
from django.db import transaction
from django.utils import timezone
from knox.models import AuthToken

from accounts.audit import audit_log

from .models import PasswordHistory, UserSecurity, new_stamp

STAMP_KEY = "identity.stamp"
LOGIN_AT_KEY = "identity.login_at"
SEEN_AT_KEY = "identity.seen_at"
# Set on the user object by password_change() so the password-changed hook knows it was the user.
_BY_SELF = "_identity_password_by_self"


def security_for(user) -> UserSecurity:
    """The user's security row, created on first use (users from before this app have none)."""
    try:
        return user.security
    except UserSecurity.DoesNotExist:
        security, _created = UserSecurity.objects.get_or_create(user=user)
        user.security = security
        return security


# ----------------------------------------------------------------------------- sessions and tokens


def session_start(request, user) -> None:
    """At login: tie the session to the user's current stamp and start its idle and absolute clocks."""
    now = time.time()
    request.session[STAMP_KEY] = security_for(user).stamp
    request.session[LOGIN_AT_KEY] = now
    request.session[SEEN_AT_KEY] = now


@transaction.atomic
def user_sessions_end(user, *, reason: str, request=None) -> int:
    """End every browser session and revoke every API token of `user`. Returns how many tokens went.

    Called on logout-all, password change, disabling (is_active=False), a second-factor reset and,
    by the role-assignment code, on every role change.
    """
    security = security_for(user)
    security.stamp = new_stamp()
    security.save(update_fields=["stamp"])
    revoked, _by_model = AuthToken.objects.filter(user=user).delete()
    audit_log("session.end_all", target=user, detail={"reason": reason}, request=request)
    if revoked:
        audit_log("token.revoke", target=user, detail={"reason": reason}, rows=revoked, request=request)
    return revoked


def session_keep(request, user) -> None:
    """After the user's own password change: keep *this* session, which the new stamp would end."""
    update_session_auth_hash(request, user)
    request.session[STAMP_KEY] = security_for(user).stamp


def token_issue(*, user, request=None) -> tuple[AuthToken, str]:
    """A new API token (stored only as a hash) expiring after REST_KNOX's TOKEN_TTL; the raw value once."""
    instance, raw = AuthToken.objects.create(user=user)
    detail = {"expiry": instance.expiry.isoformat()}
    audit_log("token.issue", actor=user, target=user, detail=detail, request=request)
    return instance, raw


def token_revoke(*, token: AuthToken, request=None) -> None:
    """Revoke one token (API logout)."""
    user = token.user
    token.delete()
    audit_log("token.revoke", actor=user, target=user, detail={"reason": "logout"}, rows=1, request=request)


# ----------------------------------------------------------------------------- passwords


def password_max_age() -> timedelta:
    return timedelta(days=settings.PARTYBUILD_PASSWORD_MAX_AGE_DAYS)


def password_change_reason(user) -> str | None:
    """Why the user must change their password before anything else: "issued", "expired" or None."""
    security = security_for(user)
    if security.is_demo:
        return None
    if security.must_change_password:
        return "issued"
    if security.password_changed_at < timezone.now() - password_max_age():
        return "expired"
    return None


@transaction.atomic
def password_change(*, request, user, new_password: str) -> None:
    """The user changes their own password (already validated): other sessions and all tokens end."""
    user.set_password(new_password)
    setattr(user, _BY_SELF, True)
    try:
        user.save(update_fields=["password"])  # runs password_changed_record() through the validator hook
    finally:
        delattr(user, _BY_SELF)
    session_keep(request, user)


@transaction.atomic
def password_changed_record(user) -> None:
    """Whoever set a password (the user, an admin, `changepassword`): remember it and end sessions.

    A password set by anyone but the user is an *issued* password, to be changed at the next login.
    Called by PasswordHistoryValidator.password_changed, which Django runs after every set_password+save.
    """
    by_self = getattr(user, _BY_SELF, False)
    security = security_for(user)
    security.password_changed_at = timezone.now()
    security.must_change_password = not by_self
    security.save(update_fields=["password_changed_at", "must_change_password"])
    PasswordHistory.objects.create(user=user, password=user.password)
    keep = PasswordHistory.objects.filter(user=user).values_list("pk", flat=True)[
        : settings.PARTYBUILD_PASSWORD_HISTORY
    ]
    PasswordHistory.objects.filter(user=user).exclude(pk__in=list(keep)).delete()
    user_sessions_end(user, reason="password_change")
    audit_log("password.change", actor=user if by_self else None, target=user, detail={"by_self": by_self})


def password_history_hashes(user) -> list[str]:
    """The hashes a new password must not match: the current one and the last few before it."""
    limit = settings.PARTYBUILD_PASSWORD_HISTORY
    hashes = list(PasswordHistory.objects.filter(user=user).values_list("password", flat=True)[:limit])
    current = get_user_model().objects.filter(pk=user.pk).values_list("password", flat=True).first()
    if current and current not in hashes:
        hashes = [current, *hashes][:limit]
    return hashes


# ----------------------------------------------------------------------------- demo accounts


def demo_accounts_mark(users: Iterable) -> int:
    """Mark seed_demo's logins as demo accounts. seed_demo is the only caller: nothing else sets it."""
    users = list(users)
    UserSecurity.objects.bulk_create(
        [UserSecurity(user=user, is_demo=True) for user in users],
        update_conflicts=True,
        unique_fields=["user"],
        update_fields=["is_demo"],
    )
    return len(users)
