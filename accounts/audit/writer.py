"""audit_log's body: snapshot the event now, write it now, at commit, or at the end of the request.

- Outside a transaction: written at once.
- A success inside a transaction: written when it commits (transaction.on_commit), so a rolled-back
  change leaves no event, and the chain head is locked for a moment, not for the whole business
  transaction (which would serialize every audited write and invite deadlocks).
- A failure or denial inside a transaction: written at commit too, and if the transaction rolls back
  instead, by the request's (or task's) context on its way out — the request fails, the event stays.
  The audit middleware and the Celery task hooks bind such a context; outside one (a bare command),
  a failure inside a rolled-back transaction is lost with it, so commands record failures after it.
"""

from __future__ import annotations

import getpass
import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone, translation

from accounts import authz

from . import chain
from .context import AuditContext, context_of, current
from .models import Channel, Result


class _Pending:
    """A failure event waiting for its transaction: written once, by the commit or the context exit."""

    def __init__(self, fields: dict) -> None:
        self.fields = fields
        self.written = False

    def write(self) -> None:
        if not self.written:
            chain.append(self.fields)
            self.written = True


def _in_business_transaction() -> bool:
    # The atomic blocks a test case wraps each test in do not count: they never commit.
    connection = transaction.get_connection()
    return any(not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


def _target_fields(target: Any) -> dict:
    if target is None:
        return {"object_type": None, "object_id": "", "object_repr": ""}
    if isinstance(target, type) and issubclass(target, models.Model):
        model = target
        return {
            "object_type": ContentType.objects.get_for_model(model),
            "object_id": "",
            "object_repr": str(model._meta.verbose_name)[:200],
        }
    return {
        "object_type": ContentType.objects.get_for_model(target),
        "object_id": str(target.pk if target.pk is not None else "")[:64],
        "object_repr": str(target)[:200],
    }


def _json(detail: dict | None) -> dict:
    # What the JSON column will give back, so the hash computed now is the hash verified later.
    return json.loads(json.dumps(detail or {}, cls=DjangoJSONEncoder, ensure_ascii=False))


def _roles(actor: Any) -> str:
    return "、".join(authz.role_names(actor))[:200] if actor is not None else ""


def snapshot(
    action: str,
    *,
    context: AuditContext,
    actor: Any = None,
    target: Any = None,
    result: str = Result.SUCCESS,
    detail: dict | None = None,
    rows: int | None = None,
    username: str | None = None,
    object_fields: dict | None = None,
) -> dict:
    """The event's fields as they are now (actor's roles, time), ready for chain.append."""
    if actor is None:
        actor = context.current_user()
    elif not getattr(actor, "is_authenticated", False):  # AnonymousUser
        actor = None
    # Stored in the site's language whatever the user picked: role names, model names, messages.
    with translation.override(settings.LANGUAGE_CODE):
        return _fields(action, context, actor, target, result, detail, rows, username, object_fields)


def os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name in some containers
        return ""


def _fields(action, context, actor, target, result, detail, rows, username, object_fields) -> dict:
    detail = _json(detail)
    if context.channel == Channel.COMMAND and actor is None:
        detail.setdefault("os_user", os_user())  # who ran the command on the server
    return {
        "time": timezone.now(),
        "actor": actor,
        "actor_username": (actor.get_username() if actor else (username or ""))[:150],
        "roles": _roles(actor),
        "address": (context.address or "")[:64],
        "channel": context.channel,
        "action": action[:64],
        "result": result,
        "detail": detail,
        "rows": rows,
        "request_id": context.request_id[:64],
        **(object_fields if object_fields is not None else _target_fields(target)),
    }


def dispatch(fields: dict, *, skip: Callable[[], bool] | None = None) -> None:
    """Write the event now or when its transaction ends (see the module docstring)."""

    def write() -> None:
        if skip is None or not skip():
            chain.append(fields)

    if not _in_business_transaction():
        write()
        return
    bound = current()
    # Outside any request or task context nothing outlives a rollback: such an event waits for the commit.
    if fields["result"] == Result.SUCCESS or bound is None:
        transaction.on_commit(write)
        return
    pending = _Pending(fields)
    bound.pending.append(pending)
    transaction.on_commit(pending.write)


def record(
    action: str,
    *,
    actor: Any = None,
    target: Any = None,
    result: str = Result.SUCCESS,
    detail: dict | None = None,
    rows: int | None = None,
    request: Any = None,
    username: str | None = None,
) -> None:
    context = context_of(request)
    fields = snapshot(
        action,
        context=context,
        actor=actor,
        target=target,
        result=result,
        detail=detail,
        rows=rows,
        username=username,
    )
    dispatch(fields)
