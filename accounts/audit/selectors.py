"""Reads of the audit pages: the filtered events and the admin's action log, joins inside."""

from __future__ import annotations

from django.contrib.admin.models import LogEntry
from django.db.models import Q, QuerySet

from .forms import AdminLogFilterForm, AuditEventFilterForm
from .models import AuditEvent


def audit_events(form: AuditEventFilterForm) -> QuerySet[AuditEvent]:
    """Newest first; an invalid filter form filters nothing (the page shows its errors)."""
    events = AuditEvent.objects.select_related("object_type").order_by("-seq")
    if not form.is_valid():
        return events
    data = form.cleaned_data
    events = events.filter(**form.time_range("time"))
    if actor := data["actor"].strip():
        events = events.filter(actor_username__icontains=actor)
    if action := data["action"]:
        events = events.filter(Q(action=action) | Q(action__startswith=f"{action}."))
    if data["result"]:
        events = events.filter(result=data["result"])
    if address := data["address"].strip():
        events = events.filter(address__startswith=address)
    return events


def admin_log_entries(form: AdminLogFilterForm) -> QuerySet[LogEntry]:
    entries = LogEntry.objects.select_related("user", "content_type").order_by("-action_time", "-id")
    if not form.is_valid():
        return entries
    data = form.cleaned_data
    entries = entries.filter(**form.time_range("action_time"))
    if user := data["user"].strip():
        entries = entries.filter(user__username__icontains=user)
    if data["action_flag"]:
        entries = entries.filter(action_flag=data["action_flag"])
    return entries
