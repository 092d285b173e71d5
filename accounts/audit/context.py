"""Who, from where, in which request: the context audit_log reads, so services deep down need no request.

The audit middleware binds one AuditContext per request (Celery tasks bind one per task). Everything
else asks `current()`; outside any request or task an event's channel is "command".
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.urls import NoReverseMatch, reverse

from partybuild.client_address import client_address

from .models import Channel

# What a proxy or a client may send as X-Request-ID: short, and nothing that could forge a log line.
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{8,64}")
API_PREFIX = "/api/"


@dataclass
class AuditContext:
    """The request (or task) an event belongs to; `pending` holds failure events not yet written."""

    channel: str
    request_id: str = ""
    address: str = ""
    request: Any = None
    user: Any = None
    pending: list = field(default_factory=list)
    # (content type id, object id) of objects the admin's action log already recorded in this request.
    admin_logged: set = field(default_factory=set)
    denied_recorded: bool = False

    def current_user(self) -> Any:
        user = getattr(self.request, "user", None) if self.request is not None else self.user
        return user if user is not None and user.is_authenticated else None


_current: ContextVar[AuditContext | None] = ContextVar("audit_context", default=None)
_suppressed: ContextVar[int] = ContextVar("audit_object_events_suppressed", default=0)


def request_id_for(request) -> str:
    """The incoming X-Request-ID when it is sane (a proxy's id ties its log to ours), else a new one."""
    incoming = request.META.get("HTTP_X_REQUEST_ID", "")
    if _SANE_REQUEST_ID.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


def _admin_prefix() -> str:
    try:
        return reverse("admin:index")
    except NoReverseMatch:
        return "/admin/"


def channel_of(request) -> str:
    path = getattr(request, "path", "") or ""
    if path.startswith(_admin_prefix()):
        return Channel.ADMIN
    if path.startswith(API_PREFIX):
        return Channel.API
    return Channel.PAGE


def context_for_request(request) -> AuditContext:
    request = getattr(request, "_request", request)  # a DRF Request wraps Django's
    request_id = getattr(request, "request_id", "") or request_id_for(request)
    return AuditContext(
        channel=channel_of(request), request_id=request_id, address=client_address(request), request=request
    )


def current() -> AuditContext | None:
    return _current.get()


def context_of(request) -> AuditContext:
    """The bound context when `request` is the current request; otherwise one built from `request`."""
    bound = current()
    if request is None:
        return bound or AuditContext(channel=fallback_channel())
    request = getattr(request, "_request", request)
    if bound is not None and bound.request is request:
        return bound
    return context_for_request(request)


def fallback_channel() -> str:
    from celery import current_task

    return Channel.TASK if current_task else Channel.COMMAND


@contextmanager
def bind(context: AuditContext) -> Iterator[AuditContext]:
    """Make `context` current; on the way out, write the failure events a rollback took with it."""
    token = _current.set(context)
    try:
        yield context
    finally:
        try:
            for pending in context.pending:
                pending.write()
        finally:
            _current.reset(token)


@contextmanager
def suppress_object_events() -> Iterator[None]:
    """Inside: no per-object events (an import records one event with its row count instead)."""
    token = _suppressed.set(_suppressed.get() + 1)
    try:
        yield
    finally:
        _suppressed.reset(token)


def object_events_suppressed() -> bool:
    return _suppressed.get() > 0
