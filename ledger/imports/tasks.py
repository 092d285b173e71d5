"""Celery tasks for legacy ledger imports (filled in by the ledger import work)."""
