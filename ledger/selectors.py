"""Reads of the ledger, each scoped to the user. The notions they use (status, overdue, due this month,
closed quarter, open years) are AssignmentQuerySet methods (ledger/querysets.py), never re-derived here."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time

from django.db.models import Count, F, Max, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts import authz
from accounts.models import Organization, OrgGroupRule, User
from accounts.selectors import organization_ids_visible_to, organizations_for_phrase
from partybuild.periods import YEAR, Period

from .models import Assignment, AssignmentRollup, Item, PeriodClosure, Plan, Record, RecordState, Status, Task
from .querysets import due_this_month_q, overdue_q, status_expression

ROLLUP_BY = ("item", "org", "period")
_CHUNK = 5000  # ids per IN (…) list: SQLite caps the parameters of one statement

__all__ = [
    "ROLLUP_BY",
    "ResponsibleOrgResolver",
    "assignments_due_for_secretary",
    "assignments_visible_to",
    "closed_periods",
    "closures_visible_to",
    "overdue_assignments",
    "plans_visible_to",
    "records_visible_to",
    "responsible_org_ids",
    "review_queue",
    "rollup",
    "rollup_fingerprint",
    "secretary_home_counts",
    "status_expression",
    "tasks_visible_to",
]


def _today(today: date | None) -> date:
    return today or timezone.localdate()


def _has_business_access(user: User) -> bool:
    """Committee staff, the reporting client and secretaries; a party member sees no ledger (党员只看自己)."""
    return authz.has_business_access(user)


def _scope_q(user: User, field: str = "organization") -> Q:
    return authz.business_scope(user).q(field)


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
    """The user's assignments with `status` and `record_state` (AssignmentQuerySet.with_status)."""
    assignments = Assignment.objects.select_related("task__item__plan", "organization").with_status(today)
    if not _has_business_access(user):
        return assignments.none()
    return assignments.filter(_scope_q(user))


def assignments_due_for_secretary(user: User, *, today: date | None = None) -> QuerySet[Assignment]:
    """ "我的任务": of the years in progress, what is due this month (any state) and everything overdue.

    The home cards count this same queryset by status (secretary_home_counts), so a card's number is
    the length of the section of the page it opens.
    """
    today = _today(today)
    visible = assignments_visible_to(user, today=today).open_years()
    # Plain conditions on the user's own rows (not two id sets over the whole table): the same
    # definitions as AssignmentQuerySet.due_this_month / overdue.
    return visible.filter(due_this_month_q(today) | overdue_q(today)).order_by(
        "due_date", "task__item__seq", "task__seq", "organization__path"
    )


def secretary_home_counts(user: User, *, today: date | None = None) -> dict[str, int]:
    """The secretary's home cards, counted from the sections of "我的任务" (one query)."""
    counts = (
        assignments_due_for_secretary(user, today=today)
        .order_by()
        .aggregate(
            todo=Count("pk", filter=Q(status=Status.NOT_STARTED)),
            overdue=Count("pk", filter=Q(status=Status.OVERDUE)),
            returned=Count("pk", filter=Q(status=Status.RETURNED)),
        )
    )
    return {key: value or 0 for key, value in counts.items()}


def records_visible_to(user: User) -> QuerySet[Record]:
    records = Record.objects.select_related(
        "assignment__task__item__plan", "assignment__organization", "submitted_by", "reviewed_by"
    ).prefetch_related("attachments")
    if not _has_business_access(user):
        return records.none()
    return records.filter(_scope_q(user, "assignment__organization"))


def review_queue(user: User) -> QuerySet[Record]:
    """Submitted records waiting for committee staff, oldest first; nobody else reviews."""
    if not authz.may(user, "ledger.review_record"):
        return Record.objects.none()
    return (
        records_visible_to(user)
        .filter(authz.staff_scope(user).q("assignment__organization"))
        .filter(state=RecordState.SUBMITTED)
        .order_by("submitted_at", "pk")
    )


