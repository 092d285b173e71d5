"""Plans, items and tasks, and the assignments a task materialises per (org, period)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.audit import audit_log
from accounts.models import Organization, OrgGroupRule, User
from accounts.selectors_moves import merge_successor_ids
from partybuild.exceptions import DomainError
from partybuild.fields import refuse_unknown_fields
from partybuild.periods import HALF, MONTH, QUARTER, YEAR, periods_of_year
from partybuild.text import quoted

from ..editable import ITEM_FIELDS, PLAN_FIELDS, TASK_FIELDS
from ..models import Assignment, Item, Plan, PlanState, Recurrence, Task
from ..querysets import closed_quarter_q
from ..selectors import responsible_org_ids
from ._common import require_committee_staff
from .rollup import rollup_add_new, rollup_tracking

_KIND_OF = {
    Recurrence.MONTHLY: MONTH,
    Recurrence.QUARTERLY: QUARTER,
    Recurrence.HALF_YEARLY: HALF,
    Recurrence.YEARLY: YEAR,
}


@transaction.atomic
def plan_create(*, year: int, title: str, description: str = "", by: User) -> Plan:
    require_committee_staff(by, _("创建年度台账"))
    if Plan.objects.filter(year=year).exists():
        raise DomainError(
            _("%(year)s年度台账已存在，不能重复创建；请在已有台账中添加工作项目") % {"year": year},
            field="year",
        )
    plan = Plan(year=year, title=title, description=description)
    plan.full_clean()
    plan.save()
    return plan


@transaction.atomic
def plan_update(*, plan: Plan, by: User, **fields) -> Plan:
    require_committee_staff(by, _("修改年度台账"))
    refuse_unknown_fields(fields, PLAN_FIELDS, "plan")
    for key, value in fields.items():
        setattr(plan, key, value)
    plan.full_clean()
    plan.save()
    return plan


def _plan_set_state(plan: Plan, by: User, state: str, action: str) -> Plan:
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.state == state:
        raise DomainError(
            _("%(year)s年度台账已经是“%(state)s”状态") % {"year": plan.year, "state": PlanState(state).label},
            field="state",
        )
    plan.state = state
    plan._history_user = by
    plan.full_clean()
    plan.save(update_fields=["state"])
    audit_log(action, actor=by, target=plan, detail={"year": plan.year})
    return plan


@transaction.atomic
def plan_archive(*, plan: Plan, by: User) -> Plan:
    """Archive a year: its work leaves reminders, overdue lists, home cards and "我的任务"; it stays in
    its own year's summaries and exports, and its records become read-only."""
    require_committee_staff(by, _("归档年度台账"))
    return _plan_set_state(plan, by, PlanState.ARCHIVED, "plan.archive")


@transaction.atomic
def plan_unarchive(*, plan: Plan, by: User) -> Plan:
    """Put an archived year back in progress (e.g. to correct its records)."""
    require_committee_staff(by, _("取消归档年度台账"))
    return _plan_set_state(plan, by, PlanState.ACTIVE, "plan.unarchive")


def plan_state_for_import(year: int) -> str:
    """A legacy workbook of a year before this one is history: its new plan starts archived."""
    return PlanState.ARCHIVED if year < timezone.localdate().year else PlanState.ACTIVE


@transaction.atomic
def item_create(*, plan: Plan, title: str, seq: int | None = None, by: User) -> Item:
    require_committee_staff(by, _("添加工作项目"))
    if plan.items.filter(title=title).exists():
        raise DomainError(
            _("%(year)s年度台账中已有工作项目%(title)s，请换一个名称")
            % {"year": plan.year, "title": quoted(title)},
            field="title",
        )
    if seq is None:
        seq = (plan.items.aggregate(m=Max("seq"))["m"] or 0) + 1
    item = Item(plan=plan, title=title, seq=seq)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def item_update(*, item: Item, by: User, **fields) -> Item:
    require_committee_staff(by, _("修改工作项目"))
    refuse_unknown_fields(fields, ITEM_FIELDS, "item")
    for key, value in fields.items():
        setattr(item, key, value)
    item.full_clean()
    item.save()
    return item


