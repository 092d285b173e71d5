"""Plans, items and tasks, and the assignments a task materialises per (org, period)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.audit import audit_log
from accounts.models import Organization, OrgGroupRule, User
from accounts.selectors import organizations_for_phrase
from accounts.selectors_moves import merge_successor_ids
from partybuild.exceptions import DomainError
from partybuild.periods import HALF, MONTH, QUARTER, YEAR, Period, periods_of_year

from ..models import Assignment, Item, Plan, RecordState, Recurrence, Task
from ._common import in_closed_quarter_q, require_committee_staff

_KIND_OF = {
    Recurrence.MONTHLY: MONTH,
    Recurrence.QUARTERLY: QUARTER,
    Recurrence.HALF_YEARLY: HALF,
    Recurrence.YEARLY: YEAR,
}
_TASK_FIELDS = (
    "title",
    "standard",
    "deadline",
    "deadline_text",
    "recurrence",
    "weight",
    "evidence_expected",
    "level",
    "responsible_text",
    "notes",
    "seq",
)


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
    unknown = set(fields) - {"title", "description"}
    if unknown:
        raise TypeError(f"unknown plan fields: {sorted(unknown)}")
    for key, value in fields.items():
        setattr(plan, key, value)
    plan.full_clean()
    plan.save()
    return plan


@transaction.atomic
def item_create(*, plan: Plan, title: str, seq: int | None = None, by: User) -> Item:
    require_committee_staff(by, _("添加工作项目"))
    if plan.items.filter(title=title).exists():
        raise DomainError(
            _("%(year)s年度台账中已有工作项目“%(title)s”，请换一个名称")
            % {"year": plan.year, "title": title},
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
    unknown = set(fields) - {"title", "seq"}
    if unknown:
        raise TypeError(f"unknown item fields: {sorted(unknown)}")
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
    unknown = set(fields) - set(_TASK_FIELDS)
    if unknown:
        raise TypeError(f"unknown task fields: {sorted(unknown)}")
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
) -> Task:
    """Add a task to an item and materialise its assignments for every responsible org."""
    require_committee_staff(by, _("添加具体任务"))
    if item.tasks.filter(title=title).exists():
        raise DomainError(
            _("工作项目“%(item)s”下已有任务“%(title)s”，请换一个名称") % {"item": item.title, "title": title},
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
            _("工作项目“%(item)s”下已有任务“%(title)s”，请换一个名称")
            % {"item": task.item.title, "title": title},
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


def task_organizations(task: Task) -> set[int]:
    """Ids of the orgs a task is owed by: the explicit ones plus every org each group phrase stands for."""
    org_ids = set(task.responsible_orgs.values_list("pk", flat=True))
    for rule in task.responsible_groups.all():
        org_ids.update(organizations_for_phrase(rule).values_list("pk", flat=True))
    return org_ids


def task_periods(task: Task) -> list[tuple[str, date, date]]:
    """(period code, period start, due date) for each period the task recurs in."""
    year = task.item.plan.year
    if task.recurrence == Recurrence.NONE:
        return [(f"{year}-Y", date(year, 1, 1), task.deadline or date(year, 12, 31))]
    rows = []
    for period in periods_of_year(year, _KIND_OF[task.recurrence]):
        due = task.deadline if task.deadline and period.contains(task.deadline) else period.end
        rows.append((period.code, period.start, due))
    return rows


def _desired(task: Task) -> dict[tuple[int, str], tuple[date, date]]:
    periods = task_periods(task)
    return {
        (org_id, code): (start, due) for org_id in task_organizations(task) for code, start, due in periods
    }


@transaction.atomic
def assignments_generate(*, task: Task) -> int:
    """Create the assignments the task is missing; running it again creates nothing. Returns the count."""
    # Lock the task so two concurrent generations cannot both insert the same (org, period).
    Task.objects.select_for_update().filter(pk=task.pk).first()
    desired = _desired(task)
    existing = set(task.assignments.values_list("organization_id", "period"))
    existing |= _inherited(existing)
    new = [
        Assignment(task=task, organization_id=org_id, period=code, period_start=start, due_date=due)
        for (org_id, code), (start, due) in desired.items()
        if (org_id, code) not in existing
    ]
    if new:
        bulk_create_with_history(new, Assignment, batch_size=500)
        # Bulk writes send no per-row history signal: one audit event with the count.
        audit_log("assignment.generate", target=task, rows=len(new))
    return len(new)


def _inherited(existing: set[tuple[int, str]]) -> set[tuple[int, str]]:
    """An org merged into another hands over its (task, period) slots: the org it went into does not owe
    again what the merged org did or owed (accounts.services.organizations_merge)."""
    successors = merge_successor_ids()
    return {(successors[org_id], code) for org_id, code in existing if org_id in successors}


def _assignments_prune(task: Task) -> int:
    """Remove assignments the task no longer calls for, but never one that already has a record, nor
    one in a closed quarter (history: e.g. what a merged org owed before its merge)."""
    desired = _desired(task)
    stale = [
        pk
        for pk, org_id, code, state in task.assignments.exclude(in_closed_quarter_q()).values_list(
            "pk", "organization_id", "period", "record_state"
        )
        if (org_id, code) not in desired and state == RecordState.NONE
    ]
    if not stale:
        return 0
    deleted, _ = Assignment.objects.filter(pk__in=stale, records__isnull=True).delete()
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
    if changed:
        bulk_update_with_history(changed, Assignment, ["due_date"], batch_size=500)
        audit_log("assignment.redate", target=task, rows=len(changed))


def period_label(code: str) -> str:
    try:
        return Period.parse(code).label
    except ValueError:
        return code
