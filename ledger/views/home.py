"""The ledger's part of each role's home page, loaded into templates/ledger/_home_cards.html by htmx.

A secretary sees what to do now, each task with its submit button (the first tap of the minute from
login to a submitted record); committee staff the review queue and overdue cards; the reporting
client this year's summary. Other roles get nothing here (accounts/home.html has their part).
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import authz

from .. import selectors
from ..models import Status
from .secretary import with_actions, with_latest_record
from .summaries import totals_of

# About a phone's first screen; the rest is one tap away on 我的任务.
HOME_TASKS = 10
_OPEN = (Status.RETURNED, Status.OVERDUE, Status.NOT_STARTED)
# Overdue first, then this month's, then returned records to correct; closed quarters (read-only) last.
_URGENCY = Case(
    When(status=Status.OVERDUE, then=Value(0)),
    When(status=Status.NOT_STARTED, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def _secretary_tasks(user, today: date) -> dict:
    """Overdue, this month's and returned tasks; the counts come from the same rows."""
    todo = selectors.assignments_due_for_secretary(user, today=today).filter(status__in=_OPEN)
    counts = todo.aggregate(
        total=Count("pk"),
        returned=Count("pk", filter=Q(status=Status.RETURNED)),
        overdue=Count("pk", filter=Q(status=Status.OVERDUE)),
        this_month=Count("pk", filter=Q(status=Status.NOT_STARTED)),
    )
    rows = with_actions(
        with_latest_record(todo)
        .with_closed_quarter()
        .annotate(urgency=_URGENCY)
        .order_by("in_closed_quarter", "urgency", "due_date", "task__item__seq", "task__seq", "pk")[
            :HOME_TASKS
        ],
        today,
    )
    return {
        "rows": rows,
        "counts": counts,
        "more": max(counts["total"] - len(rows), 0),
        "many_orgs": len({row.organization_id for row in rows}) > 1,
    }


def _staff_cards(user, today: date) -> list[dict]:
    overdue = selectors.overdue_totals(user, today=today)
    cards = [
        (_("待审核记录"), selectors.review_queue(user).count(), "ledger:review_queue", "warning"),
        (_("逾期任务"), overdue["tasks"], "ledger:overdue_list", "danger"),
        (_("有逾期的党组织"), overdue["orgs"], "ledger:overdue_list", "secondary"),
    ]
    return [{"label": c[0], "value": c[1], "url": reverse(c[2]), "colour": c[3]} for c in cards]


def _six_systems_cards(user, today: date) -> dict:
    """The six systems' part of a secretary's home: their own 谈话待办, bulletins unread, rectification
    items open, their latest 实绩档案. Imported here, not at the top: activities builds on the ledger, not
    the other way round."""
    from activities.selectors.archive import own_archives
    from activities.selectors.bulletins import secretary_home_counts
    from activities.selectors.vetting import own_talks_due

    return {
        "talks_due": list(own_talks_due(user, today=today)[:5]),
        "six": secretary_home_counts(user, today=today),
        "my_archive": own_archives(user).first(),
    }


def _year_summary(user, today: date) -> dict:
    rows = selectors.rollup(user, year=today.year, by="item", today=today)
    return {"year": today.year, "rows": rows, "totals": totals_of(rows) if rows else None}


@login_required
def home_cards(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    context: dict = {"today": today}
    if authz.is_secretary(user):
        context["secretary"] = _secretary_tasks(user, today)
        context.update(_six_systems_cards(user, today))
    if authz.is_committee_staff(user):
        context["staff_cards"] = _staff_cards(user, today)
    if authz.is_reporting(user):
        context["summary"] = _year_summary(user, today)
    return render(request, "ledger/_home_cards_body.html", context)
