"""In-app notifications, with an e-mail copy when settings.PARTYBUILD_EMAIL_NOTIFICATIONS is on."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail, send_mass_mail
from django.db import transaction

from .models import Notification, User

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Message:
    """One notification to be sent to one user."""

    user: User
    title: str
    body: str = ""
    url: str = ""
    dedupe_key: str = ""


def _email_enabled() -> bool:
    return bool(settings.PARTYBUILD_EMAIL_NOTIFICATIONS)


@transaction.atomic
def notification_send(
    *, user: User, title: str, body: str = "", url: str = "", dedupe_key: str = ""
) -> Notification | None:
    """Notify one user; with a dedupe_key the same notice is sent only once. None if it was sent before."""
    if dedupe_key:
        notification, created = Notification.objects.get_or_create(
            user=user, dedupe_key=dedupe_key, defaults={"title": title, "body": body, "url": url}
        )
        if not created:
            return None
    else:
        notification = Notification.objects.create(user=user, title=title, body=body, url=url)
    if _email_enabled() and user.email:
        # After commit: a rolled-back notification must not have been e-mailed.
        transaction.on_commit(lambda: _mail_one(user.email, title, body, url))
    return notification


def notifications_send_bulk(messages: Iterable[Message]) -> int:
    """Many notifications in one INSERT; ones already sent (same user and dedupe_key) are skipped."""
    messages = list(messages)
    if not messages:
        return 0
    keyed = [m for m in messages if m.dedupe_key]
    already = set(
        Notification.objects.filter(
            user__in={m.user.pk for m in keyed}, dedupe_key__in={m.dedupe_key for m in keyed}
        ).values_list("user_id", "dedupe_key")
    )
    fresh = [m for m in messages if (m.user.pk, m.dedupe_key) not in already]
    Notification.objects.bulk_create(
        [
            Notification(user=m.user, title=m.title, body=m.body, url=m.url, dedupe_key=m.dedupe_key)
            for m in fresh
        ],
        batch_size=500,
        ignore_conflicts=True,
    )
    if _email_enabled():
        mails = [
            (m.title, _mail_body(m.body, m.url), settings.DEFAULT_FROM_EMAIL, [m.user.email])
            for m in fresh
            if m.user.email
        ]
        if mails:
            transaction.on_commit(lambda: _mail_many(mails))
    return len(fresh)


def _mail_body(body: str, url: str) -> str:
    return f"{body}\n\n{url}" if url else body


def _mail_one(address: str, title: str, body: str, url: str) -> None:
    try:
        send_mail(title, _mail_body(body, url), settings.DEFAULT_FROM_EMAIL, [address])
    except OSError:
        # The in-app notice is already stored; a mail outage must not undo it.
        logger.exception("notification e-mail to %s failed", address)


def _mail_many(mails: list) -> None:
    try:
        send_mass_mail(mails)
    except OSError:
        logger.exception("notification e-mails failed (%d messages)", len(mails))


def notifications_mark_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    """Mark the user's unread notifications read (only `ids` when given); returns how many changed."""
    from django.utils import timezone

    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())