def overdue_assignments(user: User, *, today: date | None = None) -> QuerySet[Assignment]:
    """The overdue list (and the staff home's 逾期任务, the bulletin draft): overdue, in open years."""
    today = _today(today)
    return assignments_visible_to(user, today=today).overdue(today).open_years()


# --------------------------------------------------------------------------- summaries (the rollup)


def _period_range(year: int, period: str | None) -> tuple[date, date]:
    if not period:
        p = Period(year, YEAR)
    else:
        p = Period.parse(period)
        if p.year != year:
            raise ValueError(_("期间 %(period)s 不属于 %(year)s 年") % {"period": period, "year": year})
    return p.start, p.end


_GROUPINGS = {
    "item": (("item_id", "item__title", "item__seq"), ("item__seq", "item_id")),
    "org": (("organization_id", "organization__name", "organization__path"), ("organization__path",)),
    "period": (("period",), ("period",)),
}


def _rollup_rows(user: User, year: int, period: str | None) -> QuerySet[AssignmentRollup]:
    if not _has_business_access(user):
        return AssignmentRollup.objects.none()
    start, end = _period_range(year, period)
    return AssignmentRollup.objects.filter(_scope_q(user), due_date__gte=start, due_date__lte=end)


def _sum(expression, condition: Q | None = None) -> Coalesce:
    return Coalesce(Sum(expression, filter=condition), Value(0))


def rollup(
    user: User, *, year: int, period: str | None = None, by: str = "item", today: date | None = None
) -> list[dict]:
    """Counts per item, org or period of the assignments due in the period, from the rollup table.

    One grouped query over AssignmentRollup; what depends on today is split here by due date, with
    the definitions of ledger/querysets.py: 已逾期 = no record or a returned one, due before today
    (what `overdue()` lists); 已退回 = returned and not yet due; 未开始 = no record, not yet due;
    缺报 = no record at all, due before today.
    """
    if by not in _GROUPINGS:
        raise ValueError(_("by 必须是 %(choices)s 之一") % {"choices": _("、").join(ROLLUP_BY)})
    today = _today(today)
    fields, ordering = _GROUPINGS[by]
    past, coming = Q(due_date__lt=today), Q(due_date__gte=today)
    # Named n_* while summing: the table's own columns are called total, returned …
    counts = {
        "total": _sum("total"),
        "accepted": _sum("accepted"),
        "submitted": _sum("submitted"),
        "returned": _sum("returned", coming),
        "overdue": _sum(F("unsubmitted") + F("returned"), past),
        "not_started": _sum("unsubmitted", coming),
        "on_time": _sum("on_time"),
        "late": _sum("late"),
        "missing": _sum("unsubmitted", past),
    }
    rows = (
        _rollup_rows(user, year, period)
        .filter(total__gt=0)
        .values(*fields)
        .annotate(**{f"n_{name}": value for name, value in counts.items()})
        .order_by(*ordering)
    )
    return [_rollup_row(by, row) for row in rows]


def _rollup_row(by: str, row: dict) -> dict:
    if by == "item":
        key, label = row.pop("item_id"), row.pop("item__title")
        row.pop("item__seq")
    elif by == "org":
        key, label = row.pop("organization_id"), row.pop("organization__name")
        row.pop("organization__path")
    else:
        key = row.pop("period")
        label = Period.parse(key).label
    row = {name.removeprefix("n_"): value for name, value in row.items()}
    total = row["total"]
    rate = round(row["accepted"] * 100 / total, 1) if total else 0.0
    return {"key": key, "label": label, **row, "completion_rate": rate}


