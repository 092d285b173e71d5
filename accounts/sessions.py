"""Ending a user's sessions and API tokens (role change, term end, disabling)."""

from __future__ import annotations

from django.contrib.sessions.models import Session
from django.utils import timezone


def user_sessions_end(user, *, reason: str) -> None:
    """Log `user` out everywhere: every browser session and every API token."""
    from rest_framework.authtoken.models import Token

    Token.objects.filter(user=user).delete()
    stale = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk)
    ]
    Session.objects.filter(pk__in=stale).delete()
