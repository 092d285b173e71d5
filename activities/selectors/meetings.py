"""Reads of 三会一课, scoped to the user: the list, the quarterly expected-vs-held check (one grouped
query over the meetings, plus the org list and the exemptions), what a secretary has due, the member
points source and the year-end block.

The check's rules (党员大会 and 党课 each quarter, 支委会 each month) are `RULES`; 党小组会 is recorded
but not checked (not every branch has groups). Branches (党支部) are checked; a period is 免查 when an
exemption of the org for that type (or all types) touches it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Sum, Value, When
from django.db.models.functions import ExtractMonth, ExtractQuarter
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import authz
from accounts.models import Organization, OrgKind

from ..models.meetings import (
    Meeting,
    MeetingAttendance,
    MeetingAttendanceStatus,
    MeetingExemption,
    MeetingType,
)

QUARTER, MONTH = "quarter", "month"
RULES: dict[str, str] = {
    MeetingType.GENERAL: QUARTER,
    MeetingType.LECTURE: QUARTER,
    MeetingType.COMMITTEE: MONTH,
}
HELD, EXEMPT, MISSING, DUE, FUTURE = "held", "exempt", "missing", "due", "future"


# --------------------------------------------------------------------------- list


def meetings_visible_to(user) -> QuerySet[Meeting]:
    """Meetings of the orgs in the user's business scope (secretaries: their org and those below)."""
    return Meeting.objects.filter(authz.business_scope(user).q("organization")).select_related("organization")


def meeting_with_attendance(user, pk: int) -> Meeting:
    """One meeting with its attendance and the members (two queries), or Meeting.DoesNotExist."""
    attendance = MeetingAttendance.objects.select_related("member").order_by("status", "member__name")
    return meetings_visible_to(user).prefetch_related(Prefetch("attendance", queryset=attendance)).get(pk=pk)


def quarter_months(quarter: int) -> tuple[int, int]:
    return 3 * quarter - 2, 3 * quarter


def exemptions_visible_to(user) -> QuerySet[MeetingExemption]:
    return MeetingExemption.objects.filter(authz.business_scope(user).q("organization")).select_related(
        "organization", "created_by"
    )


# --------------------------------------------------------------------------- the check


@dataclass(frozen=True)
class CheckPeriod:
    """One period a rule asks for: a quarter (党员大会, 党课) or a month (支委会) of the year."""

    index: int
    start: date
    end: date
    label: str
    short: str


def _month_end(year: int, month: int) -> date:
    return (date(year + (month == 12), month % 12 + 1, 1)) - timedelta(days=1)


def check_periods(meeting_type: str, year: int) -> list[CheckPeriod]:
    if RULES[meeting_type] == QUARTER:
        return [
            CheckPeriod(
                q,
                date(year, 3 * q - 2, 1),
                _month_end(year, 3 * q),
                _("%(y)s年第%(q)s季度") % {"y": year, "q": q},
                _("%(q)s季度") % {"q": q},
            )
            for q in range(1, 5)
        ]
    return [
        CheckPeriod(
            m,
            date(year, m, 1),
            _month_end(year, m),
            _("%(y)s年%(m)s月") % {"y": year, "m": m},
            _("%(m)s月") % {"m": m},
        )
        for m in range(1, 13)
    ]


def period_index(meeting_type: str, month: int) -> int:
    return (month - 1) // 3 + 1 if RULES[meeting_type] == QUARTER else month


@dataclass
class CheckCell:
    period: CheckPeriod
    status: str
    count: int = 0
    reason: str = ""


@dataclass
class CheckRow:
    organization: Organization
    cells: dict[str, list[CheckCell]] = field(default_factory=dict)

    def missing(self, meeting_type: str | None = None) -> int:
        types = [meeting_type] if meeting_type else list(self.cells)
        return sum(1 for t in types for c in self.cells.get(t, []) if c.status == MISSING)


def checked_organizations(user) -> QuerySet[Organization]:
    """The branches the check covers in the user's business scope, in tree order."""
    return Organization.objects.filter(
        authz.business_scope(user).q(""), kind=OrgKind.BRANCH, is_active=True
    ).order_by("path")


