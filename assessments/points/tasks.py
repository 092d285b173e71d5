"""Celery job of member points: a thin wrapper around the compute service, retried only on a lost
database connection."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError


@shared_task(
    name="assessments.points.tasks.compute_points_task",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=20 * 60,
    time_limit=25 * 60,
)
def compute_points_task(year: int, quarter: int, organization_ids: list[int] | None = None) -> int:
    """Compute a quarter's member points (all orgs, or `organization_ids`); returns the rows written."""
    from ..services.points import points_compute

    return points_compute(year=year, quarter=quarter, organization_ids=organization_ids)
