"""三会一课 at city scale, written straight into the tables: every org with members holds its 党员大会 and
党课 each quarter and its 支委会 each month of the bench's years (up to today), 党小组会 in a third of them,
about 4% of the periods missed; attendance from the roster for the current year's 党员大会 and 党课; an
exemption for 1% of the orgs. Plus the rows bench/pages.py times. No history rows: no page reads them.
"""

from __future__ import annotations

from datetime import date

from activities.models import (
    Meeting,
    MeetingAttendance,
    MeetingAttendanceStatus,
    MeetingExemption,
    MeetingType,
)

from .context import City
from .writer import Writer

MISS_SHARE = 0.04
EXEMPT_SHARE = 0.01


def _planned(year: int, today: date, rng, group: bool):
    for q in range(1, 5):
        yield MeetingType.GENERAL, date(year, 3 * q - 1, rng.randint(1, 28))
        yield MeetingType.LECTURE, date(year, 3 * q, rng.randint(1, 28))
    for m in range(1, 13):
        yield MeetingType.COMMITTEE, date(year, m, rng.randint(1, 28))
        if group and m % 2 == 0:
            yield MeetingType.GROUP, date(year, m, rng.randint(1, 28))


def build(writer: Writer, city: City) -> None:
    rng, today = city.rng, city.today
    years = city.sizes.year_list(today)
    meetings, attendance, exemptions = [], [], []
    for org in city.orgs:
        members = city.members_by_org.get(org.pk)
        if not members:
            continue
        group = rng.random() < 0.33
        for year in years:
            for meeting_type, held_on in _planned(year, today, rng, group):
                if held_on > today or rng.random() < MISS_SHARE:
                    continue
                pk = writer.reserve(Meeting, 1)[0]
                expected = len(members) if meeting_type in (MeetingType.GENERAL, MeetingType.LECTURE) else 5
                present, leave = expected, 0
                if year == today.year and meeting_type in (MeetingType.GENERAL, MeetingType.LECTURE):
                    present = leave = 0
                    for member_id in members:
                        roll = rng.random()
                        status = (
                            MeetingAttendanceStatus.PRESENT
                            if roll < 0.9
                            else MeetingAttendanceStatus.LEAVE
                            if roll < 0.97
                            else MeetingAttendanceStatus.ABSENT
                        )
                        present += status == MeetingAttendanceStatus.PRESENT
                        leave += status == MeetingAttendanceStatus.LEAVE
                        attendance.append({"meeting_id": pk, "member_id": member_id, "status": status})
                meetings.append(
                    {
                        "id": pk,
                        "organization_id": org.pk,
                        "meeting_type": meeting_type,
                        "held_on": held_on,
                        "planned_on": held_on,
                        "place": "支部活动室",
                        "host": "书记",
                        "recorder": "组织委员",
                        "expected_count": expected,
                        "present_count": present,
                        "leave_count": leave,
                        "agenda": "学习贯彻党的路线方针政策，研究支部工作",
                        "created_at": city.now,
                        "updated_at": city.now,
                    }
                )
        if rng.random() < EXEMPT_SHARE:
            exemptions.append(
                {
                    "organization_id": org.pk,
                    "meeting_type": "",
                    "starts_on": date(today.year, 1, 1),
                    "ends_on": date(today.year, 6, 30),
                    "reason": "支部换届调整",
                    "created_at": city.now,
                }
            )
    writer.insert(Meeting, meetings)
    writer.insert(MeetingAttendance, attendance)
    writer.insert(MeetingExemption, exemptions)


def _ids() -> dict:
    from accounts.models import OrgKind
    from activities.models import Meeting

    busiest = (
        Meeting.objects.filter(meeting_type=MeetingType.GENERAL, organization__kind=OrgKind.BRANCH)
        .order_by("-expected_count", "-held_on")
        .values_list("pk", flat=True)
        .first()
    )
    return {"meeting": busiest or 0}


def meetings_pages(y: int) -> list[tuple[str, str, str]]:
    """The portal pages of 三会一课 bench/pages.py times."""
    t = _ids()
    return [
        ("meetings:meeting_list", "staff", f"/activities/meetings/?year={y}"),
        ("meetings:meeting_list (search)", "staff", f"/activities/meetings/?year={y}&q=%E5%AD%A6%E4%B9%A0"),
        # A term no meeting holds: every row of the year is read to find none.
        (
            "meetings:meeting_list (search, none)",
            "staff",
            f"/activities/meetings/?year={y}&q=%E6%97%A0%E6%AD%A4",
        ),
        ("meetings:meeting_list", "branch", "/activities/meetings/"),
        ("meetings:meeting_detail (biggest roster)", "staff", f"/activities/meetings/{t['meeting']}/"),
        ("meetings:meeting_check general", "staff", f"/activities/meetings/check/?year={y}"),
        (
            "meetings:meeting_check committee",
            "staff",
            f"/activities/meetings/check/?year={y}&meeting_type=committee",
        ),
        ("meetings:meeting_check", "branch", f"/activities/meetings/check/?year={y}"),
        ("meetings:meeting_create (form)", "branch", "/activities/meetings/new/"),
        ("meetings:exemption_list", "staff", "/activities/meetings/exemptions/"),
    ]


def meetings_api_pages(y: int) -> list[tuple[str, str, str]]:
    t = _ids()
    return [
        ("activities meetings", "staff_api", f"/api/v1/activities/meetings/?year={y}"),
        ("activities meetings", "branch_api", "/api/v1/activities/meetings/"),
        ("activities meeting detail", "staff_api", f"/api/v1/activities/meetings/{t['meeting']}/"),
    ]
