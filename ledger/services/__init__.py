"""Every write to the ledger. Views, API, admin actions, imports and tasks call these."""

from .attachments import EvidenceIntegrityError, attachment_open_verified, attachment_validate
from .overdue import overdue_mark_and_notify
from .periods import period_close, period_reopen
from .plans import (
    assignments_generate,
    item_create,
    item_update,
    plan_create,
    plan_update,
    task_create,
    task_organizations,
    task_periods,
    task_update,
)
from .quotas import attachments_check_request, evidence_bytes_used
from .records import record_review, record_submit, record_update, records_review_bulk
from .year import PlanCopy, plan_copy, plan_copy_preview

__all__ = [
    "PlanCopy",
    "EvidenceIntegrityError",
    "assignments_generate",
    "attachment_open_verified",
    "attachment_validate",
    "attachments_check_request",
    "evidence_bytes_used",
    "item_create",
    "item_update",
    "overdue_mark_and_notify",
    "period_close",
    "period_reopen",
    "plan_copy",
    "plan_copy_preview",
    "plan_create",
    "plan_update",
    "record_review",
    "record_submit",
    "record_update",
    "records_review_bulk",
    "task_create",
    "task_organizations",
    "task_periods",
    "task_update",
]