def _resolve_orgs(orgs: Iterable[Organization | int]) -> list[Organization]:
    ids = [o.pk if isinstance(o, Organization) else int(o) for o in orgs]
    found = list(Organization.objects.filter(pk__in=ids))
    missing = set(ids) - {o.pk for o in found}
    if missing:
        raise DomainError(
            _("责任组织不存在：编号 %(ids)s") % {"ids": sorted(missing)}, field="responsible_orgs"
        )
    return found


def _resolve_groups(groups: Iterable[OrgGroupRule | str]) -> list[OrgGroupRule]:
    rules, phrases = [], []
    for group in groups:
        (rules if isinstance(group, OrgGroupRule) else phrases).append(group)
    if phrases:
        found = {r.phrase: r for r in OrgGroupRule.objects.filter(phrase__in=phrases)}
        unknown = [p for p in phrases if p not in found]
        if unknown:
            raise DomainError(
                _("未知的责任组织称谓：%(phrases)s；请先在“组织称谓规则”中添加")
                % {"phrases": _("、").join(unknown)},
                field="responsible_groups",
            )
        rules.extend(found[p] for p in phrases)
    return rules


def _set_task_fields(task: Task, fields: dict) -> None:
    refuse_unknown_fields(fields, TASK_FIELDS, "task")
    for key, value in fields.items():
        setattr(task, key, value)


@transaction.atomic
def task_create(
    *,
    item: Item,
    title: str,
    by: User,
    standard: str = "",
    deadline: date | None = None,
    deadline_text: str = "",
    recurrence: str = Recurrence.NONE,
    weight=1,
    evidence_expected: str = "",
    level: str = "",
    responsible_text: str = "",
    responsible_orgs: Iterable[Organization | int] = (),
    responsible_groups: Iterable[OrgGroupRule | str] = (),
    notes: str = "",
    seq: int | None = None,
    activity_kind: str = "",
) -> Task:
    """Add a task to an item and materialise its assignments for every responsible org."""
    require_committee_staff(by, _("添加具体任务"))
    if item.tasks.filter(title=title).exists():
        raise DomainError(
            _("工作项目%(item)s下已有任务%(title)s，请换一个名称")
            % {"item": quoted(item.title), "title": quoted(title)},
            field="title",
        )
    if seq is None:
        seq = (item.tasks.aggregate(m=Max("seq"))["m"] or 0) + 1
    task = Task(item=item, title=title, seq=seq)
    _set_task_fields(
        task,
        {
            "standard": standard,
            "deadline": deadline,
            "deadline_text": deadline_text,
            "recurrence": recurrence,
            "weight": weight,
            "evidence_expected": evidence_expected,
            "level": level,
            "responsible_text": responsible_text,
            "notes": notes,
            "activity_kind": activity_kind,
        },
    )
    task.full_clean()
    task.save()
    task.responsible_orgs.set(_resolve_orgs(responsible_orgs))
    task.responsible_groups.set(_resolve_groups(responsible_groups))
    assignments_generate(task=task)
    return task


@transaction.atomic
def task_update(*, task: Task, by: User, **fields) -> Task:
    """Change a task; assignments follow: missing ones are added, unwanted ones without a record removed."""
    require_committee_staff(by, _("修改具体任务"))
    orgs = fields.pop("responsible_orgs", None)
    groups = fields.pop("responsible_groups", None)
    title = fields.get("title")
    if title and task.item.tasks.filter(title=title).exclude(pk=task.pk).exists():
        raise DomainError(
            _("工作项目%(item)s下已有任务%(title)s，请换一个名称")
            % {"item": quoted(task.item.title), "title": quoted(title)},
            field="title",
        )
    _set_task_fields(task, fields)
    task.full_clean()
    task.save()
    if orgs is not None:
        task.responsible_orgs.set(_resolve_orgs(orgs))
    if groups is not None:
        task.responsible_groups.set(_resolve_groups(groups))
    _assignments_prune(task)
    _assignments_redate(task)
    assignments_generate(task=task)
    return task


def periods_for(year: int, recurrence: str, deadline: date | None) -> list[tuple[str, date, date]]:
    """(period code, period start, due date) of each period a task with these settings recurs in."""
    if recurrence == Recurrence.NONE:
        return [(f"{year}-Y", date(year, 1, 1), deadline or date(year, 12, 31))]
    rows = []
    for period in periods_of_year(year, _KIND_OF[recurrence]):
        due = deadline if deadline and period.contains(deadline) else period.end
        rows.append((period.code, period.start, due))
    return rows


