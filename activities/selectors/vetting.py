"""Reads of the six systems, already limited to what the user may see."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.utils import timezone

from accounts import authz
from accounts.models import SecretaryTerm

from ..models import AppointmentTalk, Vetting
from ..models.talks import TALK_DUE_DAYS


def vettings_visible_to(user) -> QuerySet[Vetting]:
    """Vettings (personnel findings) reach committee staff in their scope only."""
    scope = authz.staff_scope(user)
    return Vetting.objects.filter(scope.q("organization")).select_related(
        "organization", "candidate", "term", "replaces"
    )


def _talk_scope(user) -> authz.OrgScope:
    """Talks and talks due: staff in their scope, a secretary for their org and the orgs below."""
    return authz.write_scope(user)


def appointment_talks_visible_to(user) -> QuerySet[AppointmentTalk]:
    return AppointmentTalk.objects.filter(_talk_scope(user).q("term__organization")).select_related(
        "term", "term__organization"
    )


def in_office_on(day: date) -> Q:
    return Q(started_on__lte=day) & (Q(ended_on__isnull=True) | Q(ended_on__gte=day))


def talks_due(user, *, today: date | None = None) -> QuerySet[SecretaryTerm]:
    """谈话待办: terms in office with no appointment talk, oldest first, each with `talk_overdue`
    (more than TALK_DUE_DAYS days since the term began, i.e. since its approval)."""
    today = today or timezone.localdate()
    cutoff = today - timedelta(days=TALK_DUE_DAYS)
    return (
        SecretaryTerm.objects.filter(_talk_scope(user).q("organization"))
        .filter(in_office_on(today), appointment_talk__isnull=True)
        .select_related("organization", "member")
        .annotate(
            talk_overdue=Case(
                When(started_on__lt=cutoff, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .order_by("started_on", "pk")
    )


def terms_in_staff_scope(user) -> QuerySet[SecretaryTerm]:
    """The terms a committee staff member records talks for (and names as replaced by a vetting)."""
    return SecretaryTerm.objects.filter(authz.staff_scope(user).q("organization")).select_related(
        "organization"
    )


def own_talks_due(user, *, today: date | None = None) -> QuerySet[SecretaryTerm]:
    """The secretary's own terms (as the member they are) still waiting for their appointment talk."""
    if not getattr(user, "member_id", None):
        return SecretaryTerm.objects.none()
    return talks_due(user, today=today).filter(member_id=user.member_id)


def vettings_filtered(
    user, *, year: int | None = None, q: str = "", conclusion: str = ""
) -> QuerySet[Vetting]:
    """The vetting list's rows: by year of the visit, org or candidate name, and conclusion."""
    rows = vettings_visible_to(user)
    if year:
        rows = rows.filter(visited_on__year=year)
    if q:
        rows = rows.filter(
            Q(organization__name__icontains=q)
            | Q(organization__short_name__icontains=q)
            | Q(candidate__name=q)
        )
    if conclusion:
        rows = rows.filter(conclusion="" if conclusion == "pending" else conclusion)
    return rows.order_by("-visited_on", "-pk")
