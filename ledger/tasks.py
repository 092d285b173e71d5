"""Celery jobs of the ledger: thin wrappers that call one service and retry only transient errors."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from . import services


@shared_task(
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=10 * 60,
    time_limit=12 * 60,
)
def mark_overdue_task() -> int:
    """Daily (CELERY_BEAT_SCHEDULE): remind secretaries of newly overdue assignments."""
    return services.overdue_mark_and_notify()


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3, time_limit=10 * 60)
def purge_import_uploads_task() -> int:
    """Hourly (CELERY_BEAT_SCHEDULE): delete uploaded workbooks no import needs any more."""
    from .imports.uploads import import_uploads_purge

    return import_uploads_purge()
