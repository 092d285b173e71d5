"""Reads of background exports: a user sees their own jobs and nobody else's."""

from __future__ import annotations

from django.db.models import QuerySet

from .. import authz
from ..models import ExportJob, User


def export_jobs_of(user: User) -> QuerySet[ExportJob]:
    """The user's own export jobs, newest first (none for a role that may not export)."""
    if not authz.may(user, "accounts.view_exportjob"):
        return ExportJob.objects.none()
    return ExportJob.objects.filter(requested_by=user).order_by("-created_at", "-id")
