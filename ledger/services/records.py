"""Records: a secretary submits, edits while not yet accepted; committee staff accept or return.

One record per assignment (Record.assignment is one-to-one). Every service locks the assignment row
first (then the record), so writers of one assignment queue up, and the rollup's before/after counts
(rollup_tracking) are read from rows nobody else is changing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from accounts.audit import audit_log
from accounts.models import User
from partybuild.exceptions import ConflictError, DomainError, PermissionDeniedError
from partybuild.periods import Period, quarter_of
from partybuild.text import quoted

from ..models import Assignment, PeriodClosure, PlanState, Record, RecordState
from ._common import may_write_for_org, require_committee_staff, require_open_quarter, require_open_year
from .attachments import attachment_validate, attachments_store
from .quotas import attachments_check_request, evidence_check_org_quota
from .rollup import rollup_tracking

_EDITABLE = (RecordState.SUBMITTED, RecordState.RETURNED)
# The API's limit on the text; participants must fit Record.participants (a PositiveIntegerField).
CONTENT_MAX = 5000
PARTICIPANTS_MAX = 2_147_483_647


def _check_content(content: str, done_on: date | None, participants: int | None) -> None:
    if not (content or "").strip():
        raise DomainError(_("请填写完成情况"), field="content")
    if done_on is None:
        raise DomainError(_("请填写完成日期"), field="done_on")
    if done_on > timezone.localdate():
        raise DomainError(
            _("完成日期 %(date)s 晚于今天，请填写实际完成的日期") % {"date": done_on}, field="done_on"
        )
    if len(content) > CONTENT_MAX:
        raise DomainError(
            _("完成情况共%(count)d字，超过%(max)d字的上限；请精简，详细材料可作为附件上传")
            % {"count": len(content), "max": CONTENT_MAX},
            field="content",
        )
    if participants is not None and participants < 0:
        raise DomainError(_("参与人数不能为负数"), field="participants")
    if participants is not None and participants > PARTICIPANTS_MAX:
        raise DomainError(
            _("参与人数%(count)d过大，请填写实际参加的人数") % {"count": participants}, field="participants"
        )


def _check_files(organization, files: Sequence[UploadedFile]) -> None:
    """Quotas first (cheap, and they bound the work), then each file's type and content; nothing is stored."""
    attachments_check_request(files)
    for file in files:
        attachment_validate(file)
    evidence_check_org_quota(organization, files)


def _lock_assignment(pk: int) -> Assignment:
    return (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("organization", "task__item__plan")
        .get(pk=pk)
    )


def _tracked(assignment: Assignment):
    return rollup_tracking(Assignment.objects.filter(pk=assignment.pk))


@transaction.atomic
def record_submit(
    *,
    assignment: Assignment,
    user: User,
    content: str,
    done_on: date,
    participants: int | None = None,
    files: Sequence[UploadedFile] = (),
    source=None,
) -> Record:
    """A secretary reports what their org did for one assignment, with optional evidence files.

    `source`: the activity the record was written from (ledger.services.fills), its evidence."""
    assignment = _lock_assignment(assignment.pk)
    if not may_write_for_org(user, assignment.organization):
        raise PermissionDeniedError(
            _("您不能为“%(org)s”提交台账记录：只能提交本组织的任务") % {"org": assignment.organization}
        )
    require_open_year(assignment.task.item.plan)
    require_open_quarter(assignment.due_date)
    # The assignment row is locked above, so of simultaneous submissions exactly one gets here first;
    # the others wait for it and then see its record (a conflict, 409 in the API).
    existing = Record.objects.filter(assignment=assignment).first()
    if existing is not None:
        raise ConflictError(
            _("%(task)s（%(period)s）已有记录（%(state)s），请修改已有记录，不要重复提交")
            % {
                "task": quoted(assignment.task),
                "period": Period.parse(assignment.period).label,
                "state": existing.get_state_display(),
            }
        )
    _check_content(content, done_on, participants)
    _check_files(assignment.organization, files)
    now = timezone.now()
    record = Record(
        assignment=assignment,
        content=content.strip(),
        done_on=done_on,
        participants=participants,
        state=RecordState.SUBMITTED,
        submitted_by=user,
        submitted_at=now,
        first_submitted_at=now,
    )
    if source is not None:
        record.source = source
    record.full_clean()
    with _tracked(assignment):
        record.save()
    # Last, so that no later step can fail and leave files without their rows.
    attachments_store(record, files)
    return record


@transaction.atomic
def record_update(
    *,
    record: Record,
    user: User,
    content: str,
    done_on: date,
    participants: int | None = None,
    files: Sequence[UploadedFile] = (),
    remove_attachment_ids: Sequence[int] = (),
) -> Record:
    """Edit a record not yet accepted; a returned record goes back to the review queue."""
    assignment = _lock_assignment(record.assignment_id)
    record = Record.objects.select_for_update().get(pk=record.pk)
    record.assignment = assignment
    if not may_write_for_org(user, assignment.organization):
        raise PermissionDeniedError(_("您不能修改“%(org)s”的台账记录") % {"org": assignment.organization})
    require_open_year(assignment.task.item.plan)
    require_open_quarter(assignment.due_date)
    if record.state not in _EDITABLE:
        raise PermissionDeniedError(_("该记录已审核通过，不能再修改；如确需更正，请联系工委退回"))
    _check_content(content, done_on, participants)
    _check_files(assignment.organization, files)
    record.content = content.strip()
    record.done_on = done_on
    record.participants = participants
    record.state = RecordState.SUBMITTED
    record.submitted_at = timezone.now()
    record.full_clean()
    with _tracked(assignment):
        record.save()
    if remove_attachment_ids:
        # Only the link goes: the file stays in storage, so the history row (the audit trail) still
        # points at the evidence, and a rolled-back edit loses nothing.
        for attachment in record.attachments.filter(pk__in=remove_attachment_ids):
            attachment.delete()
    attachments_store(record, files)
    return record


