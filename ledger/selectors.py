"""Reads of the ledger, each scoped to the user. The notions they use (status, overdue, due this month,
closed quarter, open years) are AssignmentQuerySet methods (ledger/querysets.py), never re-derived here."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from django.db.models import Count, F, Max, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Substr
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts import authz
from accounts.models import Organization, OrgGroupRule, User
from accounts.selectors import organization_ids_visible_to, organizations_for_phrase
from partybuild.periods import YEAR, YEAR_MIN, Period

from .models import (
    Assignment,
    AssignmentRollup,
    Item,
    PeriodClosure,
    Plan,
    PlanState,
    Record,
    RecordState,
    Status,
    Task,
    TopOrgRollup,
)
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
    "overdue_totals",
    "rollup",
    "org_rollup_by_year",
    "ledger_year_account",
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
    "period": (("period",), ("period",)),
}
_TOP_PATH_LENGTH = Organization.steplen * 2


def _rollup_rows(user: User, year: int, period: str | None) -> QuerySet:
    """The summary rows a user reads for a year or period."""
    return _rollup_rows_between(user, *_period_range(year, period))


def _rollup_rows_between(user: User, start: date, end: date) -> QuerySet:
    """Summary rows due between two dates: from the per-top-level-org table when the user's scope is
    whole top-level orgs (committee staff, an organ committee's secretary), else the per-org one."""
    if not _has_business_access(user):
        return AssignmentRollup.objects.none()
    scope = authz.business_scope(user)
    if scope.everything or all(len(path) <= _TOP_PATH_LENGTH for path in scope.paths):
        return TopOrgRollup.objects.filter(scope.q("top"), due_date__gte=start, due_date__lte=end)
    return AssignmentRollup.objects.filter(scope.q(), due_date__gte=start, due_date__lte=end)


def summary_root(user: User, under: int | None = None) -> Organization | None:
    """The org whose subtrees a by-org summary lists: `under` if the user sees it, else the top of their
    scope (the committee for staff, a secretary's own org — the shallowest, when a scope names several);
    None when there is nothing to show."""
    if not _has_business_access(user):
        return None
    orgs = Organization.objects.filter(authz.business_scope(user).q(""))
    if under is not None:
        return orgs.filter(pk=under).first()
    return orgs.order_by("depth", "path").first()


def _org_rows(user: User, year: int, period: str | None, root: Organization) -> QuerySet:
    """Summary rows under `root`, each with `prefix`: the path of the child of `root` it belongs to
    (`root`'s own path for its own assignments)."""
    start, end = _period_range(year, period)
    width = len(root.path) + Organization.steplen
    if len(root.path) < _TOP_PATH_LENGTH and authz.business_scope(user).everything:
        rows, org = TopOrgRollup.objects.all(), "top"
    else:
        rows, org = AssignmentRollup.objects.filter(organization__path__startswith=root.path), "organization"
    return rows.filter(due_date__gte=start, due_date__lte=end).annotate(
        prefix=Substr(f"{org}__path", 1, width)
    )


def overdue_totals(user: User, *, today: date | None = None) -> dict[str, int]:
    """The staff home's 逾期任务 and 有逾期的党组织: what `overdue_assignments` lists, counted from the
    summary tables (no record or a returned one, due before today, in years in progress)."""
    if not _has_business_access(user):
        return {"tasks": 0, "orgs": 0}
    # Rows with work not done (the partial index rollup_not_done holds just those).
    not_done = Q(unsubmitted__gt=0) | Q(returned__gt=0)
    rows = AssignmentRollup.objects.filter(not_done, _scope_q(user), due_date__lt=_today(today))
    orgs = rows.filter(item__plan__state=PlanState.ACTIVE).aggregate(
        n=Count("organization_id", distinct=True)
    )
    return {"tasks": overdue_count(user, today=today), "orgs": orgs["n"]}


def overdue_count(
    user: User, *, today: date | None = None, year: int | None = None, item: Item | None = None
) -> int:
    """How many rows `overdue_assignments` has (optionally of one year or item), from the summary tables:
    the overdue list's page count without counting the assignments."""
    if not _has_business_access(user):
        return 0
    today = _today(today)
    start, end = (date(year, 1, 1), date(year, 12, 31)) if year else (date(YEAR_MIN, 1, 1), today)
    rows = _rollup_rows_between(user, start, min(end, today - timedelta(days=1)))
    rows = rows.filter(item__plan__state=PlanState.ACTIVE)
    if item is not None:
        rows = rows.filter(item=item)
    return rows.aggregate(n=Sum(F("unsubmitted") + F("returned")))["n"] or 0


def _sum(expression, condition: Q | None = None) -> Coalesce:
    return Coalesce(Sum(expression, filter=condition), Value(0))


def _counts(today: date) -> dict:
    past, coming = Q(due_date__lt=today), Q(due_date__gte=today)
    # Named n_* while summing: the tables' own columns are called total, returned …
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
    return {f"n_{name}": value for name, value in counts.items()}


def rollup(
    user: User,
    *,
    year: int,
    period: str | None = None,
    by: str = "item",
    under: int | None = None,
    today: date | None = None,
) -> list[dict]:
    """Counts per item, org or period of the assignments due in the period, from the rollup tables.

    One grouped query; what depends on today is split here by due date, with the definitions of
    ledger/querysets.py: 已逾期 = no record or a returned one, due before today (what `overdue()`
    lists); 已退回 = returned and not yet due; 未开始 = no record, not yet due; 缺报 = no record at all,
    due before today.

    By org, the rows are the subtrees of the children of `under` (summary_root): the committee's
    top-level orgs for staff, drilling down one level at a time; `under`'s own assignments are a row
    of their own (本级). Each org row says whether it has children to drill into.
    """
    if by not in ROLLUP_BY:
        raise ValueError(_("by 必须是 %(choices)s 之一") % {"choices": _("、").join(ROLLUP_BY)})
    counts = _counts(_today(today))
    if by == "org":
        return _rollup_by_org(user, year, period, under, counts)
    fields, ordering = _GROUPINGS[by]
    rows = (
        _rollup_rows(user, year, period)
        .filter(total__gt=0)
        .values(*fields)
        .annotate(**counts)
        .order_by(*ordering)
    )
    return [_rollup_row(by, row) for row in rows]


def org_rollup_by_year(
    organization_id: int, *, start: date, end: date, today: date | None = None
) -> list[dict]:
    """One org's own assignments due between two dates, per plan year, counted as `rollup` counts them:
    one grouped query on the summary table (a secretary's 实绩档案 reads its term's years this way)."""
    rows = (
        AssignmentRollup.objects.filter(
            organization_id=organization_id, due_date__gte=start, due_date__lte=end, total__gt=0
        )
        .values("item__plan__year")
        .annotate(**_counts(_today(today)))
        .order_by("item__plan__year")
    )
    result = []
    for row in rows:
        year = row.pop("item__plan__year")
        result.append(_rollup_row("org", {"key": year, "label": _("%(year)s年") % {"year": year}, **row}))
    return result


def ledger_year_account(user: User, year: int, *, today: date | None = None) -> dict[str, int]:
    """The year-end account's `ledger` block (CONTRACT.md), in the user's business scope.

    `items`/`tasks`: of the year's plan (in a secretary's scope: those with work assigned in it);
    `assignments`: due in the year; of those due before today (on its due day an assignment is still
    open, as in the summaries): `on_time`/`late` = first submitted by / after the due date and not
    returned now, `missing` = no record or a returned one. Counts from the summary tables: a few
    grouped queries whatever the size."""
    account = dict.fromkeys(("items", "tasks", "assignments", "on_time", "late", "missing"), 0)
    if not _has_business_access(user):
        return account
    scope = authz.business_scope(user)
    if scope.everything:
        account["items"] = Item.objects.filter(plan__year=year).count()
        account["tasks"] = Task.objects.filter(item__plan__year=year).count()
    else:
        assigned = Assignment.objects.filter(scope.q(), task__item__plan__year=year).order_by()
        account["items"] = assigned.values("task__item_id").distinct().count()
        account["tasks"] = assigned.values("task_id").distinct().count()
    due = Q(due_date__lt=_today(today))
    account.update(
        _rollup_rows_between(user, date(year, 1, 1), date(year, 12, 31)).aggregate(
            assignments=_sum("total"),
            on_time=_sum("on_time", due),
            late=_sum("late", due),
            missing=_sum(F("unsubmitted") + F("returned"), due),
        )
    )
    return account


def _rollup_by_org(user: User, year: int, period: str | None, under: int | None, counts: dict) -> list[dict]:
    root = summary_root(user, under)
    if root is None:
        return []
    grouped = _org_rows(user, year, period, root).filter(total__gt=0).values("prefix").annotate(**counts)
    by_prefix = {row.pop("prefix"): row for row in grouped}
    orgs = Organization.objects.filter(path__in=by_prefix).only("name", "path", "numchild").order_by("path")
    rows = []
    for org in orgs:
        own = org.path == root.path
        label = _("%(name)s（本级）") % {"name": org.name} if own else org.name
        row = _rollup_row("org", {"key": org.pk, "label": label, **by_prefix[org.path]})
        rows.append({**row, "has_children": not own and org.numchild > 0})
    return rows


def _rollup_row(by: str, row: dict) -> dict:
    if by == "item":
        key, label = row.pop("item_id"), row.pop("item__title")
        row.pop("item__seq")
    elif by == "org":
        key, label = row.pop("key"), row.pop("label")
    else:
        key = row.pop("period")
        label = Period.parse(key).label
    row = {name.removeprefix("n_"): value for name, value in row.items()}
    total = row["total"]
    rate = round(row["accepted"] * 100 / total, 1) if total else 0.0
    return {"key": key, "label": label, **row, "completion_rate": rate}


def rollup_fingerprint(
    user: User,
    *,
    year: int,
    period: str | None = None,
    by: str = "item",
    under: int | None = None,
    today: date | None = None,
) -> tuple[str, datetime]:
    """(ETag, Last-Modified) of a summary: changes whenever the answer of `rollup` could.

    Made of the rows' versions (every rollup write bumps one), who asks (their scope), the query,
    today (overdue moves at midnight), the language and the latest change to any org or item (labels).
    One aggregate over the same rows, without the grouping.
    """
    today = _today(today)
    root = summary_root(user, under) if by == "org" else None
    rows = _org_rows(user, year, period, root) if root is not None else _rollup_rows(user, year, period)
    state = rows.aggregate(versions=Sum("version"), rows=Count("pk"), changed=Max("updated_at"))
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
        str(root.pk if root is not None else ""),
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


def responsible_org_count() -> Subquery:
    """How many orgs a task names one by one (an annotation: a subquery, no join to multiply rows)."""
    links = Task.responsible_orgs.through.objects.filter(task_id=OuterRef("pk"))
    return Coalesce(
        Subquery(links.order_by().values("task_id").annotate(n=Count("pk")).values("n")[:1]), Value(0)
    )


def responsible_org_names(task_ids: Iterable[int]) -> dict[int, list[str]]:
    """The names (short ones where there are: Organization.__str__) of the orgs each task names one by
    one, in tree order (one query)."""
    names: dict[int, list[str]] = defaultdict(list)
    links = Task.responsible_orgs.through.objects.filter(task_id__in=list(task_ids))
    rows = links.order_by("organization__path").values_list(
        "task_id", "organization__short_name", "organization__name"
    )
    for task_id, short_name, name in rows:
        names[task_id].append(short_name or name)
    return names


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
