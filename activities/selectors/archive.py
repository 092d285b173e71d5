"""实绩档案: one archive per secretary term, assembled live from the six systems' records and the ledger's
summary tables every time it is read — never stored, so a new talk, debrief or closed item shows at once.

A record belongs to a term when it names the term, or (imported rows, which may name only the person)
when it has no term but the same org and person and falls within the term's dates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import (
    DateField,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Greatest, Least
from django.utils import timezone

from accounts import authz
from accounts.models import SecretaryTerm
from ledger.models import AssignmentRollup
from ledger.selectors import org_rollup_by_year

from ..models import (
    AppointmentTalk,
    BulletinMark,
    BulletinOrg,
    BulletinState,
    Debrief,
    Rectification,
    RectificationState,
    ReminderTalk,
)
from ..selectors.scoring import debriefs_visible_to

FLAGS = ("no_talk", "no_debrief", "open_items")
FAR_FUTURE = date(9999, 12, 31)


# --- who sees which archive ------------------------------------------------------------------------


def archive_terms_visible_to(user) -> QuerySet[SecretaryTerm]:
    """Staff: the terms in their scope; the reporting client: those in its business scope (counts and
    published results only); a secretary: their own terms (the person they are), nobody else's."""
    if not authz.has_business_access(user):
        return SecretaryTerm.objects.none()
    terms = SecretaryTerm.objects.select_related("organization", "member")
    scope = authz.business_scope(user) if authz.is_reporting(user) else authz.staff_scope(user)
    if scope.everything:  # (Q() | other) would be just `other`: everything must not be OR-ed away
        return terms
    condition = scope.q("organization")
    if authz.is_secretary(user) and user.member_id:
        condition |= Q(member_id=user.member_id)
    return terms.filter(condition)


def own_archives(user) -> QuerySet[SecretaryTerm]:
    """The secretary's own terms, newest first (their home page's card)."""
    if not (authz.is_secretary(user) and user.member_id):
        return SecretaryTerm.objects.none()
    return archive_terms_visible_to(user).filter(member_id=user.member_id).order_by("-started_on", "-pk")


# --- what belongs to a term (correlated, for the list) ------------------------------------------------


def _until(term_end) -> Coalesce:
    return Coalesce(term_end, Value(FAR_FUTURE), output_field=DateField())


def _of_term(term_field: str, org_field: str, name_field: str, day_field: str) -> Q:
    """Rows of the outer term: naming it, or naming no term but its org and person within its dates."""
    return Q(**{term_field: OuterRef("pk")}) | Q(
        **{
            f"{term_field}__isnull": True,
            org_field: OuterRef("organization_id"),
            name_field: OuterRef("person_name"),
            f"{day_field}__gte": OuterRef("started_on"),
            f"{day_field}__lte": _until(OuterRef("ended_on")),
        }
    )


def _debriefs_of_term() -> Q:
    return _of_term("term", "organization", "person_name", "session__held_on")


def _items_of_term() -> Q:
    return _of_term("talk__term", "talk__organization", "talk__secretary_name", "talk__talked_on")


def _count(rows: QuerySet, expression: str = "pk", function: str = "COUNT") -> Coalesce:
    """A correlated COUNT (or SUM of a column) of `rows`, 0 when there is none: an aggregate with no
    GROUP BY, so one row whatever matches."""
    total = Func(F(expression), function=function, output_field=IntegerField())
    return Coalesce(
        Subquery(rows.order_by().annotate(n=total).values("n")[:1]),
        Value(0),
        output_field=IntegerField(),
    )


def archives_for_year(user, year: int, *, today: date | None = None) -> QuerySet[SecretaryTerm]:
    """The archives of the terms in office at any time in `year`, each with its figures and its flags
    (no talk, no debrief this year, open rectification items) as annotations: one query for any
    number of terms. Ledger figures are the org's own assignments due in the year while the term ran."""
    today = today or timezone.localdate()
    first, last = date(year, 1, 1), date(year, 12, 31)
    window_start = Greatest(OuterRef("started_on"), Value(first), output_field=DateField())
    window_end = Least(_until(OuterRef("ended_on")), Value(last), output_field=DateField())
    ledger = AssignmentRollup.objects.filter(
        organization_id=OuterRef("organization_id"), due_date__gte=window_start, due_date__lte=window_end
    )
    named = BulletinOrg.objects.filter(
        organization_id=OuterRef("organization_id"),
        bulletin__state=BulletinState.PUBLISHED,
        bulletin__issued_on__gte=window_start,
        bulletin__issued_on__lte=window_end,
    )
    items = Rectification.objects.filter(_items_of_term())
    talks = ReminderTalk.objects.filter(
        _of_term("term", "organization", "secretary_name", "talked_on"), talked_on__year=year
    )
    year_debriefs = Debrief.objects.filter(_debriefs_of_term(), session__year=year)
    return (
        archive_terms_visible_to(user)
        .filter(started_on__lte=last)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=first))
        .annotate(
            has_talk=Exists(AppointmentTalk.objects.filter(term=OuterRef("pk"))),
            talked_on=Subquery(AppointmentTalk.objects.filter(term=OuterRef("pk")).values("talked_on")[:1]),
            has_debrief=Exists(year_debriefs),
            reminder_talk_count=_count(talks),
            items_total=_count(items),
            items_open=_count(items.exclude(state=RectificationState.CLOSED)),
            items_overdue=_count(items.exclude(state=RectificationState.CLOSED).filter(deadline__lt=today)),
            praised=_count(named.filter(mark=BulletinMark.PRAISE)),
            reminded=_count(named.filter(mark=BulletinMark.REMIND)),
            criticised=_count(named.filter(mark=BulletinMark.CRITICISE)),
            ledger_total=_count(ledger, "total", "SUM"),
            ledger_accepted=_count(ledger, "accepted", "SUM"),
        )
        .order_by("organization__path", "role", "-started_on", "pk")
    )


