"""提醒约谈: record a talk with its rectification items; the secretary reports an item done with
evidence; committee staff close it (销号) or send it back; a talk may escalate to a 函告."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import authz
from accounts.audit import audit_log
from accounts.models import Organization
from accounts.notifications import Message, notifications_send_bulk
from accounts.selectors import secretary_users_by_org
from ledger.services import attachment_validate, attachments_check_request, evidence_store
from partybuild.exceptions import DomainError, PermissionDeniedError
from partybuild.fields import refuse_unknown_fields

from ..models import Letter, Rectification, RectificationEvidence, RectificationState, ReminderTalk

TALK_FIELDS = ("term", "secretary_name", "reason", "reason_detail", "talked_on", "talked_by", "notes")
LETTER_FIELDS = ("addressee", "number", "sent_on", "body")


def _notify_secretaries(org: Organization, title: str, url: str, key: str) -> None:
    users = secretary_users_by_org([org.pk]).get(org.pk, [])
    notifications_send_bulk(Message(user=user, title=title, url=url, dedupe_key=key) for user in users)


@transaction.atomic
def reminder_talk_create(
    *, actor, organization: Organization, items: Sequence[dict] = (), notify: bool = True, **fields
) -> ReminderTalk:
    """Record a talk and its items ({"content", "deadline"}); the org's secretaries are notified
    (`notify=False` for a talk held before the portal, recorded by an import)."""
    refuse_unknown_fields(fields, TALK_FIELDS, "reminder_talk")
    if actor is not None and not authz.may(actor, "activities.add_remindertalk", organization):
        raise PermissionDeniedError(_("只有工委干部可以登记提醒约谈"))
    term = fields.get("term")
    if term is not None and not fields.get("secretary_name"):
        fields["secretary_name"] = term.person_name
    talk = ReminderTalk(organization=organization, created_by=actor, **fields)
    talk.full_clean()
    talk.save()
    for item in items:
        rectification_add(actor=actor, talk=talk, **item)
    if notify:
        _notify_secretaries(
            organization,
            _("提醒约谈：请按期完成整改事项"),
            reverse("bulletins:my_rectifications"),
            f"reminder_talk:{talk.pk}",
        )
    return talk


@transaction.atomic
def reminder_talk_update(*, actor, talk: ReminderTalk, **fields) -> ReminderTalk:
    refuse_unknown_fields(fields, TALK_FIELDS, "reminder_talk")
    if actor is not None and not authz.may(actor, "activities.change_remindertalk", talk):
        raise PermissionDeniedError(_("只有工委干部可以修改提醒约谈"))
    for key, value in fields.items():
        setattr(talk, key, value)
    talk.full_clean()
    talk.save()
    return talk


@transaction.atomic
def rectification_add(*, actor, talk: ReminderTalk, content: str, deadline: date) -> Rectification:
    if actor is not None and not authz.may(actor, "activities.add_rectification", talk):
        raise PermissionDeniedError(_("只有工委干部可以布置整改事项"))
    if deadline < talk.talked_on:
        raise DomainError(
            _("整改期限（%(d)s）不能早于约谈日期（%(t)s）") % {"d": deadline, "t": talk.talked_on},
            field="deadline",
        )
    seq = (talk.rectifications.aggregate(n=Max("seq"))["n"] or 0) + 1
    item = Rectification(talk=talk, seq=seq, content=content, deadline=deadline)
    item.full_clean()
    item.save()
    return item


def _store_evidence(item: Rectification, files: Sequence[UploadedFile]) -> None:
    evidence_store(files, lambda **fields: RectificationEvidence(rectification=item, **fields))


@transaction.atomic
def rectification_report(
    *, actor, rectification: Rectification, report: str, files: Sequence[UploadedFile] = ()
) -> Rectification:
    """The secretary reports the item done, with what was done and evidence; staff then verify it."""
    if actor is not None and not authz.may(actor, "activities.report_rectification", rectification):
        raise PermissionDeniedError(_("只有该党组织的书记可以报告整改完成情况"))
    item = (
        Rectification.objects.select_for_update()
        .select_related("talk__organization")
        .get(pk=rectification.pk)
    )
    if item.state == RectificationState.CLOSED:
        raise DomainError(_("该整改事项已销号，不能再报告"))
    if not report.strip():
        raise DomainError(_("请填写整改完成情况"), field="report")
    files = list(files)
    attachments_check_request(files)
    for file in files:
        attachment_validate(file)
    if not files and not item.evidence.exists():
        raise DomainError(_("请上传整改佐证材料（照片、PDF、Word 或 Excel 文件）"), field="files")
    item.report = report.strip()
    item.state = RectificationState.REPORTED
    item.reported_at = timezone.now()
    item.reported_by = actor
    item.full_clean()
    item.save()
    _store_evidence(item, files)
    return item


@transaction.atomic
def rectification_close(*, actor, rectification: Rectification, note: str = "") -> Rectification:
    """Staff verify a reported item and close it (销号)."""
    if actor is not None and not authz.may(actor, "activities.close_rectification", rectification):
        raise PermissionDeniedError(_("只有工委干部可以核查销号"))
    item = Rectification.objects.select_for_update().get(pk=rectification.pk)
    if item.state == RectificationState.CLOSED:
        raise DomainError(_("该整改事项已经销号"))
    if item.state != RectificationState.REPORTED:
        raise DomainError(_("书记尚未报告整改完成情况，不能销号"))
    item.state = RectificationState.CLOSED
    item.closed_at = timezone.now()
    item.closed_by = actor
    item.review_note = note
    item.save()
    audit_log("activities.rectification_close", actor=actor, target=item)
    return item


@transaction.atomic
def rectification_return(*, actor, rectification: Rectification, note: str) -> Rectification:
    """Staff send a reported item back (整改不到位), saying why; it is open again."""
    if actor is not None and not authz.may(actor, "activities.close_rectification", rectification):
        raise PermissionDeniedError(_("只有工委干部可以核查销号"))
    item = (
        Rectification.objects.select_for_update()
        .select_related("talk__organization")
        .get(pk=rectification.pk)
    )
    if item.state != RectificationState.REPORTED:
        raise DomainError(_("只有已报告待销号的整改事项可以退回"))
    if not note.strip():
        raise DomainError(_("退回时请写明整改不到位之处"), field="note")
    item.state = RectificationState.OPEN
    item.review_note = note.strip()
    item.save()
    _notify_secretaries(
        item.talk.organization,
        _("整改事项被退回：%(note)s") % {"note": item.review_note[:60]},
        reverse("bulletins:my_rectifications"),
        f"rectification_return:{item.pk}:{timezone.now():%Y%m%d%H%M%S}",
    )
    return item


@transaction.atomic
def letter_create(*, actor, talk: ReminderTalk, **fields) -> Letter:
    """函告: the talk escalated to a letter to the unit's party group, with its number and date."""
    refuse_unknown_fields(fields, LETTER_FIELDS, "letter")
    if actor is not None and not authz.may(actor, "activities.add_letter", talk):
        raise PermissionDeniedError(_("只有工委干部可以登记函告"))
    if Letter.objects.filter(talk=talk).exists():
        raise DomainError(_("该约谈已有函告记录，请修改原记录"), field="talk")
    letter = Letter(talk=talk, **fields)
    letter.full_clean(validate_unique=False)
    letter.save()
    return letter


@transaction.atomic
def letter_update(*, actor, letter: Letter, **fields) -> Letter:
    """Correct a 函告's addressee, number, date or text (e.g. a re-imported legacy file)."""
    refuse_unknown_fields(fields, LETTER_FIELDS, "letter")
    if actor is not None and not authz.may(actor, "activities.change_letter", letter):
        raise PermissionDeniedError(_("只有工委干部可以修改函告"))
    for key, value in fields.items():
        setattr(letter, key, value)
    letter.full_clean(validate_unique=False)
    letter.save()
    return letter
