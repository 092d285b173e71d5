"""三会一课 in the demo year: every org that keeps a roster holds its 党员大会 and 党课 each quarter and its
支委会 each month up to today, some 党小组会 — except a few gaps the check page shows in red, and two
exemptions (免查) it shows in grey. Attendance of 党员大会 and 党课 is picked from the roster, so members
earn meeting points. Written with bulk_create (the services' rules hold for these rows by construction).
"""

from __future__ import annotations

from datetime import date

from accounts.models import MemberStatus, Organization

from ..models.meetings import (
    Meeting,
    MeetingAttendance,
    MeetingAttendanceStatus,
    MeetingExemption,
    MeetingType,
)

AGENDA = {
    MeetingType.GENERAL: ("学习贯彻党的路线方针政策", "讨论发展党员和预备党员转正", "通报支部党费收缴情况"),
    MeetingType.LECTURE: ("书记讲党课：坚定理想信念", "专题党课：党史学习教育", "党课：严守政治纪律"),
    MeetingType.COMMITTEE: ("研究本月支部工作安排", "研究主题党日活动方案", "研究党员教育管理事项"),
    MeetingType.GROUP: ("党小组集中学习", "党小组谈心谈话"),
}
PLACES = ("支部活动室", "三楼会议室", "党员活动中心")


def _skipped(i: int, meeting_type: str, period: int) -> bool:
    """The gaps: a few orgs miss a quarter's meeting or a month's committee meeting."""
    if meeting_type == MeetingType.GENERAL:
        return (i % 7 == 3 and period == 2) or (i % 11 == 5 and period == 3)
    if meeting_type == MeetingType.LECTURE:
        return i % 5 == 2 and period == 1
    if meeting_type == MeetingType.COMMITTEE:
        return i % 9 == 4 and period in (4, 5)
    return False


def _dates(i: int, year: int, today: date):
    for q in range(1, 5):
        yield MeetingType.GENERAL, q, date(year, 3 * q - 1, 8 + i % 15)
        yield MeetingType.LECTURE, q, date(year, 3 * q, 3 + i % 20)
    for m in range(1, 13):
        yield MeetingType.COMMITTEE, m, date(year, m, 2 + i % 25)
        if i % 3 == 0 and m % 2 == 0:
            yield MeetingType.GROUP, m, date(year, m, 20 + i % 8)


def seed_meetings(accounts, *, year: int, today: date) -> str:
    staff = accounts.users.staff
    orgs = list(Organization.objects.filter(pk__in=list(accounts.members)).order_by("path"))
    exempt = orgs[1:3] if len(orgs) > 3 else []
    exemptions = []
    if exempt:
        exemptions = MeetingExemption.objects.bulk_create(
            [
                MeetingExemption(
                    organization=exempt[0],
                    meeting_type="",
                    starts_on=date(year, 1, 1),
                    ends_on=date(year, 3, 31),
                    reason="支部换届调整，一季度组织生活由上级党委统一安排",
                    created_by=staff,
                ),
                MeetingExemption(
                    organization=exempt[1],
                    meeting_type=MeetingType.LECTURE,
                    starts_on=date(year, 4, 1),
                    ends_on=date(year, 6, 30),
                    reason="全体党员参加工委集中轮训，以轮训代替党课",
                    created_by=staff,
                ),
            ]
        )
    meetings: list[Meeting] = []
    picks: list[list] = []
    for i, org in enumerate(orgs):
        roster = [m for m in accounts.members.get(org.pk, []) if m.status == MemberStatus.ACTIVE]
        if not roster:
            continue
        for meeting_type, period, held_on in _dates(i, year, today):
            if held_on > today or _skipped(i, meeting_type, period):
                continue
            exempted = (
                e.organization_id == org.pk and e.covers(meeting_type, held_on, held_on) for e in exemptions
            )
            if any(exempted):
                continue
            attendance = []
            if meeting_type in (MeetingType.GENERAL, MeetingType.LECTURE):
                for n, member in enumerate(roster):
                    status = MeetingAttendanceStatus.PRESENT
                    if (n + period + i) % 13 == 0:
                        status = MeetingAttendanceStatus.LEAVE
                    elif (n + period) % 29 == 7:
                        status = MeetingAttendanceStatus.ABSENT
                    attendance.append((member, status))
                expected = len(attendance)
                present = sum(1 for _m, s in attendance if s == MeetingAttendanceStatus.PRESENT)
                leave = sum(1 for _m, s in attendance if s == MeetingAttendanceStatus.LEAVE)
            else:
                expected = min(len(roster), 5 if meeting_type == MeetingType.COMMITTEE else 8)
                present, leave = expected - (period % 4 == 0 and expected > 1), 0
            agenda = AGENDA[meeting_type][(i + period) % len(AGENDA[meeting_type])]
            meetings.append(
                Meeting(
                    organization=org,
                    meeting_type=meeting_type,
                    held_on=held_on,
                    planned_on=held_on,
                    place=PLACES[i % len(PLACES)],
                    host=roster[0].name,
                    recorder=roster[min(1, len(roster) - 1)].name,
                    expected_count=expected,
                    present_count=present,
                    leave_count=leave,
                    agenda=agenda,
                    content=f"{agenda}。与会党员结合工作实际作了交流发言。",
                    resolutions=""
                    if meeting_type == MeetingType.LECTURE
                    else "会议议定事项由支委会分工落实。",
                    created_by=staff,
                )
            )
            picks.append(attendance)
    Meeting.objects.bulk_create(meetings, batch_size=500)
    rows = [
        MeetingAttendance(meeting=meeting, member=member, status=status)
        for meeting, attendance in zip(meetings, picks, strict=True)
        for member, status in attendance
    ]
    MeetingAttendance.objects.bulk_create(rows, batch_size=2000)
    return (
        f"{year}年三会一课：{len(orgs)} 个党组织共召开 {len(meetings)} 次会议，"
        f"按名册登记参会 {len(rows)} 人次，免查 {len(exemptions)} 项。"
    )
