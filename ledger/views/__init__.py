"""The ledger's portal pages, split by who uses them."""

from .attachments import attachment_download
from .closures import period_close, period_list, period_reopen
from .home import home_cards
from .plans import (
    item_create,
    item_edit,
    plan_create,
    plan_detail,
    plan_list,
    plan_state,
    task_create,
    task_edit,
)
from .review import record_detail, record_review, review_bulk, review_queue
from .secretary import (
    assignment_detail,
    my_assignments,
    my_tasks,
    record_edit,
    record_submit,
)
from .summaries import overdue_list, summary

__all__ = [
    "assignment_detail",
    "attachment_download",
    "home_cards",
    "item_create",
    "item_edit",
    "my_assignments",
    "my_tasks",
    "overdue_list",
    "period_close",
    "period_list",
    "period_reopen",
    "plan_create",
    "plan_detail",
    "plan_list",
    "plan_state",
    "record_detail",
    "record_edit",
    "record_review",
    "record_submit",
    "review_bulk",
    "review_queue",
    "summary",
    "task_create",
    "task_edit",
]
