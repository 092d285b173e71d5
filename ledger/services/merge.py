"""The ledger's part of a merge (accounts.services.organizations_merge): open work moves, history stays.

An assignment of the merged org is *closed history* when its record was accepted or it falls due in a
closed quarter: it stays with the org that owed it, under that org's name, as the quarter's summaries
counted it. Every other assignment is *open* and moves to the org it merges into — unless that org
already owes the same task for the same period: then the target's is kept, and the source's is dropped
when nothing was submitted for it, or left with the source (and reported) when a record is waiting.
Records of moved assignments move with them (a record belongs to its assignment's org).
"""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from accounts.audit import audit_log
from accounts.models import Organization
from accounts.services import MergeResult

from ..models import Assignment, Record, RecordState, Task
from ._common import in_closed_quarter_q


def _split(source: Organization, target: Organization) -> dict[str, QuerySet[Assignment]]:
    owed = Assignment.objects.filter(organization=source)
    history = owed.filter(Q(record_state=RecordState.ACCEPTED) | in_closed_quarter_q())
    open_ = owed.exclude(pk__in=history.values("pk"))
    also_at_target = Exists(
        Assignment.objects.filter(organization=target, task=OuterRef("task"), period=OuterRef("period"))
    )
    has_record = Exists(Record.objects.filter(assignment=OuterRef("pk")))
    return {
        "open": open_,
        "history": history,
        "move": open_.exclude(also_at_target),
        "drop": open_.filter(also_at_target).exclude(has_record),
        "keep": open_.filter(also_at_target).filter(has_record),
    }


def _tasks_naming(source: Organization, assignments: QuerySet[Assignment]) -> QuerySet[Task]:
    """Tasks with open work of the source that name it explicitly: the target takes its place."""
    return Task.objects.filter(responsible_orgs=source, pk__in=assignments.values("task_id")).distinct()


def ledger_merge_step(
    *, source: Organization, target: Organization, on_date: date, actor, apply: bool
) -> MergeResult:
    parts = _split(source, target)
    tasks = list(_tasks_naming(source, parts["open"]))
    moving = list(parts["move"].select_for_update() if apply else parts["move"])
    dropping = list(parts["drop"].select_for_update() if apply else parts["drop"])
    records = list(Record.objects.filter(assignment__in=[a.pk for a in moving]))
    counts = {
        "assignments_moved": len(moving),
        "records_moved": len(records),
        "assignments_dropped": len(dropping),
        "assignments_left_for_review": parts["keep"].count(),
        "assignments_history": parts["history"].count(),
        "tasks_repointed": len(tasks),
    }
    names = {"source": source.name, "target": target.name}
    lines = [
        _("未完成的任务分解 %(n)d 条转给“%(target)s”，其中已提交或被退回的记录 %(r)d 条随之转入")
        % {**names, "n": counts["assignments_moved"], "r": counts["records_moved"]},
        _("已通过或在已关账季度内的任务分解 %(n)d 条留在“%(source)s”名下，作为历史保留")
        % {**names, "n": counts["assignments_history"]},
    ]
    if counts["assignments_dropped"]:
        lines.append(
            _(
                "“%(target)s”已承担同一任务同一期间的 %(n)d 条："
                "保留“%(target)s”的，“%(source)s”未提交记录的那条删除"
            )
            % {**names, "n": counts["assignments_dropped"]}
        )
    if counts["assignments_left_for_review"]:
        lines.append(
            _(
                "“%(target)s”已承担同一任务同一期间、但“%(source)s”已提交记录的 %(n)d 条："
                "保留“%(target)s”的，“%(source)s”的那条连同记录留在原处，请审核后处理"
            )
            % {**names, "n": counts["assignments_left_for_review"]}
        )
    if tasks:
        lines.append(_("%(n)d 项任务的责任组织由“%(source)s”改为“%(target)s”") % {**names, "n": len(tasks)})
    if apply:
        _apply(source, target, moving, records, dropping, tasks, actor)
    return MergeResult(counts=counts, lines=lines)


def _apply(source, target, moving, records, drop, tasks, actor) -> None:
    for assignment in moving:
        assignment.organization = target
    bulk_update_with_history(moving, Assignment, ["organization"], batch_size=500, default_user=actor)
    for record in records:
        record.organization = target
    bulk_update_with_history(records, Record, ["organization"], batch_size=500, default_user=actor)
    # Deleted one by one through the ORM, so each leaves a history row (and an audit event).
    for assignment in drop:
        assignment.delete()
    for task in tasks:
        task.responsible_orgs.remove(source)
        task.responsible_orgs.add(target)
    if moving:
        audit_log(
            "assignment.merge", actor=actor, target=source, rows=len(moving), detail={"target": target.name}
        )