def rollup_fingerprint(
    user: User, *, year: int, period: str | None = None, by: str = "item", today: date | None = None
) -> tuple[str, datetime]:
    """(ETag, Last-Modified) of a summary: changes whenever the answer of `rollup` could.

    Made of the rows' versions (every rollup write bumps one), who asks (their scope), the query,
    today (overdue moves at midnight), the language and the latest change to any org or item (labels).
    One aggregate over the same rows, without the grouping.
    """
    today = _today(today)
    state = _rollup_rows(user, year, period).aggregate(
        versions=Sum("version"), rows=Count("pk"), changed=Max("updated_at")
    )
    labels = [
        model.history.aggregate(last=Max("history_id"), at=Max("history_date"))
        for model in (Organization, Item)
    ]
    scope = authz.business_scope(user)
    parts = [
        "everything" if scope.everything else ",".join(scope.paths),
        str(year),
        period or "",
        by,
        today.isoformat(),
        get_language() or "",
        str(state["versions"] or 0),
        str(state["rows"]),
        *(str(label["last"] or 0) for label in labels),
    ]
    etag = hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]
    midnight = timezone.make_aware(datetime.combine(today, time.min))
    moments = [midnight, state["changed"], *(label["at"] for label in labels)]
    return etag, max(m for m in moments if m is not None)


# --------------------------------------------------------------------------- closures


def closed_periods() -> set[str]:
    return set(PeriodClosure.objects.filter(is_closed=True).values_list("period", flat=True))


def closures_visible_to(user: User) -> QuerySet[PeriodClosure]:
    """Which quarters are closed is not org data: anyone with business access reads it."""
    closures = PeriodClosure.objects.select_related("changed_by")
    return closures if _has_business_access(user) else closures.none()


# --------------------------------------------------------------------------- who owes a task


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def responsible_org_ids(task_ids: Iterable[int], *, within: QuerySet | None = None) -> dict[int, set[int]]:
    """Which orgs owe each task: the orgs named on it, plus the active orgs each of its group phrases
    (各基层党支部 …) stands for (accounts.selectors.organizations_for_phrase).

    The one definition: task services, the import's assignment step and the API's task list all ask
    it. Set-based: two queries for the task links (per 5,000 tasks) and one per distinct phrase used.
    `within` (a queryset of org ids) limits the answer to those orgs, e.g. the ones a user sees.
    """
    ids = sorted(set(task_ids))
    owed: dict[int, set[int]] = {pk: set() for pk in ids}
    groups_of: dict[int, list[int]] = defaultdict(list)
    named = Task.responsible_orgs.through.objects
    phrases = Task.responsible_groups.through.objects
    for chunk in _chunks(ids):
        links = named.filter(task_id__in=chunk)
        if within is not None:
            links = links.filter(organization_id__in=within)
        for task_id, org_id in links.values_list("task_id", "organization_id"):
            owed[task_id].add(org_id)
        for task_id, rule_id in phrases.filter(task_id__in=chunk).values_list("task_id", "orggrouprule_id"):
            groups_of[rule_id].append(task_id)
    for rule in OrgGroupRule.objects.filter(pk__in=list(groups_of)):
        orgs = organizations_for_phrase(rule)
        if within is not None:
            orgs = orgs.filter(pk__in=within)
        members = set(orgs.values_list("pk", flat=True))
        for task_id in groups_of[rule.pk]:
            owed[task_id] |= members
    return owed


class ResponsibleOrgResolver:
    """Who owes the tasks of one API page, limited to the orgs the user sees (responsible_org_ids).

    `prime(tasks)` answers for a whole page at once; a task not primed is answered on its own.
    """

    def __init__(self, user: User):
        self._within = None if authz.reads_every_org(user) else organization_ids_visible_to(user)
        self._owed: dict[int, set[int]] = {}

    def prime(self, tasks: Iterable[Task]) -> None:
        missing = [task.pk for task in tasks if task.pk not in self._owed]
        if missing:
            self._owed.update(responsible_org_ids(missing, within=self._within))

    def org_ids(self, task: Task) -> list[int]:
        self.prime([task])
        return sorted(self._owed[task.pk])