def _check_review(accept: bool, comment: str) -> None:
    if not accept and not (comment or "").strip():
        raise DomainError(_("退回记录时必须填写审核意见，说明需要补充或修改的内容"), field="comment")


@transaction.atomic
def record_review(*, record: Record, user: User, accept: bool, comment: str = "") -> Record:
    """Committee staff accept a submitted record (final) or return it with a reason."""
    require_committee_staff(user, _("审核台账记录"))
    # Locked: of two reviewers at the same moment, the second waits and then finds it reviewed.
    assignment = _lock_assignment(record.assignment_id)
    record = Record.objects.select_for_update(of=("self",)).select_related("reviewed_by").get(pk=record.pk)
    record.assignment = assignment
    require_open_year(assignment.task.item.plan)
    require_open_quarter(assignment.due_date)
    if record.state != RecordState.SUBMITTED:
        raise ConflictError(
            _("该记录已由%(who)s审核（当前状态：%(state)s），不能重复审核；请刷新页面查看最新状态")
            % {"who": record.reviewed_by or _("他人"), "state": record.get_state_display()}
        )
    _check_review(accept, comment)
    record.state = RecordState.ACCEPTED if accept else RecordState.RETURNED
    record.review_comment = (comment or "").strip()
    record.reviewed_by = user
    record.reviewed_at = timezone.now()
    record.full_clean()
    with _tracked(assignment):
        record.save()
    return record


@transaction.atomic
def records_review_bulk(*, record_ids: Sequence[int], user: User, accept: bool, comment: str = "") -> int:
    """Review many submitted records in one transaction: all or none. Returns how many were reviewed."""
    require_committee_staff(user, _("审核台账记录"))
    _check_review(accept, comment)
    ids = sorted(set(record_ids))
    if not ids:
        raise DomainError(_("请至少选择一条记录"), field="ids")
    assignment_ids = list(
        Record.objects.filter(pk__in=ids).order_by("assignment_id").values_list("assignment_id", flat=True)
    )
    # The assignments first, in id order, as every record service locks them: no deadlock between them.
    assignments = Assignment.objects.filter(pk__in=assignment_ids)
    list(assignments.select_for_update(of=("self",)).order_by("pk").values_list("pk", flat=True))
    records = list(
        Record.objects.select_for_update(of=("self",))
        .select_related("assignment__task__item__plan")
        .filter(pk__in=ids)
        .order_by("pk")
    )
    missing = set(ids) - {r.pk for r in records}
    if missing:
        raise DomainError(_("记录不存在：编号 %(ids)s") % {"ids": sorted(missing)}, field="ids")
    not_submitted = [r.pk for r in records if r.state != RecordState.SUBMITTED]
    if not_submitted:
        raise DomainError(
            _("以下记录不是“已提交”状态，不能审核：编号 %(ids)s；请取消勾选后重试") % {"ids": not_submitted},
            field="ids",
        )
    archived = sorted(
        {
            r.assignment.task.item.plan.year
            for r in records
            if r.assignment.task.item.plan.state == PlanState.ARCHIVED
        }
    )
    if archived:
        raise PermissionDeniedError(
            _("所选记录中有已归档年度（%(years)s）的记录，不能审核")
            % {"years": _("、").join(map(str, archived))}
        )
    quarters = {quarter_of(r.assignment.due_date).code for r in records}
    closed = sorted(
        PeriodClosure.objects.filter(period__in=quarters, is_closed=True).values_list("period", flat=True)
    )
    if closed:
        raise PermissionDeniedError(
            _("所选记录中有已关账季度（%(quarters)s）的记录，不能审核") % {"quarters": _("、").join(closed)}
        )
    now = timezone.now()
    state = RecordState.ACCEPTED if accept else RecordState.RETURNED
    for record in records:
        record.state = state
        record.review_comment = (comment or "").strip()
        record.reviewed_by = user
        record.reviewed_at = now
    # bulk_update_with_history: set-based UPDATEs plus one history row per record, in this transaction.
    with rollup_tracking(assignments):
        bulk_update_with_history(
            records,
            Record,
            ["state", "review_comment", "reviewed_by", "reviewed_at"],
            batch_size=500,
            default_user=user,
        )
    # Bulk writes send no per-row history signal: one audit event names every record reviewed.
    audit_log(
        "record.review_bulk",
        actor=user,
        target=Record,
        rows=len(records),
        detail={"accept": accept, "ids": ids[:1000], "comment": (comment or "").strip()[:200]},
    )
    return len(records)
