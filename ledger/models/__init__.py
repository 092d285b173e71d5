"""The ledger (一本台账): a year's plan of items and tasks, who owes what in which period, and the
records that show it was done. "平时记帐、季度小结、年度汇总、年终总评"."""

from .imports import LEDGER_IMPORT_DIR, ImportStatus, LedgerImport, ledger_import_upload_to
from .plans import ActivityKind, Item, Plan, PlanState, Recurrence, Task, TaskLevel
from .records import (
    ActivityFill,
    Assignment,
    Attachment,
    PeriodClosure,
    Record,
    RecordState,
    Status,
    evidence_upload_to,
)
from .rollups import AssignmentRollup, RollupCounts, TopOrgRollup

__all__ = [
    "ActivityFill",
    "ActivityKind",
    "Assignment",
    "AssignmentRollup",
    "Attachment",
    "ImportStatus",
    "Item",
    "LEDGER_IMPORT_DIR",
    "LedgerImport",
    "PeriodClosure",
    "Plan",
    "PlanState",
    "Record",
    "RecordState",
    "Recurrence",
    "RollupCounts",
    "Status",
    "Task",
    "TaskLevel",
    "TopOrgRollup",
    "evidence_upload_to",
    "ledger_import_upload_to",
]
