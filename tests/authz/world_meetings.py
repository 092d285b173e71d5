"""The matrix world's 三会一课 rows: a meeting (with one attendee) and an exemption in org A and in org B."""

from __future__ import annotations

from datetime import date


def meetings_rows(staff, org_a, org_b) -> dict[str, dict[str, object]]:
    from activities.models import MeetingAttendanceStatus, MeetingType
    from activities.services.meetings import exemption_create, meeting_create
    from tests.factories import MemberFactory

    meetings = {
        key: meeting_create(
            actor=staff,
            organization=org,
            meeting_type=MeetingType.GENERAL,
            held_on=date(2020, 3, 6),
            attendance=[(MemberFactory(organization=org), MeetingAttendanceStatus.PRESENT)],
        )
        for key, org in (("own", org_a), ("other", org_b))
    }
    exemptions = {
        key: exemption_create(
            actor=staff,
            organization=org,
            meeting_type="",
            starts_on=date(2020, 1, 1),
            ends_on=date(2020, 3, 31),
            reason="换届",
        )
        for key, org in (("own", org_a), ("other", org_b))
    }
    return {
        "activities.meeting": meetings,
        "activities.meetingattendance": {key: m.attendance.get() for key, m in meetings.items()},
        "activities.meetingexemption": exemptions,
    }
