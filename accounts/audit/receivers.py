"""Events nobody has to remember to record: logins, logouts, lockouts, every history row, the admin log.

- Logins: Django's user_logged_in / user_login_failed / user_logged_out signals (the portal, the admin
  and the API token endpoint all send them); the request path tells the channel apart.
- Lockouts: django-axes' user_locked_out.
- Services: django-simple-history's post_create_historical_record fires for every history row a save or
  delete writes; bulk writes (imports) send none and record one event with a row count instead.
- Admin: every LogEntry the admin writes (add, change, delete, bulk delete) is mirrored. An object the
  admin logged in this request gets no second event from its history row.
- Celery: each task runs in its own context (channel "task", the task id as request id).
"""

from __future__ import annotations

import functools

from celery.signals import task_postrun, task_prerun
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntryManager
from django.contrib.auth import get_user_model
from django.contrib.auth.models import update_last_login
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.contrib.contenttypes.models import ContentType
from simple_history.signals import post_create_historical_record

from . import audit_log
from .context import (
    AuditContext,
    _current,
    context_of,
    current,
    object_events_suppressed,
    suppress_object_events,
)
from .models import Channel, Result
from .writer import dispatch, snapshot

HISTORY_ACTIONS = {"+": "object.create", "~": "object.update", "-": "object.delete"}
ADMIN_ACTIONS = {ADDITION: "admin.add", CHANGE: "admin.change", DELETION: "admin.delete"}


def _django_request(request):
    return getattr(request, "_request", request)


def on_logged_in(sender, request=None, user=None, **kwargs) -> None:
    audit_log("login.success", actor=user, request=_django_request(request))


def on_login_failed(sender, credentials=None, request=None, **kwargs) -> None:
    username = str((credentials or {}).get(get_user_model().USERNAME_FIELD) or "")
    audit_log(
        "login.failure",
        result=Result.FAILURE,
        request=_django_request(request),
        username=username,
        detail={"username": username[:150]},
    )


def update_last_login_quietly(sender, user, **kwargs) -> None:
    """Django's last_login update, without an object.update event: the login event says it all."""
    with suppress_object_events():
        update_last_login(sender, user, **kwargs)


def on_logged_out(sender, request=None, user=None, **kwargs) -> None:
    audit_log("logout", actor=user, request=_django_request(request))


def on_locked_out(sender, request=None, username=None, ip_address=None, **kwargs) -> None:
    request = _django_request(request)
    audit_log(
        "login.lockout",
        result=Result.DENIED,
        request=request,
        username=username or "",
        detail={"username": (username or "")[:150]},
    )
    context = current()
    if context is not None and context.request is request:
        context.denied_recorded = True  # the 403 that follows is this lockout, not a second event


def on_history_row(sender, instance=None, history_instance=None, history_user=None, **kwargs) -> None:
    if object_events_suppressed() or instance is None:
        return
    action = HISTORY_ACTIONS.get(history_instance.history_type, "object.change")
    context = context_of(None)
    key = (ContentType.objects.get_for_model(instance).pk, str(instance.pk))
    detail = {"history_id": history_instance.pk}
    if history_instance.history_change_reason:
        detail["reason"] = str(history_instance.history_change_reason)
    fields = snapshot(action, context=context, actor=history_user, target=instance, detail=detail)
    # Checked when the event is written (at commit): the admin logs its LogEntry after the save.
    dispatch(fields, skip=lambda: key in context.admin_logged)


def mirror_admin_entries(entries) -> None:
    """One event per LogEntry the admin wrote, with its change message."""
    if object_events_suppressed():
        return
    context = context_of(None)
    users = {}
    for entry in entries:
        context.admin_logged.add((entry.content_type_id, str(entry.object_id)))
        actor = context.current_user()
        if actor is None or actor.pk != entry.user_id:
            if entry.user_id not in users:
                users[entry.user_id] = get_user_model().objects.filter(pk=entry.user_id).first()
            actor = users[entry.user_id]
        fields = snapshot(
            ADMIN_ACTIONS.get(entry.action_flag, "admin.change"),
            context=context,
            actor=actor,
            detail={"message": entry.get_change_message(), "log_entry_id": entry.pk},
            object_fields={
                "object_type": ContentType.objects.get_for_id(entry.content_type_id),
                "object_id": str(entry.object_id or "")[:64],
                "object_repr": entry.object_repr[:200],
            },
        )
        dispatch(fields)


def _mirrored(log_actions):
    @functools.wraps(log_actions)
    def wrapper(self, user_id, queryset, action_flag, change_message="", *, single_object=False):
        logged = log_actions(
            self, user_id, queryset, action_flag, change_message, single_object=single_object
        )
        mirror_admin_entries([logged] if single_object else list(logged))
        return logged

    wrapper.audit_mirrored = True
    return wrapper


_task_tokens: dict[str, object] = {}


def on_task_start(sender=None, task_id=None, task=None, **kwargs) -> None:
    outer = current()
    context = AuditContext(
        channel=Channel.TASK,
        request_id=(outer.request_id if outer else str(task_id or ""))[:64],
        address=outer.address if outer else "",
        user=outer.current_user() if outer else None,  # an eager task inside a request acts for its user
    )
    _task_tokens[str(task_id)] = _current.set(context)


def on_task_end(sender=None, task_id=None, **kwargs) -> None:
    token = _task_tokens.pop(str(task_id), None)
    if token is None:
        return
    context = _current.get()
    try:
        for pending in context.pending if context else []:
            pending.write()
    finally:
        _current.reset(token)


def connect() -> None:
    from axes.signals import user_locked_out

    if user_logged_in.disconnect(dispatch_uid="update_last_login"):
        user_logged_in.connect(update_last_login_quietly, dispatch_uid="update_last_login")
    user_logged_in.connect(on_logged_in, dispatch_uid="audit_login_success")
    user_login_failed.connect(on_login_failed, dispatch_uid="audit_login_failure")
    user_logged_out.connect(on_logged_out, dispatch_uid="audit_logout")
    user_locked_out.connect(on_locked_out, dispatch_uid="audit_lockout")
    post_create_historical_record.connect(on_history_row, dispatch_uid="audit_history_row")
    task_prerun.connect(on_task_start, dispatch_uid="audit_task_start", weak=False)
    task_postrun.connect(on_task_end, dispatch_uid="audit_task_end", weak=False)
    # The admin writes its log through this one manager method (one entry or many in bulk); Django
    # sends no signal for a bulk_create, so the method itself is wrapped, once.
    if not getattr(LogEntryManager.log_actions, "audit_mirrored", False):
        LogEntryManager.log_actions = _mirrored(LogEntryManager.log_actions)
