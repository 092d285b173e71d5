"""Every write to the ledger. Views, API, admin actions, imports and tasks call these."""

from .attachments import EvidenceIntegrityError, attachment_open_verified, attachment_validate, evidence_store
from .fills import fill_assignments, fill_proposals, fills_of, withdraw_fills
from .overdue import overdue_mark_and_notify
from .periods import period_close, period_reopen
from .plans import (
    assignments_generate,
    inherited_slots,
    item_create,
    item_update,
    periods_for,
    plan_archive,
    plan_create,
    plan_state_for_import,
    plan_unarchive,
    plan_update,
    task_create,
    task_organizations,
    task_periods,
    task_update,
)
from .quotas import attachments_check_request, evidence_bytes_used
from .records import record_review, record_submit, record_update, records_review_bulk
from .rollup import rollup_add_new, rollup_apply, rollup_rebuild, rollup_tracking
from .year import PlanCopy, plan_copy, plan_copy_preview

__all__ = [
    "PlanCopy",
    "EvidenceIntegrityError",
    "evidence_store",
    "fill_assignments",
    "fill_proposals",
    "fills_of",
    "withdraw_fills",
    "assignments_generate",
    "attachment_open_verified",
    "attachment_validate",
    "attachments_check_request",
    "evidence_bytes_used",
    "inherited_slots",
    "item_create",
    "item_update",
    "overdue_mark_and_notify",
    "period_close",
    "period_reopen",
    "periods_for",
    "plan_archive",
    "plan_copy",
    "plan_copy_preview",
    "plan_create",
    "plan_state_for_import",
    "plan_unarchive",
    "plan_update",
    "record_review",
    "record_submit",
    "record_update",
    "records_review_bulk",
    "rollup_add_new",
    "rollup_apply",
    "rollup_rebuild",
    "rollup_tracking",
    "task_create",
    "task_organizations",
    "task_periods",
    "task_update",
]
