"""Celery jobs of accounts: thin wrappers around services (each is also a management command)."""

from celery import shared_task

from .services.roles import role_assignments_expire


@shared_task
def role_assignments_expire_task() -> int:
    return role_assignments_expire()
