"""The daily reminder: each overdue assignment is notified once to its org's secretaries."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.notifications import Message, notifications_send_bulk
from accounts.selectors import secretary_users_by_org
from partybuild.periods import Period
from partybuild.text import quoted

from ..models import Assignment, RecordState


def _overdue_pending(today: date):
    """Overdue (AssignmentQuerySet.overdue) in a year in progress and an open quarter, not yet
    notified, org still active."""
    return (
        Assignment.objects.overdue(today)
        .open_years()
        .in_open_quarter()
        .filter(overdue_notified_at__isnull=True, organization__is_active=True)
        .with_status(today)
    )


@transaction.atomic
def overdue_mark_and_notify(*, today: date | None = None) -> int:
    """Notify secretaries of newly overdue assignments; returns how many assignments were marked."""
    today = today or timezone.localdate()
    assignments = list(
        _overdue_pending(today).select_related("task", "organization").select_for_update(of=("self",))
    )
    if not assignments:
        return 0
    secretaries = secretary_users_by_org({a.organization_id for a in assignments}, today=today)
    messages, reached = [], []
    for a in assignments:
        recipients = secretaries.get(a.organization_id, [])
        if not recipients:
            # Leave it unstamped: a secretary appointed later still gets the reminder.
            continue
        reached.append(a.pk)
        state = _("已被退回且未重新提交") if a.record_state == RecordState.RETURNED else _("尚未提交记录")
        values = {
            "org": a.organization,
            "task": a.task.title,
            "quoted_task": quoted(a.task.title),
            "period": Period.parse(a.period).label,
            "due": a.due_date,
            "state": state,
        }
        messages.extend(
            Message(
                user=user,
                title=_("台账任务已逾期：%(task)s（%(period)s）") % values,
                body=_(
                    "%(org)s的任务%(quoted_task)s（%(period)s）截止日期为 %(due)s，"
                    "目前%(state)s。请尽快登录台账系统提交完成情况和佐证材料。"
                )
                % values,
                url=_assignment_url(a),
                dedupe_key=f"ledger-overdue-{a.pk}",
            )
            for user in recipients
        )
    notifications_send_bulk(messages)
    # A reminder stamp is bookkeeping, not a business change: a plain UPDATE, no history rows.
    return Assignment.objects.filter(pk__in=reached).update(overdue_notified_at=timezone.now())


def _assignment_url(assignment: Assignment) -> str:
    try:
        return reverse("ledger:assignment_detail", args=[assignment.pk])
    except NoReverseMatch:  # the portal pages are optional for the reminder itself
        return "/ledger/"
