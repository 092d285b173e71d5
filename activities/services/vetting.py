"""审批前考察: record a vetting, correct it, conclude it. Concluding 同意 makes the secretary term."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts import authz
from accounts.models import Member, Organization, SecretaryRole, SecretaryTerm
from accounts.services.people import secretary_term_create, secretary_term_end, secretary_term_update
from partybuild.exceptions import DomainError, PermissionDeniedError
from partybuild.fields import refuse_unknown_fields

from ..models import Vetting, VettingConclusion

VETTING_FIELDS = (
    "proposed_role",
    "reason",
    "replaces",
    "team_members",
    "visited_on",
    "interviewed_count",
    "interviewed_members",
    "interviewed_public",
    "interviewed_leaders",
    "finding_morality",
    "finding_ability",
    "finding_diligence",
    "finding_performance",
    "finding_integrity",
)
# Who, where and for which post: fixed once the vetting made a term.
_FIXED_AFTER_APPROVAL = ("organization", "candidate", "proposed_role", "replaces")


@transaction.atomic
def vetting_create(*, actor, organization: Organization, candidate: Member, **fields) -> Vetting:
    """Record a vetting (no conclusion yet: conclude it with vetting_conclude)."""
    refuse_unknown_fields(fields, VETTING_FIELDS, "vetting")
    if actor is not None and not authz.may(actor, "activities.add_vetting", organization):
        raise PermissionDeniedError(_("只有工委干部可以登记审批前考察"))
    vetting = Vetting(organization=organization, candidate=candidate, **fields)
    vetting.full_clean()
    vetting.save()
    return vetting


@transaction.atomic
def vetting_update(*, actor, vetting: Vetting, **fields) -> Vetting:
    """Correct a vetting's details; once approved, its org, candidate and post stay as approved."""
    refuse_unknown_fields(fields, ("organization", "candidate", *VETTING_FIELDS), "vetting")
    if actor is not None and not authz.may(actor, "activities.change_vetting", vetting):
        raise PermissionDeniedError(_("只有工委干部可以修改审批前考察"))
    vetting = Vetting.objects.select_for_update().get(pk=vetting.pk)
    if vetting.term_id and any(
        getattr(vetting, k) != v for k, v in fields.items() if k in _FIXED_AFTER_APPROVAL
    ):
        raise DomainError(_("该考察已批复任职，党组织、候选人和拟任职务不能再修改；如有错误请修改任职记录"))
    for key, value in fields.items():
        setattr(vetting, key, value)
    vetting.full_clean()
    vetting.save()
    return vetting


def _same_term(vetting: Vetting, starts_on: date) -> SecretaryTerm | None:
    """A term already recorded for this org, person, post and start (e.g. imported from a 任职 file):
    the approval is that term, not a second one (CONTRACT.md: "whichever file comes first")."""
    # OF self: "no vetting yet" is an outer join, which PostgreSQL will not lock.
    return (
        SecretaryTerm.objects.select_for_update(of=("self",))
        .filter(
            organization_id=vetting.organization_id,
            role=vetting.proposed_role,
            started_on=starts_on,
            vetting__isnull=True,
        )
        .filter(
            Q(member_id=vetting.candidate_id) | Q(member__isnull=True, person_name=vetting.candidate.name)
        )
        .order_by("pk")
        .first()
    )


def _predecessors(vetting: Vetting, starts_on: date):
    """The terms the new one takes over: the one it names, else (for 书记) the org's secretary in office."""
    if vetting.replaces_id:
        return [vetting.replaces] if vetting.replaces.ended_on is None else []
    if vetting.proposed_role != SecretaryRole.SECRETARY:
        return []  # an org has several deputies: only the one named in `replaces` leaves
    return list(
        SecretaryTerm.objects.select_for_update().filter(
            organization_id=vetting.organization_id,
            role=SecretaryRole.SECRETARY,
            ended_on__isnull=True,
            started_on__lte=starts_on,
        )
    )


@transaction.atomic
def vetting_conclude(
    *, actor, vetting: Vetting, conclusion: str, approval_document: str = "", approved_on: date | None = None
) -> Vetting:
    """Record the conclusion. 同意 makes the candidate's term from the approval date (the visit date
    when there is none) and ends the predecessor's term the day before — all or nothing."""
    if actor is not None and not authz.may(actor, "activities.change_vetting", vetting):
        raise PermissionDeniedError(_("只有工委干部可以作出考察结论"))
    # OF self: the predecessor (`replaces`) is an outer join, which PostgreSQL will not lock.
    vetting = (
        Vetting.objects.select_for_update(of=("self",))
        .select_related("candidate", "replaces")
        .get(pk=vetting.pk)
    )
    if vetting.term_id:
        raise DomainError(_("该考察已批复并生成任职，不能再改变结论"), field="conclusion")
    if conclusion not in VettingConclusion.values or conclusion == VettingConclusion.PENDING:
        raise DomainError(_("考察结论只能是“同意”“不同意”或“暂缓”"), field="conclusion")
    vetting.conclusion = conclusion
    vetting.approval_document = approval_document
    vetting.approved_on = approved_on
    vetting.full_clean()
    if conclusion == VettingConclusion.APPROVED:
        starts_on = vetting.starts_on
        same = _same_term(vetting, starts_on)
        for predecessor in _predecessors(vetting, starts_on):
            if same is not None and predecessor.pk == same.pk:
                continue
            if predecessor.started_on >= starts_on:
                raise DomainError(
                    _("现任%(name)s的任职时间（%(start)s）不早于新任职时间，不能接替，请核对批复日期")
                    % {"name": predecessor.person_name, "start": predecessor.started_on},
                    field="approved_on",
                )
            secretary_term_end(actor=actor, term=predecessor, ended_on=starts_on - timedelta(days=1))
        vetting.term = (
            _adopt(actor, same, vetting, approval_document)
            if same
            else secretary_term_create(
                actor=actor,
                organization=vetting.organization,
                person_name=vetting.candidate.name,
                member=vetting.candidate,
                role=vetting.proposed_role,
                started_on=starts_on,
                ended_on=_successor_start(vetting, starts_on),
                approval_document=approval_document,
            )
        )
    vetting.save()
    return vetting


def _successor_start(vetting: Vetting, starts_on: date) -> date | None:
    """An approval recorded after a later secretary's term (an old file imported late): the term ends
    the day before its successor's begins, instead of running on beside it."""
    if vetting.proposed_role != SecretaryRole.SECRETARY or vetting.replaces_id:
        return None
    later = (
        SecretaryTerm.objects.filter(
            organization_id=vetting.organization_id, role=SecretaryRole.SECRETARY, started_on__gt=starts_on
        )
        .order_by("started_on")
        .values_list("started_on", flat=True)
        .first()
    )
    return later - timedelta(days=1) if later else None


def _adopt(actor, term: SecretaryTerm, vetting: Vetting, approval_document: str) -> SecretaryTerm:
    """The recorded term becomes the vetting's: it gains the member and the approval number if missing."""
    changes = {}
    if term.member_id is None:
        changes["member"] = vetting.candidate
    if approval_document and not term.approval_document:
        changes["approval_document"] = approval_document
    return secretary_term_update(actor=actor, term=term, **changes) if changes else term
