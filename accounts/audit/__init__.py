"""The audit trail (审计日志): one append-only, hash-chained table of who did what, when, from where.

Call `audit_log(...)` for every event an assessor expects to find. The sub-app `accounts.audit`
(label `audit`) owns the table, its triggers, `verify_audit` and the purge command.
"""

from __future__ import annotations

from typing import Any


def audit_log(
    action: str,
    *,
    actor: Any = None,
    target: Any = None,
    result: str = "success",
    detail: dict | None = None,
    rows: int | None = None,
    request: Any = None,
) -> None:
    """Record one event. `action` is a dotted name (login.success, token.issue, object.update, export …);
    `target` a model instance (or None); `result` success / failure / denied; `rows` how many rows an
    import or export touched. Request context (client address, request id, role) comes from `request`
    or the current request seen by the audit middleware.
    """
    # Placeholder until the audit table lands (same session); callers can rely on the signature.
    return None
