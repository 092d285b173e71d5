"""A new year from last year's plan: copy items and tasks, move dates and years on, then staff edit it.

Everything a task carries is copied (the one field list of services.plans), with its responsible orgs
and group phrases. Deadlines move by the years between the plans (29 February lands on the 28th when
the new year has none), and so do the years written in the texts (2026年 → 2027年). An org merged
away since is replaced by the org it went into; an org deactivated without a successor is left out,
and the result says which. Assignments come from the existing assignment service, as for any new task.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import audit_log
from accounts.models import Organization, User
from accounts.selectors_moves import merge_successor_ids
from partybuild.api.fields import YEAR_MAX, YEAR_MIN
from partybuild.exceptions import DomainError

from ..models import Plan, Task
from ._common import require_committee_staff
from .plans import _TASK_FIELDS, item_create, plan_create, task_create

_YEAR_RE = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
# Texts a task carries that may name its year; responsible_text is the legacy cell, names only.
_TEXT_FIELDS = ("title", "standard", "deadline_text", "evidence_expected", "notes")


def shift_date(day: date | None, years: int) -> date | None:
    """The same day `years` later; 29 February becomes the 28th in a year without it."""
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def shift_years_in_text(text: str, source_year: int, years: int) -> str:
    """ "2026年3月底前" → "2027年3月底前": the plan's year and the next (deadlines that spill over)."""
    if not text or not years:
        return text

    def shifted(match: re.Match) -> str:
        value = int(match.group())
        return str(value + years) if value in (source_year, source_year + 1) else match.group()

    return _YEAR_RE.sub(shifted, text)


@dataclass
class PlanCopy:
    """The new plan and what went into it."""

    plan: Plan
    items: int = 0
    tasks: int = 0
    assignments: int = 0
    replaced: dict[str, str] = field(default_factory=dict)  # merged org → the org it went into
    dropped: list[str] = field(default_factory=list)  # deactivated orgs with no successor


def _successors() -> dict[int, Organization]:
    """Each merged org → the active org its work went to."""
    ids = merge_successor_ids()
    orgs = Organization.objects.in_bulk(set(ids.values()))
    return {source_id: orgs[target_id] for source_id, target_id in ids.items()}


def _responsible(task: Task, successors: dict[int, Organization], copy: PlanCopy) -> list[Organization]:
    orgs: dict[int, Organization] = {}
    for org in task.responsible_orgs.all():
        if org.is_active:
            orgs[org.pk] = org
        elif org.pk in successors:
            orgs[successors[org.pk].pk] = successors[org.pk]
            copy.replaced[org.name] = successors[org.pk].name
        elif org.name not in copy.dropped:
            copy.dropped.append(org.name)
    return list(orgs.values())


def plan_copy_check_year(year: int, *, today: date | None = None) -> None:
    today = today or timezone.localdate()
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise DomainError(
            _("年度应在 %(min)d 到 %(max)d 之间") % {"min": YEAR_MIN, "max": YEAR_MAX}, field="year"
        )
    if year < today.year:
        raise DomainError(
            _("只能为今年或以后的年度复制台账；往年的台账请用“导入历史台账”"),
            field="year",
        )


def plan_copy_title(source_plan: Plan, year: int) -> str:
    title = shift_years_in_text(source_plan.title, source_plan.year, year - source_plan.year)
    return title if str(year) in title else f"{year}年 {title}"


@transaction.atomic
def plan_copy(*, actor: User, source_plan: Plan, year: int, title: str = "") -> PlanCopy:
    """Start `year` from `source_plan`: a new plan with the same items and tasks, dates moved on.

    Refuses a year that already has a plan (and a past year: its assignments would all be overdue).
    All or nothing. Staff then edit the copy like any plan.
    """
    require_committee_staff(actor, _("复制年度台账"))
    plan_copy_check_year(year)
    years = year - source_plan.year
    plan = plan_create(
        year=year,
        title=title.strip() or plan_copy_title(source_plan, year),
        description=shift_years_in_text(source_plan.description, source_plan.year, years),
        by=actor,
    )
    copy = PlanCopy(plan=plan)
    successors = _successors()
    items = source_plan.items.order_by("seq", "pk").prefetch_related(
        "tasks__responsible_orgs", "tasks__responsible_groups"
    )
    for item in items:
        new_item = item_create(
            plan=plan, title=shift_years_in_text(item.title, source_plan.year, years), seq=item.seq, by=actor
        )
        copy.items += 1
        for task in sorted(item.tasks.all(), key=lambda t: (t.seq, t.pk)):
            fields = {name: getattr(task, name) for name in _TASK_FIELDS}
            for name in _TEXT_FIELDS:
                fields[name] = shift_years_in_text(fields[name], source_plan.year, years)
            fields["deadline"] = shift_date(task.deadline, years)
            created = task_create(
                item=new_item,
                by=actor,
                responsible_orgs=_responsible(task, successors, copy),
                responsible_groups=list(task.responsible_groups.all()),
                **fields,
            )
            copy.tasks += 1
            copy.assignments += created.assignments.count()
    audit_log(
        "plan.copy",
        actor=actor,
        target=plan,
        rows=copy.tasks,
        detail={
            "source_year": source_plan.year,
            "year": year,
            "items": copy.items,
            "tasks": copy.tasks,
            "assignments": copy.assignments,
            "replaced": copy.replaced,
            "dropped": copy.dropped,
        },
    )
    return copy


def plan_copy_preview(source_plan: Plan) -> PlanCopy:
    """What a copy would carry, without writing: counts and the orgs replaced or left out."""
    copy = PlanCopy(plan=source_plan)
    successors = _successors()
    tasks = Task.objects.filter(item__plan=source_plan).prefetch_related("responsible_orgs")
    copy.items = source_plan.items.count()
    for task in tasks:
        copy.tasks += 1
        _responsible(task, successors, copy)
    return copy
