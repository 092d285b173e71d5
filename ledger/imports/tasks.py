"""Celery tasks for legacy ledger imports: take the LedgerImport id, call the service, nothing else."""

from __future__ import annotations

from celery import shared_task

from ..models import LedgerImport
from .importer import ledger_import_process


@shared_task(name="ledger.imports.tasks.ledger_import_task", acks_late=True)
def ledger_import_task(import_id: int) -> str:
    """Preview or write one uploaded ledger (whichever stage it is at); returns the final status."""
    ledger_import = LedgerImport.objects.select_related("uploaded_by").get(pk=import_id)
    ledger_import_process(ledger_import=ledger_import)
    return ledger_import.status
