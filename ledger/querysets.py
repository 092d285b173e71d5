"""The ledger's notions, each defined once, as QuerySet methods on Assignment.

Every page, job, export and API endpoint reads these; none re-derives them:

- the status users see (`with_status`, `status_expression`): accepted and submitted come from the
  record; otherwise a past due date makes it OVERDUE — also when the record was returned and not
  resubmitted in time ("overdue" wins over "returned"); a returned record still within its due date
  is RETURNED; the rest is NOT_STARTED. Each assignment has exactly one status, so the columns of a
  summary add up to its total.
- `overdue(today)`: due before today and not done (no record, or a returned one). The same rows have
  status OVERDUE, are listed on the overdue page, counted on the home cards and in the rollup's 已逾期,
  and get the reminder.
- `due_this_month(today)`: due in today's calendar month, whatever its state.
- `in_closed_quarter()` / `in_open_quarter()` / `with_closed_quarter()`: due in a quarter that is
  (not) closed (PeriodClosure); such an assignment's record is read-only.
- `open_years()`: in a year whose ledger is not archived (Plan.state): today's work. An archived year
  counts in its own year's summaries, never in reminders, overdue lists, home cards or "我的任务".
- `rollup_counts()`: the raw grouped scan the summary table (AssignmentRollup) holds.
- `outcome_conditions()` / `with_outcome(name)`: how an assignment ended up, as the assessment's ledger
  component counts it — on time, late (by the first submission's day against the due date), returned,
  missing (no record) — so the list a score links to shows exactly the rows it counted.
"""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import BooleanField, Case, CharField, Count, ExpressionWrapper, F, Q, Value, When
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from partybuild.periods import MONTH, Period, quarter_of

# Values of models.RecordState / models.Status / models.PlanState (models.py imports this module).
NONE, SUBMITTED, RETURNED, ACCEPTED = "none", "submitted", "returned", "accepted"
NOT_STARTED, OVERDUE = "not_started", "overdue"
DONE = (SUBMITTED, ACCEPTED)
ROLLUP_KEY = ("organization_id", "task__item_id", "period", "due_date")


def _today(today: date | None) -> date:
    return today or timezone.localdate()


def record_state_expression() -> Coalesce:
    """The state of the assignment's record, `none` when it has none."""
    return Coalesce(F("record__state"), Value(NONE), output_field=CharField())


def status_expression(today: date | None = None) -> Case:
    """SQL for the status users see (see the module's docstring for the rule)."""
    today = _today(today)
    return Case(
        When(record__state=ACCEPTED, then=Value(ACCEPTED)),
        When(record__state=SUBMITTED, then=Value(SUBMITTED)),
        When(due_date__lt=today, then=Value(OVERDUE)),
        When(record__state=RETURNED, then=Value(RETURNED)),
        default=Value(NOT_STARTED),
        output_field=CharField(),
    )


def not_done_q() -> Q:
    """No record, or a returned one: the work is still owed."""
    return Q(record__isnull=True) | Q(record__state=RETURNED)


def overdue_q(today: date | None = None) -> Q:
    """Due before today and not done: the condition `overdue()` filters by."""
    return not_done_q() & Q(due_date__lt=_today(today))


def due_this_month_q(today: date | None = None) -> Q:
    """Due in today's calendar month: the condition `due_this_month()` filters by."""
    month = Period.containing(_today(today), MONTH)
    return Q(due_date__gte=month.start, due_date__lte=month.end)


OUTCOMES = ("on_time", "late", "returned", "missing")


def first_submitted_day() -> TruncDate:
    """The first submission's local calendar day (Asia/Shanghai), to hold against the due date."""
    return TruncDate("record__first_submitted_at")


def outcome_conditions() -> dict[str, Q]:
    """OUTCOMES as conditions on a queryset aliased with `first_day` (first_submitted_day)."""
    done = Q(record__state__in=DONE)
    return {
        "on_time": done & Q(first_day__lte=F("due_date")),
        "late": done & Q(first_day__gt=F("due_date")),
        "returned": Q(record__state=RETURNED),
        "missing": Q(record__isnull=True),
    }


def closed_quarter_q() -> Q:
    """Due dates inside a closed quarter (a handful of closures: one date range each)."""
    from .models import PeriodClosure

    condition = Q(pk__in=[])
    for code in PeriodClosure.objects.filter(is_closed=True).values_list("period", flat=True):
        quarter = Period.parse(code)
        condition |= Q(due_date__gte=quarter.start, due_date__lte=quarter.end)
    return condition


class AssignmentQuerySet(models.QuerySet):
    def with_status(self, today: date | None = None) -> AssignmentQuerySet:
        """Annotate `record_state` (the record's, or `none`) and `status` (what users see)."""
        return self.annotate(record_state=record_state_expression(), status=status_expression(today))

    def with_outcome(self, name: str) -> AssignmentQuerySet:
        """Only the assignments whose outcome (OUTCOMES) is `name`."""
        return self.alias(first_day=first_submitted_day()).filter(outcome_conditions()[name])

    def done(self) -> AssignmentQuerySet:
        """A record awaits review or was accepted."""
        return self.filter(record__state__in=DONE)

    def not_done(self) -> AssignmentQuerySet:
        return self.filter(not_done_q())

    def overdue(self, today: date | None = None) -> AssignmentQuerySet:
        """Due before today and not done: no record, or a returned one not resubmitted."""
        return self.filter(overdue_q(today))

    def due_this_month(self, today: date | None = None) -> AssignmentQuerySet:
        return self.filter(due_this_month_q(today))

    def in_closed_quarter(self) -> AssignmentQuerySet:
        return self.filter(closed_quarter_q())

    def in_open_quarter(self) -> AssignmentQuerySet:
        return self.exclude(closed_quarter_q())

    def with_closed_quarter(self) -> AssignmentQuerySet:
        """Annotate `in_closed_quarter` (True when due in a closed quarter: its record is read-only)."""
        condition = closed_quarter_q()
        if condition == Q(pk__in=[]):
            return self.annotate(in_closed_quarter=Value(False, output_field=BooleanField()))
        return self.annotate(in_closed_quarter=ExpressionWrapper(condition, output_field=BooleanField()))

    def open_years(self) -> AssignmentQuerySet:
        """In a year whose ledger is in progress (not archived)."""
        return self.filter(task__item__plan__state="active")

    def rollup_counts(self):
        """Counts per (org, item, period, due date) by record state: what AssignmentRollup holds."""
        # The first submission's local calendar day against the due date (both Asia/Shanghai).
        first_day = TruncDate("record__first_submitted_at")
        done = Q(record__state__in=DONE)
        return (
            self.order_by()
            .alias(first_day=first_day)
            .values(*ROLLUP_KEY)
            .annotate(
                total=Count("pk"),
                unsubmitted=Count("pk", filter=Q(record__isnull=True)),
                submitted=Count("pk", filter=Q(record__state=SUBMITTED)),
                returned=Count("pk", filter=Q(record__state=RETURNED)),
                accepted=Count("pk", filter=Q(record__state=ACCEPTED)),
                on_time=Count("pk", filter=done & Q(first_day__lte=F("due_date"))),
                late=Count("pk", filter=done & Q(first_day__gt=F("due_date"))),
            )
        )


def is_in_closed_quarter(day: date) -> bool:
    """Whether a due date lies in a closed quarter (the services' single-row check)."""
    from .models import PeriodClosure

    return PeriodClosure.objects.filter(period=quarter_of(day).code, is_closed=True).exists()
