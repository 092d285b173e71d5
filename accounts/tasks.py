"""Celery jobs of accounts: thin wrappers around services (each is also a management command)."""

from celery import shared_task

from .services.roles import role_assignments_expire


@shared_task
def role_assignments_expire_task() -> int:
    return role_assignments_expire()


@shared_task(name="accounts.tasks.export_job_task", acks_late=True)
def export_job_task(job_id: int) -> str:
    """Write one queued export; returns its final state (a failure is kept on the job, not raised)."""
    from .exports.services import export_job_run

    return export_job_run(job_id=job_id).state


@shared_task(name="accounts.tasks.purge_export_jobs_task")
def purge_export_jobs_task() -> int:
    """Hourly (CELERY_BEAT_SCHEDULE): delete exports older than EXPORT_MAX_AGE_HOURS."""
    from .exports.services import export_jobs_purge

    return export_jobs_purge()
