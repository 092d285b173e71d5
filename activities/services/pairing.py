"""扶贫结对: register a household, pair a member with it, end the pairing, record a visit with photos.

Every write asks the matrix (accounts/permissions/) and runs in one transaction; a refused or invalid
write raises DomainError / ValidationError with a Chinese message naming the field.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import authz
from accounts.models import Member
from ledger.services import attachment_validate, attachments_check_request, evidence_store
from partybuild.exceptions import DomainError, PermissionDeniedError
from partybuild.fields import refuse_unknown_fields

from ..models import Household, Pairing, Visit, VisitPhoto

HOUSEHOLD_FIELDS = ("head_name", "village", "people", "cause", "organization", "notes")
VISIT_FIELDS = ("visited_on", "content", "funds", "goods")


@transaction.atomic
def household_create(*, actor, head_name: str, village: str, people: int, **fields) -> Household:
    """A household, looked after by `organization` when given (a secretary must name their own)."""
    refuse_unknown_fields(fields, HOUSEHOLD_FIELDS, "household")
    household = Household(
        head_name=head_name.strip(), village=village.strip(), people=people, created_by=actor, **fields
    )
    if actor is not None and not authz.may(actor, "activities.add_household", household):
        raise PermissionDeniedError(
            _("只能登记本党组织联系的帮扶户；请在“联系党组织”中选择本党组织"), field="organization"
        )
    household.full_clean()
    household.save()
    return household


@transaction.atomic
def household_update(*, actor, household: Household, **fields) -> Household:
    refuse_unknown_fields(fields, HOUSEHOLD_FIELDS, "household")
    if actor is not None and not authz.may(actor, "activities.change_household", household):
        raise PermissionDeniedError(_("您不能修改这户的信息"))
    for key, value in fields.items():
        setattr(household, key, value.strip() if isinstance(value, str) else value)
    moved = fields.get("organization") is not None
    if actor is not None and moved and not authz.may(actor, "activities.add_household", household):
        raise PermissionDeniedError(_("联系党组织只能选择您负责的党组织"), field="organization")
    household.full_clean()
    household.save()
    return household


@transaction.atomic
def pairing_create(*, actor, member: Member, household: Household, started_on: date | None = None) -> Pairing:
    """Pair a member with a household; the pairing belongs to the member's org. One active pairing per
    member and household."""
    pairing = Pairing(
        member=member,
        household=household,
        organization=member.organization,
        started_on=started_on or timezone.localdate(),
        created_by=actor,
    )
    if actor is not None and not authz.may(actor, "activities.add_pairing", pairing):
        raise PermissionDeniedError(_("只能为本党组织（及下级组织）的党员登记结对"), field="member")
    if Pairing.objects.filter(member=member, household=household, ended_on__isnull=True).exists():
        raise DomainError(
            _("%(member)s已与%(household)s结对，结对尚未结束")
            % {"member": member.name, "household": household},
            field="household",
        )
    pairing.full_clean()
    pairing.save()
    return pairing


@transaction.atomic
def pairing_update(*, actor, pairing: Pairing, started_on: date | None = None, ended_on=...) -> Pairing:
    """Correct the start date or end the pairing (ended_on); `...` leaves the end as it is."""
    if actor is not None and not authz.may(actor, "activities.change_pairing", pairing):
        raise PermissionDeniedError(_("只能修改本党组织党员的结对"))
    if started_on is not None:
        pairing.started_on = started_on
    if ended_on is not ...:
        pairing.ended_on = ended_on
    pairing.full_clean()
    pairing.save()
    return pairing


def pairing_end(*, actor, pairing: Pairing, ended_on: date | None = None) -> Pairing:
    if pairing.ended_on is not None:
        raise DomainError(_("该结对已于%(d)s结束") % {"d": pairing.ended_on}, field="ended_on")
    return pairing_update(actor=actor, pairing=pairing, ended_on=ended_on or timezone.localdate())


def _pairing_on(member: Member, household: Household, on: date) -> Pairing | None:
    return (
        Pairing.objects.filter(member=member, household=household).active(on).order_by("-started_on").first()
    )


def _check_money(fields: dict) -> None:
    for name in ("funds", "goods"):
        value = fields.get(name)
        if value is not None and Decimal(value) < 0:
            raise DomainError(_("金额不能为负数"), field=name)


def _store_photos(visit: Visit, files: Sequence[UploadedFile]) -> None:
    files = list(files)
    if not files:
        return
    attachments_check_request(files)
    for file in files:
        attachment_validate(file)
    evidence_store(files, lambda **fields: VisitPhoto(visit=visit, **fields))


@transaction.atomic
def visit_create(
    *,
    actor,
    visited_on: date,
    pairing: Pairing | None = None,
    member: Member | None = None,
    household: Household | None = None,
    files: Sequence[UploadedFile] = (),
    **fields,
) -> Visit:
    """Record a visit, of a pairing or of a member and a household (then linked to their pairing in force
    on that day). The member must have been paired with the household on that day."""
    refuse_unknown_fields(fields, VISIT_FIELDS, "visit")
    if pairing is not None:
        member, household = pairing.member, pairing.household
    if member is None or household is None:
        raise DomainError(_("请选择结对（党员和帮扶户）"), field="pairing")
    if visited_on > timezone.localdate():
        raise DomainError(_("走访日期不能晚于今天"), field="visited_on")
    in_force = _pairing_on(member, household, visited_on)
    if in_force is None:
        raise DomainError(
            _("%(day)s %(member)s与%(household)s没有结对；请核对走访日期，或先登记结对")
            % {"day": visited_on, "member": member.name, "household": household},
            field="visited_on",
        )
    _check_money(fields)
    visit = Visit(
        pairing=in_force,
        member=member,
        household=household,
        organization=in_force.organization,
        visited_on=visited_on,
        created_by=actor,
        **fields,
    )
    if actor is not None and not authz.may(actor, "activities.add_visit", visit):
        raise PermissionDeniedError(_("只能登记本党组织党员的走访"))
    if Visit.objects.filter(member=member, household=household, visited_on=visited_on).exists():
        raise DomainError(_("这名党员当天对这户的走访已登记"), field="visited_on")
    visit.full_clean()
    visit.save()
    _store_photos(visit, files)
    return visit


@transaction.atomic
def visit_update(*, actor, visit: Visit, files: Sequence[UploadedFile] = (), **fields) -> Visit:
    refuse_unknown_fields(fields, VISIT_FIELDS, "visit")
    if actor is not None and not authz.may(actor, "activities.change_visit", visit):
        raise PermissionDeniedError(_("只能修改本党组织党员的走访记录"))
    _check_money(fields)
    if "visited_on" in fields and fields["visited_on"] != visit.visited_on:
        in_force = _pairing_on(visit.member, visit.household, fields["visited_on"])
        if in_force is None:
            raise DomainError(_("该日期不在结对期间内；请核对走访日期"), field="visited_on")
        visit.pairing = in_force
    for key, value in fields.items():
        setattr(visit, key, value)
    visit.full_clean()
    visit.save()
    _store_photos(visit, files)
    return visit
