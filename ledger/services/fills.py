"""Entered once, counted everywhere: an activity recorded elsewhere (a 党员服务日, a 主题讲坛, a meeting of
三会一课) fulfils the open ledger assignments of its org and period whose task names its kind
(`Task.activity_kind`, set by staff). On the secretary's confirmation each such assignment gets the
record a secretary's submission would give it (submitted, the activity as its `source`, no second form
or photo) and an `ActivityFill` linking the two; removing the activity withdraws them again, unless
staff already accepted one (then only staff may).

An activity model offers `organization`, `ledger_activity_kind`, `ledger_activity_date` and
`get_absolute_url()`; optionally `ledger_fill_text` (the record's 完成情况) and `ledger_participants`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from accounts import authz
from accounts.models import User
from partybuild.exceptions import DomainError, PermissionDeniedError
from partybuild.periods import HALF, MONTH, QUARTER, Period

from ..models import ActivityFill, ActivityKind, Assignment, PlanState, Record, RecordState
from ._common import may_write_for_org, require_open_quarter, require_open_year
from .records import record_submit
from .rollup import rollup_tracking


def period_codes_containing(day: date) -> list[str]:
    """Every period code a day lies in: its month, quarter, half-year and year."""
    return [Period.containing(day, kind).code for kind in (MONTH, QUARTER, HALF)] + [f"{day.year}-Y"]


def _activity_type(activity) -> ContentType:
    return ContentType.objects.get_for_model(activity, for_concrete_model=True)


def fills_of(activity) -> QuerySet[ActivityFill]:
    """The assignments an activity filled, with their task, org and record."""
    return (
        ActivityFill.objects.filter(activity_type=_activity_type(activity), activity_id=activity.pk)
        .select_related("assignment__task__item__plan", "assignment__organization", "assignment__record")
        .order_by("assignment__due_date", "assignment__task__seq", "assignment_id")
    )


def fill_proposals(activity) -> QuerySet[Assignment]:
    """The open assignments the activity may fill: of its org, in a year in progress, whose task names
    the activity's kind and whose period contains its date, with no record yet, not in a closed quarter."""
    kind = activity.ledger_activity_kind
    day = activity.ledger_activity_date
    if not kind or day is None or not activity.organization_id:
        return Assignment.objects.none()
    return (
        Assignment.objects.filter(
            organization_id=activity.organization_id,
            task__activity_kind=kind,
            task__item__plan__state=PlanState.ACTIVE,
            period__in=period_codes_containing(day),
            period_start__lte=day,
            record__isnull=True,
        )
        .in_open_quarter()
        .select_related("task__item__plan", "organization")
        .order_by("due_date", "task__item__seq", "task__seq", "pk")
    )


def _fill_text(activity) -> str:
    text = getattr(activity, "ledger_fill_text", None) or str(activity)
    label = ActivityKind(activity.ledger_activity_kind).label
    return _("由%(kind)s填报：%(text)s") % {"kind": label, "text": text}


@transaction.atomic
def fill_assignments(*, actor: User, activity, assignment_ids: Iterable[int]) -> list[Record]:
    """Fill the chosen proposals: each gets a submitted record whose source is the activity, and an
    ActivityFill. All or nothing; an id that is not a proposal of this activity is refused."""
    if not may_write_for_org(actor, activity.organization):
        raise PermissionDeniedError(
            _("您不能为“%(org)s”填报台账任务：只能填报本组织的任务") % {"org": activity.organization}
        )
    ids = sorted({int(pk) for pk in assignment_ids})
    if not ids:
        raise DomainError(_("请至少勾选一项台账任务"), field="assignments")
    proposals = {a.pk: a for a in fill_proposals(activity).filter(pk__in=ids)}
    foreign = [pk for pk in ids if pk not in proposals]
    if foreign:
        raise DomainError(
            _(
                "编号为 %(ids)s 的台账任务不能用本次活动填报：只能填报本组织、活动所在期间、"
                "对应该类活动且尚未提交的任务；请刷新页面后重新勾选"
            )
            % {"ids": "、".join(map(str, foreign))},
            field="assignments",
        )
    activity_type = _activity_type(activity)
    text = _fill_text(activity)
    participants = getattr(activity, "ledger_participants", None)
    records = []
    for pk in ids:  # id order, as every record service locks assignments
        assignment = proposals[pk]
        records.append(
            record_submit(
                assignment=assignment,
                user=actor,
                content=text,
                done_on=activity.ledger_activity_date,
                participants=participants,
                source=activity,
            )
        )
        fill = ActivityFill(
            assignment=assignment,
            activity_type=activity_type,
            activity_id=activity.pk,
            kind=activity.ledger_activity_kind,
            created_by=actor,
        )
        fill.full_clean(validate_unique=False)
        fill.save()
    return records


def _may_withdraw_accepted(actor: User, assignment: Assignment) -> bool:
    return actor is not None and authz.may(actor, "ledger.review_record", assignment.organization)


@transaction.atomic
def withdraw_fills(*, actor: User, activity) -> int:
    """Undo what an activity filled: the records it wrote and the links go, the assignments are open
    again. A record staff already accepted is withdrawn only by staff. Returns how many were withdrawn."""
    fills = list(fills_of(activity).select_for_update(of=("self",)))
    if not fills:
        return 0
    accepted = [
        f
        for f in fills
        if f.assignment.current_record() and f.assignment.record.state == RecordState.ACCEPTED
    ]
    if accepted and not all(_may_withdraw_accepted(actor, f.assignment) for f in accepted):
        raise DomainError(
            _(
                "本次活动填报的台账任务中有 %(n)s 项已由工委审核通过（%(tasks)s），不能自行撤回；"
                "请联系工委干部撤回后再修改或删除本次活动"
            )
            % {"n": len(accepted), "tasks": "、".join(f"“{f.assignment.task.title}”" for f in accepted)}
        )
    for fill in fills:
        assignment = fill.assignment
        if actor is not None and not (
            may_write_for_org(actor, assignment.organization) or _may_withdraw_accepted(actor, assignment)
        ):
            raise PermissionDeniedError(_("您不能撤回“%(org)s”的台账记录") % {"org": assignment.organization})
        locked = Assignment.objects.select_for_update(of=("self",)).get(pk=assignment.pk)
        require_open_year(assignment.task.item.plan)
        require_open_quarter(assignment.due_date)
        record = Record.objects.filter(
            assignment=locked, source_type=fill.activity_type_id, source_id=fill.activity_id
        ).first()
        with rollup_tracking(Assignment.objects.filter(pk=locked.pk)):
            if record is not None:
                record.delete()
            fill.delete()
    return len(fills)


def fill_of_assignment(assignment: Assignment) -> ActivityFill | None:
    """The fill of one assignment (with its activity), or None."""
    try:
        return assignment.activity_fill
    except ActivityFill.DoesNotExist:
        return None
