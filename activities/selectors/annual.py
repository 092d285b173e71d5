"""The six systems' blocks of the year-end account (CONTRACT.md, `reports/annual/{year}/`).

Each block is one aggregate query over its records in the given org scope (a secretary's: their org and
the orgs below it; staff's and reporting clients': everything). A record belongs to the year of its own
date; debriefs to their session's 年度; a secretary term to every year it is in office.
"""

from __future__ import annotations

from datetime import date

from django.db.models import CharField, Count, Q, Sum, Value
from django.db.models.functions import Cast, Concat

from accounts.authz import OrgScope
from accounts.models import SecretaryTerm

from ..models import (
    AppointmentTalk,
    Bulletin,
    BulletinOrg,
    BulletinState,
    Debrief,
    Letter,
    Rectification,
    RectificationState,
    ReminderTalk,
    Vetting,
    VettingConclusion,
)
from ..models.bulletins import NUMBERED_KINDS


def _in_year(field: str, year: int) -> Q:
    return Q(**{f"{field}__gte": date(year, 1, 1), f"{field}__lte": date(year, 12, 31)})


def _int(value) -> int:
    return int(value or 0)


def vetting_account(scope: OrgScope, year: int) -> dict[str, int]:
    """`units`: distinct units of the vetted orgs; `candidates`: vetting rows; `people_interviewed`: the sum
    of 谈话人数; `approved`: rows concluded 同意."""
    row = Vetting.objects.filter(scope.q("organization"), _in_year("visited_on", year)).aggregate(
        units=Count("organization__unit", distinct=True),
        candidates=Count("pk"),
        people_interviewed=Sum("interviewed_count"),
        approved=Count("pk", filter=Q(conclusion=VettingConclusion.APPROVED)),
    )
    return {key: _int(value) for key, value in row.items()}


def appointment_talks_count(scope: OrgScope, year: int) -> int:
    return AppointmentTalk.objects.filter(scope.q("term__organization"), _in_year("talked_on", year)).count()


def bulletins_count(scope: OrgScope, year: int) -> int:
    """Published 通报/工作提醒 of the year (notices are not numbered issues). In a secretary's scope: those
    naming one of its orgs."""
    published = Q(bulletin__state=BulletinState.PUBLISHED, bulletin__kind__in=NUMBERED_KINDS)
    if scope.everything:
        return Bulletin.objects.filter(
            state=BulletinState.PUBLISHED, kind__in=NUMBERED_KINDS, year=year
        ).count()
    return (
        BulletinOrg.objects.filter(scope.q("organization"), published, bulletin__year=year)
        .values("bulletin_id")
        .distinct()
        .count()
    )


def reminder_talks_account(scope: OrgScope, year: int) -> dict[str, int]:
    """`talks`: the year's talks; `rectifications`: their items; `closed`: those closed (销号)."""
    talks = ReminderTalk.objects.filter(scope.q("organization"), _in_year("talked_on", year)).count()
    items = Rectification.objects.filter(scope.q("talk__organization"), _in_year("talk__talked_on", year))
    row = items.aggregate(
        rectifications=Count("pk"), closed=Count("pk", filter=Q(state=RectificationState.CLOSED))
    )
    return {"talks": talks, **{key: _int(value) for key, value in row.items()}}


def letters_count(scope: OrgScope, year: int) -> int:
    return Letter.objects.filter(scope.q("talk__organization"), _in_year("sent_on", year)).count()


def debriefs_account(scope: OrgScope, year: int) -> dict[str, int]:
    """`secretaries`: distinct people who debriefed in the year (any type; a person is a name within an
    org); `sessions`: distinct (述职日期, 类型) sessions."""
    person = Concat(Cast("organization_id", CharField()), Value("/"), "person_name", output_field=CharField())
    session = Concat(
        Cast("session__held_on", CharField()), Value("/"), "session__kind", output_field=CharField()
    )
    row = Debrief.objects.filter(scope.q("organization"), session__year=year).aggregate(
        secretaries=Count(person, distinct=True), sessions=Count(session, distinct=True)
    )
    return {key: _int(value) for key, value in row.items()}


def archives_count(scope: OrgScope, year: int) -> int:
    """Secretary terms in office at any time in the year (one 实绩档案 each)."""
    return SecretaryTerm.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=date(year, 1, 1)),
        scope.q("organization"),
        started_on__lte=date(year, 12, 31),
    ).count()


def six_systems_account(scope: OrgScope, year: int) -> dict:
    """The six systems' keys of the account, each counted by its own query above."""
    return {
        "vetting": vetting_account(scope, year),
        "appointment_talks": appointment_talks_count(scope, year),
        "bulletins": bulletins_count(scope, year),
        "reminder_talks": reminder_talks_account(scope, year),
        "letters": letters_count(scope, year),
        "debriefs": debriefs_account(scope, year),
        "archives": archives_count(scope, year),
    }