def meeting_check(
    orgs, year: int, *, types: tuple[str, ...] = tuple(RULES), today: date | None = None
) -> list[CheckRow]:
    """The org × period grid of `types` for `year`: one grouped query over meetings, one over the
    exemptions, whatever the number of orgs. `orgs` is a list of orgs or a queryset of them."""
    today = today or timezone.localdate()
    org_list = list(orgs)
    ids = [org.pk for org in org_list]
    counts: dict[tuple[int, str, int], int] = defaultdict(int)
    grouped = (
        Meeting.objects.filter(organization_id__in=ids, meeting_type__in=types, held_on__year=year)
        .order_by()
        .values("organization_id", "meeting_type", month=ExtractMonth("held_on"))
        .annotate(n=Count("pk"))
    )
    for row in grouped:
        counts[
            (row["organization_id"], row["meeting_type"], period_index(row["meeting_type"], row["month"]))
        ] += row["n"]
    exemptions: dict[int, list[MeetingExemption]] = defaultdict(list)
    for exemption in MeetingExemption.objects.filter(
        Q(meeting_type="") | Q(meeting_type__in=types),
        organization_id__in=ids,
        starts_on__lte=date(year, 12, 31),
        ends_on__gte=date(year, 1, 1),
    ):
        exemptions[exemption.organization_id].append(exemption)
    periods = {t: check_periods(t, year) for t in types}
    rows = []
    for org in org_list:
        row = CheckRow(organization=org)
        for meeting_type in types:
            row.cells[meeting_type] = [
                _cell(
                    period,
                    counts[(org.pk, meeting_type, period.index)],
                    meeting_type,
                    exemptions[org.pk],
                    today,
                )
                for period in periods[meeting_type]
            ]
        rows.append(row)
    return rows


def _cell(period: CheckPeriod, count: int, meeting_type: str, exemptions, today: date) -> CheckCell:
    if count:
        return CheckCell(period, HELD, count)
    exempt = next((e for e in exemptions if e.covers(meeting_type, period.start, period.end)), None)
    if exempt is not None:
        return CheckCell(period, EXEMPT, 0, exempt.reason)
    return CheckCell(period, _unheld_status(period, today))


def _unheld_status(period: CheckPeriod, today: date) -> str:
    if period.end < today:
        return MISSING
    return DUE if period.start <= today else FUTURE


def compliance_ratios(organization_ids, year: int, start: date, end: date, today: date) -> dict[int, float]:
    """The check's verdict for the assessment (scheme source `meetings`): of each branch's check cells
    lying in [start, end] that are held, exempt (免查) or missed, the share held or exempt — the cells of
    meeting_check, counted in SQL instead of building the grid (a chunk has 1,000 orgs × 20 cells).

    Without exemptions an org's counted cells are its held ones plus the ended ones it did not hold:
    one grouped query gives each org's held cells and how many of them have ended. The few orgs with an
    exemption touching the period are checked cell by cell. Four queries, whatever the number of orgs."""
    branches = Organization.objects.filter(pk__any_of=list(organization_ids), kind=OrgKind.BRANCH)
    ids = list(branches.values_list("pk", flat=True))
    periods = {t: [p for p in check_periods(t, year) if start <= p.start and p.end <= end] for t in RULES}
    ended = sum(1 for cells in periods.values() for p in cells if p.end < today)
    meetings = Meeting.objects.filter(
        organization_id__any_of=ids, meeting_type__in=list(RULES), held_on__range=(start, end)
    ).order_by()
    exemptions: dict[int, list[MeetingExemption]] = defaultdict(list)
    for exemption in MeetingExemption.objects.filter(
        Q(meeting_type="") | Q(meeting_type__in=list(RULES)),
        organization_id__any_of=ids,
        starts_on__lte=end,
        ends_on__gte=start,
    ):
        exemptions[exemption.organization_id].append(exemption)
    ratios: dict[int, float] = {}
    for org_id, held, held_ended in (
        meetings.values("organization_id")
        .annotate(
            held=Count(_CELL, distinct=True), held_ended=Count(_CELL, distinct=True, filter=_ended_q(today))
        )
        .values_list("organization_id", "held", "held_ended")
    ):
        if org_id not in exemptions:
            ratios[org_id] = held / (held + ended - held_ended)
    for org_id in ids:
        if org_id not in exemptions and org_id not in ratios and ended:
            ratios[org_id] = 0.0  # held nothing, and cells have ended
    held_cells = {
        (org_id, meeting_type, period_index(meeting_type, month))
        for org_id, meeting_type, month in meetings.filter(organization_id__in=list(exemptions))
        .values_list("organization_id", "meeting_type", ExtractMonth("held_on"))
        .distinct()
    }
    for org_id, exempted in exemptions.items():
        kept = counted = 0
        for meeting_type, cells in periods.items():
            for period in cells:
                if (org_id, meeting_type, period.index) in held_cells or any(
                    e.covers(meeting_type, period.start, period.end) for e in exempted
                ):
                    kept += 1
                elif _unheld_status(period, today) != MISSING:
                    continue  # not over yet: not counted
                counted += 1
        if counted:
            ratios[org_id] = kept / counted
    return ratios


