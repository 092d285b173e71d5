"""Celery jobs of the assessments: thin wrappers around assessments.scheme (compute, services).

A run is split into chunks of orgs; `dispatch_assessment_run` sends them as a group, each chunk task
computes its orgs in one transaction, and the task that finishes the last chunk sends the combination
step (ranking, quota, flags): a chord whose counter is the chunk rows in the database, so it needs no
result backend and survives a killed worker (acks_late: the chunk is delivered again, finds its rows
or writes them, and the run completes). Tasks retry only transient database errors.
"""

from __future__ import annotations

from celery import group, shared_task
from django.db import OperationalError
from django.utils import timezone

_TRANSIENT = {"autoretry_for": (OperationalError,), "retry_backoff": True, "max_retries": 5}


@shared_task(acks_late=True, soft_time_limit=25 * 60, time_limit=30 * 60, **_TRANSIENT)
def compute_assessments(year: int, period: str | None = None, reason: str = "") -> int:
    """Start a run of `period` (default: the year) and send its chunks; returns the run id."""
    from assessments.scheme.services import assessment_run_start

    run = assessment_run_start(actor=None, year=year, period=period, reason=reason)
    dispatch_assessment_run.delay(run.pk)
    return run.pk


@shared_task(acks_late=True, soft_time_limit=9 * 60, time_limit=10 * 60, **_TRANSIENT)
def dispatch_assessment_run(run_id: int) -> int:
    """Send the run's chunks not done yet as a group (or the combination step when none is left)."""
    from assessments.models import AssessmentRunChunk

    pending = list(
        AssessmentRunChunk.objects.filter(run_id=run_id, done_at__isnull=True)
        .order_by("index")
        .values_list("index", flat=True)
    )
    if not pending:
        finalize_assessment_run.delay(run_id)
        return 0
    group(compute_assessment_chunk.s(run_id, index) for index in pending).apply_async()
    return len(pending)


@shared_task(acks_late=True, soft_time_limit=25 * 60, time_limit=30 * 60, **_TRANSIENT)
def compute_assessment_chunk(run_id: int, index: int) -> bool:
    """One chunk in one transaction; the task finishing the last chunk sends the combination step."""
    from assessments.scheme import compute

    try:
        done = compute.compute_chunk(run_id, index)
    except OperationalError:
        raise
    except Exception as error:
        _fail(run_id, error)
        raise
    if compute.chunks_left(run_id) == 0:
        finalize_assessment_run.delay(run_id)
    return done


@shared_task(acks_late=True, soft_time_limit=9 * 60, time_limit=10 * 60, **_TRANSIENT)
def finalize_assessment_run(run_id: int) -> bool:
    """Rank, grade, apply the quota and flag, over all the run's results (idempotent)."""
    from assessments.scheme import compute

    return compute.finalize_run(run_id)


@shared_task(acks_late=True, soft_time_limit=9 * 60, time_limit=10 * 60, **_TRANSIENT)
def compute_due_assessments() -> list[int]:
    """By beat on the 5th of January, April, July and October: the periods that just ended."""
    from assessments.scheme.services import periods_due

    return [compute_assessments(year, code) for year, code in periods_due(timezone.localdate())]


def _fail(run_id: int, error: Exception) -> None:
    from assessments.models import AssessmentRun, RunState

    AssessmentRun.objects.filter(pk=run_id, state=RunState.COMPUTING).update(
        state=RunState.FAILED, error=f"{type(error).__name__}: {error}"[:2000], updated_at=timezone.now()
    )