def task_periods(task: Task) -> list[tuple[str, date, date]]:
    """(period code, period start, due date) for each period the task recurs in."""
    return periods_for(task.item.plan.year, task.recurrence, task.deadline)


def task_organizations(task: Task) -> set[int]:
    """Ids of the orgs a task is owed by (selectors.responsible_org_ids, the one rule)."""
    return responsible_org_ids([task.pk])[task.pk]


def _desired(task: Task) -> dict[tuple[int, str], tuple[date, date]]:
    periods = task_periods(task)
    orgs = responsible_org_ids([task.pk])[task.pk]
    return {(org_id, code): (start, due) for org_id in orgs for code, start, due in periods}


_CHUNK = 5000  # ids per IN (…) list: SQLite caps the parameters of one statement


def _chunks(ids: list[int]):
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


@transaction.atomic
def assignments_generate(*, task: Task) -> int:
    """Create the assignments the task is missing; running it again creates nothing. Returns the count."""
    # Lock the task so two concurrent generations cannot both insert the same (org, period).
    Task.objects.select_for_update().filter(pk=task.pk).first()
    desired = _desired(task)
    existing = set(task.assignments.values_list("organization_id", "period"))
    existing |= inherited_slots(existing)
    new = [
        Assignment(task=task, organization_id=org_id, period=code, period_start=start, due_date=due)
        for (org_id, code), (start, due) in desired.items()
        if (org_id, code) not in existing
    ]
    if new:
        bulk_create_with_history(new, Assignment, batch_size=500)
        rollup_add_new((a.organization_id, task.item_id, a.period, a.due_date) for a in new)
        # Bulk writes send no per-row history signal: one audit event with the count.
        audit_log("assignment.generate", target=task, rows=len(new))
    return len(new)


def inherited_slots(existing: set[tuple]) -> set[tuple]:
    """An org merged into another hands over its (task, period) slots: the org it went into does not owe
    again what the merged org did or owed (accounts.services.organizations_merge).

    `existing` holds (org, period) or (task, org, period) tuples; the answer is the same tuples with
    each merged org replaced by its successor. Used by assignments_generate and the import's step.
    """
    successors = merge_successor_ids()
    return {(*rest, successors[org_id], code) for *rest, org_id, code in existing if org_id in successors}


def _assignments_prune(task: Task) -> int:
    """Remove assignments the task no longer calls for, but never one that already has a record, nor
    one in a closed quarter (history: e.g. what a merged org owed before its merge)."""
    desired = _desired(task)
    candidates = (
        task.assignments.filter(record__isnull=True)
        .exclude(closed_quarter_q())  # history: e.g. what a merged org owed before its merge
        .values_list("pk", "organization_id", "period")
    )
    stale = [pk for pk, org_id, code in candidates if (org_id, code) not in desired]
    deleted = 0
    for chunk in _chunks(stale):
        # Locked, as record_submit locks the assignment: a record cannot appear while it goes.
        doomed = Assignment.objects.filter(pk__in=chunk, record__isnull=True)
        list(doomed.select_for_update(of=("self",)).values_list("pk", flat=True))
        with rollup_tracking(Assignment.objects.filter(pk__in=chunk)):
            deleted += doomed.delete()[1].get(Assignment._meta.label, 0)
    return deleted


def _assignments_redate(task: Task) -> None:
    """Kept assignments follow a changed deadline."""
    desired = _desired(task)
    changed = []
    for assignment in task.assignments.all():
        target = desired.get((assignment.organization_id, assignment.period))
        if target and target[1] != assignment.due_date:
            assignment.due_date = target[1]
            changed.append(assignment)
    for start in range(0, len(changed), _CHUNK):
        chunk = changed[start : start + _CHUNK]
        moved = Assignment.objects.filter(pk__in=[a.pk for a in chunk])
        list(moved.select_for_update(of=("self",)).values_list("pk", flat=True))
        with rollup_tracking(moved):
            bulk_update_with_history(chunk, Assignment, ["due_date"], batch_size=500)
    if changed:
        audit_log("assignment.redate", target=task, rows=len(changed))