def archives_filtered(
    user, *, year: int, q: str = "", flag: str = "", today: date | None = None
) -> QuerySet[SecretaryTerm]:
    """The staff list: a year's archives by org or person name, and by flag (or 'complete': none)."""
    rows = archives_for_year(user, year, today=today)
    if q := q.strip():
        rows = rows.filter(
            Q(organization__name__icontains=q) | Q(organization__short_name__icontains=q) | Q(person_name=q)
        )
    conditions = {
        "no_talk": Q(has_talk=False),
        "no_debrief": Q(has_debrief=False),
        "open_items": Q(items_open__gt=0),
        "complete": Q(has_talk=True, has_debrief=True, items_open=0),
    }
    if flag in conditions:
        rows = rows.filter(conditions[flag])
    return rows


def completion_rate(term: SecretaryTerm) -> float | None:
    """The share of the ledger's assignments accepted (%, one decimal), as the ledger summary computes it."""
    total = getattr(term, "ledger_total", 0)
    return round(term.ledger_accepted * 100 / total, 1) if total else None


# --- one archive -------------------------------------------------------------------------------------


@dataclass
class Archive:
    """Everything one term's archive shows, read now. `show_findings` / `show_reasons` say whether the
    reader may see the vetting's findings (staff) and the reminder talks' reasons (staff, the secretary)."""

    term: SecretaryTerm
    vetting: object | None
    talk: AppointmentTalk | None
    bulletins: list[BulletinOrg]
    reminder_talks: list[ReminderTalk]
    debriefs: list[Debrief]
    ledger: list[dict]
    show_findings: bool
    show_reasons: bool
    today: date
    flags: dict[str, bool] = field(default_factory=dict)

    @property
    def rectifications(self) -> list[Rectification]:
        return [item for talk in self.reminder_talks for item in talk.rectifications.all()]

    @property
    def items_open(self) -> int:
        return sum(1 for item in self.rectifications if not item.is_closed)

    @property
    def items_overdue(self) -> int:
        return sum(1 for item in self.rectifications if not item.is_closed and item.deadline < self.today)

    @property
    def ledger_totals(self) -> dict:
        total = sum(row["total"] for row in self.ledger)
        accepted = sum(row["accepted"] for row in self.ledger)
        return {
            "total": total,
            "accepted": accepted,
            "on_time": sum(row["on_time"] for row in self.ledger),
            "late": sum(row["late"] for row in self.ledger),
            "overdue": sum(row["overdue"] for row in self.ledger),
            "completion_rate": round(accepted * 100 / total, 1) if total else None,
        }

    @property
    def is_complete(self) -> bool:
        return not any(self.flags.values())


def archive_term(user, pk: int) -> SecretaryTerm:
    """The term of an archive the user may read (DoesNotExist otherwise: a 404 for pages and the API)."""
    return archive_terms_visible_to(user).select_related("vetting", "appointment_talk").get(pk=pk)


def archive_build(user, term: SecretaryTerm, *, today: date | None = None) -> Archive:
    """The archive of `term` (already read through `archive_term`): six queries whatever it holds."""
    today = today or timezone.localdate()
    end = term.ended_on or FAR_FUTURE
    in_term = {"gte": term.started_on, "lte": end}
    bulletins = list(
        BulletinOrg.objects.filter(
            organization_id=term.organization_id,
            bulletin__state=BulletinState.PUBLISHED,
            bulletin__issued_on__gte=in_term["gte"],
            bulletin__issued_on__lte=in_term["lte"],
        )
        .select_related("bulletin")
        .order_by("bulletin__issued_on", "bulletin__number", "pk")
    )
    mine = Q(term=term) | Q(
        term__isnull=True,
        organization_id=term.organization_id,
        secretary_name=term.person_name,
        talked_on__gte=term.started_on,
        talked_on__lte=end,
    )
    talks = list(
        ReminderTalk.objects.filter(mine)
        .select_related("letter")
        .prefetch_related("rectifications")
        .order_by("talked_on", "pk")
    )
    debriefs = list(
        debriefs_visible_to(user).filter(
            Q(term=term)
            | Q(
                term__isnull=True,
                organization_id=term.organization_id,
                person_name=term.person_name,
                session__held_on__gte=term.started_on,
                session__held_on__lte=end,
            )
        )
    )
    ledger = org_rollup_by_year(
        term.organization_id, start=term.started_on, end=min(end, date(today.year, 12, 31)), today=today
    )
    talk = getattr(term, "appointment_talk", None)
    archive = Archive(
        term=term,
        vetting=getattr(term, "vetting", None),
        talk=talk,
        bulletins=bulletins,
        reminder_talks=talks,
        debriefs=debriefs,
        ledger=ledger,
        show_findings=authz.may(user, "activities.view_vetting", term.organization),
        show_reasons=authz.may(user, "activities.view_remindertalk", term.organization),
        today=today,
    )
    # "This year": the last year of the term up to now (an ended term is judged on its final year).
    year = min(end.year, today.year)
    archive.flags = {
        "no_talk": talk is None,
        "no_debrief": not any(d.session.year == year for d in debriefs),
        "open_items": archive.items_open > 0,
    }
    return archive
