"""Reads of the ledger, each scoped to the user; status is computed here, never stored."""

from __future__ import annotations

from datetime import date

from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import authz
from accounts.models import OrgGroupRule, User
from accounts.selectors import organizations_for_phrase
from partybuild.periods import QUARTER, YEAR, Period

from .models import Assignment, PeriodClosure, Plan, Record, RecordState, Status, Task

ROLLUP_BY = ("item", "org", "period")


def _today(today: date | None) -> date:
    return today or timezone.localdate()


def _has_business_access(user: User) -> bool:
    """Committee staff, the reporting client and secretaries; a party member sees no ledger (党员只看自己)."""
    return authz.has_business_access(user)


def _scope_q(user: User, field: str = "organization") -> Q:
    return authz.business_scope(user).q(field)


def status_expression(today: date | None = None) -> Case:
    """SQL for the status users see: the record's state first, then the due date decides overdue."""
    today = _today(today)
    return Case(
        When(record_state=RecordState.ACCEPTED, then=Value(Status.ACCEPTED)),
        When(record_state=RecordState.RETURNED, then=Value(Status.RETURNED)),
        When(record_state=RecordState.SUBMITTED, then=Value(Status.SUBMITTED)),
        When(due_date__lt=today, then=Value(Status.OVERDUE)),
        default=Value(Status.NOT_STARTED),
        output_field=CharField(),
    )


def plans_visible_to(user: User) -> QuerySet[Plan]:
    """Plans are the committee's public agenda: anyone with business access reads them all."""
    if not _has_business_access(user):
        return Plan.objects.none()
    return Plan.objects.all()


def tasks_visible_to(user: User) -> QuerySet[Task]:
    tasks = Task.objects.select_related("item__plan").prefetch_related(
        "responsible_orgs", "responsible_groups"
    )
    if not _has_business_access(user):
        return tasks.none()
    if authz.reads_every_org(user):
        return tasks
    mine = Assignment.objects.filter(_scope_q(user)).values("task_id")
    return tasks.filter(pk__in=mine)


def assignments_visible_to(user: User, *, today: date | None = None) -> QuerySet[Assignment]:
    assignments = Assignment.objects.select_related("task__item__plan", "organization").annotate(
        status=status_expression(today)
    )
    if not _has_business_access(user):
        return assignments.none()
    return assignments.filter(_scope_q(user))


def assignments_due_for_secretary(user: User, *, today: date | None = None) -> QuerySet[Assignment]:
    """What needs doing now: due this month, plus anything past due and not yet accepted."""
    today = _today(today)
    month = Period.containing(today, "M")
    return (
        assignments_visible_to(user, today=today)
        .filter(
            Q(due_date__gte=month.start, due_date__lte=month.end)
            | Q(due_date__lt=today) & ~Q(record_state=RecordState.ACCEPTED)
        )
        .order_by("due_date", "task__item__seq", "task__seq", "organization__path")
    )


def records_visible_to(user: User) -> QuerySet[Record]:
    records = Record.objects.select_related(
        "assignment__task__item__plan", "organization", "submitted_by", "reviewed_by"
    ).prefetch_related("attachments")
    if not _has_business_access(user):
        return records.none()
    return records.filter(_scope_q(user))


def review_queue(user: User) -> QuerySet[Record]:
    """Submitted records waiting for committee staff, oldest first; nobody else reviews."""
    if not authz.may(user, "ledger.review_record"):
        return Record.objects.none()
    return (
        records_visible_to(user)
        .filter(authz.staff_scope(user).q())
        .filter(state=RecordState.SUBMITTED)
        .order_by("submitted_at", "pk")
    )


def overdue_assignments(user: User, *, today: date | None = None) -> QuerySet[Assignment]:
    today = _today(today)
    return assignments_visible_to(user, today=today).filter(
        Q(status=Status.OVERDUE) | Q(status=Status.RETURNED, due_date__lt=today)
    )


def _period_range(year: int, period: str | None) -> tuple[date, date]:
    if not period:
        p = Period(year, YEAR)
    else:
        p = Period.parse(period)
        if p.year != year:
            raise ValueError(_("期间 %(period)s 不属于 %(year)s 年") % {"period": period, "year": year})
    return p.start, p.end


_GROUPINGS = {
    "item": (("task__item_id", "task__item__title", "task__item__seq"), ("task__item__seq", "task__item_id")),
    "org": (("organization_id", "organization__name", "organization__path"), ("organization__path",)),
    "period": (("period",), ("period",)),
}


