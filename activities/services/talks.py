"""任职谈话: record the appointment talk of a term (one per term)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from accounts import authz
from accounts.models import SecretaryTerm
from partybuild.exceptions import DomainError, PermissionDeniedError
from partybuild.fields import refuse_unknown_fields

from ..models import AppointmentTalk

TALK_FIELDS = ("talked_on", "talked_by", "plan", "pledge")


@transaction.atomic
def appointment_talk_create(*, actor, term: SecretaryTerm, **fields) -> AppointmentTalk:
    refuse_unknown_fields(fields, TALK_FIELDS, "appointment_talk")
    if actor is not None and not authz.may(actor, "activities.add_appointmenttalk", term):
        raise PermissionDeniedError(_("只有工委干部可以登记任职谈话"))
    term = SecretaryTerm.objects.select_for_update().get(pk=term.pk)
    if AppointmentTalk.objects.filter(term=term).exists():
        raise DomainError(_("该任职已有任职谈话记录，请修改原记录"), field="term")
    talk = AppointmentTalk(term=term, **fields)
    talk.full_clean(validate_unique=False)
    talk.save()
    return talk


@transaction.atomic
def appointment_talk_update(*, actor, talk: AppointmentTalk, **fields) -> AppointmentTalk:
    refuse_unknown_fields(fields, TALK_FIELDS, "appointment_talk")
    if actor is not None and not authz.may(actor, "activities.change_appointmenttalk", talk):
        raise PermissionDeniedError(_("只有工委干部可以修改任职谈话"))
    for key, value in fields.items():
        setattr(talk, key, value)
    talk.full_clean()
    talk.save()
    return talk