# A meeting's check cell as one number: its type's code × 100 + its quarter (党员大会, 党课)
# or month (支委会).
_CELL = Case(
    When(meeting_type=MeetingType.COMMITTEE, then=Value(300) + ExtractMonth("held_on")),
    When(meeting_type=MeetingType.LECTURE, then=Value(200) + ExtractQuarter("held_on")),
    default=Value(100) + ExtractQuarter("held_on"),
    output_field=IntegerField(),
)


def _ended_q(today: date) -> Q:
    """Meetings whose check cell has ended by `today` (a month for 支委会, a quarter for the others)."""
    month_start = today.replace(day=1)
    quarter_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    return Q(meeting_type=MeetingType.COMMITTEE, held_on__lt=month_start) | Q(
        ~Q(meeting_type=MeetingType.COMMITTEE), held_on__lt=quarter_start
    )


@dataclass
class DueItem:
    organization: Organization
    meeting_type: str
    label: str
    period: CheckPeriod
    status: str
    count: int


def meetings_due(user, *, today: date | None = None) -> list[DueItem]:
    """For the secretary's home: this quarter's 党员大会 and 党课 and this month's 支委会 of the orgs they
    are secretary of — held, 免查, or still to hold."""
    today = today or timezone.localdate()
    orgs = Organization.objects.filter(pk__in=authz.secretary_org_ids(user)).order_by("path")
    items = []
    for row in meeting_check(orgs, today.year, today=today):
        for meeting_type, cells in row.cells.items():
            cell = next(c for c in cells if c.period.start <= today <= c.period.end)
            items.append(
                DueItem(
                    row.organization,
                    meeting_type,
                    MeetingType(meeting_type).label,
                    cell.period,
                    cell.status,
                    cell.count,
                )
            )
    return items


# --------------------------------------------------------------------------- other areas' sources


def member_meeting_attendance(start: date, end: date, organization_ids=None) -> dict[int, int | Decimal]:
    """Member points source: member id → meetings attended (出席) dated in [start, end]."""
    rows = MeetingAttendance.objects.filter(
        status=MeetingAttendanceStatus.PRESENT, meeting__held_on__gte=start, meeting__held_on__lte=end
    )
    if organization_ids is not None:
        rows = rows.filter(member__organization_id__in=list(organization_ids))
    return dict(rows.order_by().values("member_id").annotate(n=Count("pk")).values_list("member_id", "n"))


def meetings_account(scope: authz.OrgScope, year: int) -> dict:
    """The year-end account's block: meetings held in the year and the sum of 实到人数 (one query)."""
    figures = Meeting.objects.filter(scope.q("organization"), held_on__year=year).aggregate(
        held=Count("*"),
        attendance=Sum("present_count"),  # COUNT(*): read from the covering index alone
    )
    return {"meetings": {"held": figures["held"], "attendance": figures["attendance"] or 0}}