def rollup(
    user: User, *, year: int, period: str | None = None, by: str = "item", today: date | None = None
) -> list[dict]:
    """Counts per item, org or period in ONE grouped query over assignments due in the period."""
    if by not in _GROUPINGS:
        raise ValueError(_("by 必须是 %(choices)s 之一") % {"choices": _("、").join(ROLLUP_BY)})
    today = _today(today)
    start, end = _period_range(year, period)
    fields, ordering = _GROUPINGS[by]
    done = (RecordState.SUBMITTED, RecordState.ACCEPTED)
    # Compare the submission's local calendar day with the due date (both in Asia/Shanghai).
    on_time = Q(record_state__in=done, submitted_day__lte=F("due_date"))
    late = Q(record_state__in=done, submitted_day__gt=F("due_date"))
    overdue = Q(record_state=RecordState.NONE, due_date__lt=today)
    rows = (
        assignments_visible_to(user, today=today)
        .filter(due_date__gte=start, due_date__lte=end)
        .alias(submitted_day=TruncDate("submitted_at"))
        .values(*fields)
        .annotate(
            total=Count("pk"),
            accepted=Count("pk", filter=Q(record_state=RecordState.ACCEPTED)),
            submitted=Count("pk", filter=Q(record_state=RecordState.SUBMITTED)),
            returned=Count("pk", filter=Q(record_state=RecordState.RETURNED)),
            overdue=Count("pk", filter=overdue),
            not_started=Count("pk", filter=Q(record_state=RecordState.NONE, due_date__gte=today)),
            on_time=Count("pk", filter=on_time),
            late=Count("pk", filter=late),
            missing=Count(
                "pk", filter=overdue & ~Q(Exists(Record.objects.filter(assignment=OuterRef("pk"))))
            ),
        )
        .order_by(*ordering)
    )
    return [_rollup_row(by, row) for row in rows]


def _rollup_row(by: str, row: dict) -> dict:
    if by == "item":
        key, label = row.pop("task__item_id"), row.pop("task__item__title")
        row.pop("task__item__seq")
    elif by == "org":
        key, label = row.pop("organization_id"), row.pop("organization__name")
        row.pop("organization__path")
    else:
        key = row.pop("period")
        label = Period.parse(key).label
    total = row["total"]
    rate = round(row["accepted"] * 100 / total, 1) if total else 0.0
    return {"key": key, "label": label, **row, "completion_rate": rate}


def period_is_closed(period_code: str | date) -> bool:
    """Whether the quarter a code (or a day) belongs to is closed; a half-year or year if any quarter is."""
    if isinstance(period_code, date):
        codes = [Period.containing(period_code, QUARTER).code]
    else:
        period = Period.parse(period_code)
        if period.kind == QUARTER:
            codes = [period.code]
        else:
            first = Period.containing(period.start, QUARTER)
            last = Period.containing(period.end, QUARTER)
            codes = [Period(period.year, QUARTER, i).code for i in range(first.index, last.index + 1)]
    return PeriodClosure.objects.filter(period__in=codes, is_closed=True).exists()


def closed_periods() -> set[str]:
    return set(PeriodClosure.objects.filter(is_closed=True).values_list("period", flat=True))


def closures_visible_to(user: User) -> QuerySet[PeriodClosure]:
    """Which quarters are closed is not org data: anyone with business access reads it."""
    closures = PeriodClosure.objects.select_related("changed_by")
    return closures if _has_business_access(user) else closures.none()


def responsible_org_ids(user: User, tasks) -> dict[int, list[int]]:
    """Who owes each task, among the orgs the user sees: the named orgs plus every org each group phrase
    stands for (accounts.selectors.organizations_for_phrase). Ids only and set-based, whatever the sizes:
    one query for the named orgs of all the tasks, one per distinct phrase among them.

    Needs `responsible_groups` prefetched on the tasks (a few rows).
    """
    tasks = list(tasks)
    owed: dict[int, set[int]] = {task.pk: set() for task in tasks}
    if not owed:
        return {}
    scope = authz.business_scope(user)
    named = (
        Task.responsible_orgs.through.objects.filter(task_id__in=owed)
        .filter(scope.q("organization"))
        .values_list("task_id", "organization_id")
    )
    for task_id, org_id in named:
        owed[task_id].add(org_id)
    by_rule: dict[int, tuple[OrgGroupRule, list[int]]] = {}
    for task in tasks:
        for rule in task.responsible_groups.all():
            by_rule.setdefault(rule.pk, (rule, []))[1].append(task.pk)
    for rule, task_ids in by_rule.values():
        org_ids = set(organizations_for_phrase(rule).filter(scope.q("")).values_list("pk", flat=True))
        for task_id in task_ids:
            owed[task_id] |= org_ids
    return {task_id: sorted(org_ids) for task_id, org_ids in owed.items()}
