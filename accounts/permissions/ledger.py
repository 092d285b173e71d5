"""The ledger (台账): plans, tasks, assignments, records and their evidence, imports, summaries."""

from __future__ import annotations

import rules

from .. import authz
from .predicates import deny, has_business_access, in_business_scope, in_staff_scope, in_write_scope, is_staff

RULES = {
    # The ledger
    "ledger.view_plan": has_business_access,
    # The plan pages show every org's progress on each task: for those who read every org.
    "ledger.view_plan_progress": rules.predicate(authz.reads_every_org),
    "ledger.add_plan": is_staff,
    "ledger.change_plan": is_staff,
    "ledger.delete_plan": deny,
    "ledger.view_item": has_business_access,
    "ledger.add_item": is_staff,
    "ledger.change_item": is_staff,
    "ledger.delete_item": deny,
    "ledger.view_task": has_business_access,
    "ledger.add_task": is_staff,
    "ledger.change_task": is_staff,
    "ledger.delete_task": deny,
    "ledger.view_assignment": in_business_scope,
    "ledger.view_record": in_business_scope,
    "ledger.add_record": in_write_scope,
    "ledger.change_record": in_write_scope,
    "ledger.review_record": in_staff_scope,
    "ledger.delete_record": deny,
    "ledger.view_attachment": in_business_scope,
    "ledger.view_periodclosure": has_business_access,
    "ledger.close_period": is_staff,
    "ledger.view_ledgerimport": is_staff,
    "ledger.add_ledgerimport": is_staff,
    "ledger.view_summary": has_business_access,
    "ledger.export_ledger": has_business_access,
    "ledger.view_overdue": is_staff,
    "ledger.submit_own_tasks": authz.is_secretary,
}
