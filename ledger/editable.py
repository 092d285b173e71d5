"""Which fields of each ledger model a write may set: one list per model, used by the services (which
refuse anything else), the pages' forms, the API and the import writer alike."""

from __future__ import annotations

PLAN_FIELDS = ("title", "description")
ITEM_FIELDS = ("title", "seq")
# In the order the API lists them; the responsible orgs and groups are relations, set separately.
TASK_FIELDS = (
    "seq",
    "title",
    "standard",
    "deadline",
    "deadline_text",
    "recurrence",
    "weight",
    "level",
    "evidence_expected",
    "responsible_text",
    "notes",
    "activity_kind",
)
TASK_RELATIONS = ("responsible_orgs", "responsible_groups")
