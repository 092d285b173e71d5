"""述职评议: a session with its scoring round, and each secretary's debrief as one scored subject."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from accounts import authz
from accounts.models import Organization, SecretaryTerm
from partybuild.exceptions import ConflictError, DomainError, PermissionDeniedError
from partybuild.fields import refuse_unknown_fields

from ..models import Debrief, DebriefKind, DebriefSession, RaterKind, ScoringTemplate
from .scoring import scoring_round_open, scoring_subject_add

SESSION_FIELDS = ("year", "held_on", "title", "venue")
DEBRIEF_FIELDS = ("report_text", "report_file", "head_comment", "seq")
# The result of a year debriefed before the portal (an import): shown when the session has no scores.
RESULT_FIELDS = ("recorded_score", "recorded_grade")

# 向工委述职: the committee's invited reviewers log in. To the members and the half-year 测评: member
# representatives score with seat codes, no account needed.
RATERS_BY_KIND = {
    DebriefKind.TO_COMMITTEE: RaterKind.REVIEWERS,
    DebriefKind.TO_MEMBERS: RaterKind.SEATS,
    DebriefKind.MIDYEAR: RaterKind.SEATS,
}


def _require(actor, permission: str, obj, message: str) -> None:
    if actor is not None and not authz.may(actor, permission, obj):
        raise PermissionDeniedError(message)


@transaction.atomic
def debrief_session_create(
    *,
    actor,
    year: int,
    held_on: date,
    kind: str,
    title: str,
    template: ScoringTemplate | None,
    venue: str = "",
) -> DebriefSession:
    """A session and its scoring round (reviewers or seats by kind), open for scoring."""
    _require(actor, "activities.add_debriefsession", None, _("只有工委干部可以组织述职评议"))
    if template is None:
        raise DomainError(_("还没有启用的评分模板，请先在管理后台“评分模板”中建立"), field="template")
    if kind not in DebriefKind.values:
        raise DomainError(_("述职类型只能是向工委述职、向党员述职或半年测评"), field="kind")
    if held_on.year != year:
        raise DomainError(
            _("述职日期（%(day)s）不在 %(year)s 年度内，请核对年度") % {"day": held_on, "year": year},
            field="held_on",
        )
    session = DebriefSession(
        year=year, held_on=held_on, kind=kind, title=title, venue=venue, created_by=actor
    )
    session.full_clean(exclude=["round"])
    session.round = scoring_round_open(
        actor=actor, title=title, template=template, rater_kind=RATERS_BY_KIND[kind]
    )
    session.save()
    return session


@transaction.atomic
def debrief_session_update(*, actor, session: DebriefSession, **fields) -> DebriefSession:
    refuse_unknown_fields(fields, SESSION_FIELDS, "debrief_session")
    _require(actor, "activities.change_debriefsession", session, _("只有工委干部可以修改述职评议会"))
    for key, value in fields.items():
        setattr(session, key, value)
    if session.held_on.year != session.year:
        raise DomainError(_("述职日期须在所属年度内，请核对年度"), field="held_on")
    session.full_clean()
    session.save()
    if "title" in fields and session.round_id:
        session.round.title = session.title
        session.round.save(update_fields=["title"])
    return session


@transaction.atomic
def debrief_add(
    *,
    actor,
    session: DebriefSession,
    organization: Organization,
    person_name: str,
    term: SecretaryTerm | None = None,
    **fields,
) -> Debrief:
    """A secretary debriefs in the session: they become a subject of its scoring round."""
    refuse_unknown_fields(fields, DEBRIEF_FIELDS + RESULT_FIELDS, "debrief")
    _require(actor, "activities.add_debrief", organization, _("只有工委干部可以安排书记述职"))
    if session.is_closed:
        raise ConflictError(_("该述职评议会的评分已结束，不能再增加述职人"))
    if term is not None:
        if term.organization_id != organization.pk:
            raise DomainError(_("所选任职不属于该党组织"), field="term")
        person_name = person_name or term.person_name
    person_name = (person_name or "").strip()
    if not person_name:
        raise DomainError(_("请填写述职书记的姓名"), field="person_name")
    if Debrief.objects.filter(session=session, organization=organization, person_name=person_name).exists():
        raise DomainError(
            _("%(name)s（%(org)s）已在本次述职名单中") % {"name": person_name, "org": organization},
            field="person_name",
        )
    fields.setdefault("seq", session.debriefs.count() + 1)
    debrief = Debrief(
        session=session, organization=organization, term=term, person_name=person_name, **fields
    )
    debrief.full_clean(exclude=["subject"])
    debrief.save()
    if session.round_id:
        label = f"{person_name}（{organization.short_name or organization.name}）"
        debrief.subject = scoring_subject_add(actor=actor, round=session.round, label=label, target=debrief)
        debrief.save(update_fields=["subject"])
    return debrief


@transaction.atomic
def debrief_update(*, actor, debrief: Debrief, **fields) -> Debrief:
    """The report and the committee head's comment (the comment often comes after the scores); an
    imported year's recorded result."""
    refuse_unknown_fields(fields, DEBRIEF_FIELDS + RESULT_FIELDS, "debrief")
    _require(actor, "activities.change_debrief", debrief, _("只有工委干部可以修改述职记录"))
    for key, value in fields.items():
        setattr(debrief, key, value)
    debrief.full_clean()
    debrief.save()
    return debrief
