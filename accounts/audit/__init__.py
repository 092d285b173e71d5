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
    username: str | None = None,
) -> None:
    """Record one event. `action` is a dotted name (login.success, token.issue, object.update, export …);
    `target` a model instance, a model class (e.g. what an export listed) or None; `result` success /
    failure / denied; `rows` how many rows an import or export touched. Request context (client
    address, request id, channel, the logged-in user as actor) comes from `request` or the current
    request seen by the audit middleware. `username` names the account when there is no actor (a
    failed login). A success inside a transaction is written when it commits; a failure or denial
    is kept even when the request's transaction rolls back.
    """
    from .models import Result
    from .writer import record

    if result not in Result.values:
        raise ValueError(f"audit_log: result must be one of {Result.values}, got {result!r}")
    record(
        action,
        actor=actor,
        target=target,
        result=result,
        detail=detail,
        rows=rows,
        request=request,
        username=username,
    )


def suppress_object_events():
    """Context manager: no per-object events inside (an import records one event with `rows` instead)."""
    from .context import suppress_object_events as suppress

    return suppress()
