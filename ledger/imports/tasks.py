"""Celery tasks for legacy ledger imports: take the LedgerImport id, call the service, nothing else."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from ..models import LedgerImport
from .importer import assignments_finish, ledger_import_process
from .materialize import assignments_step


@shared_task(name="ledger.imports.tasks.ledger_import_task", acks_late=True)
def ledger_import_task(import_id: int) -> str:
    """Preview or write one uploaded ledger (whichever stage it is at); returns the final status."""
    ledger_import = LedgerImport.objects.select_related("uploaded_by").get(pk=import_id)
    ledger_import_process(ledger_import=ledger_import)
    return ledger_import.status


# Idempotent (existing rows are skipped), so a retry after a dropped connection is safe.
@shared_task(
    name="ledger.imports.tasks.assignments_materialize_task",
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
)
def assignments_materialize_task(
    *, plan_id: int, task_ids: list[int], user_id: int | None = None, import_id: int | None = None
) -> int:
    """Write the assignments of an import's new tasks after it committed; returns how many.

    How the step went (running, succeeded, or failed with the error's text) is kept on the import.
    """
    with assignments_step(import_id):
        return assignments_finish(plan_id=plan_id, task_ids=task_ids, user_id=user_id, import_id=import_id)
