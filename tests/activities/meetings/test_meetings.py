"""Recording a meeting: attendance from the roster sets the counts; scoping; the points source and the
year-end block."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from activities.models import Meeting, MeetingAttendanceStatus, MeetingType
from activities.selectors.meetings import meetings_visible_to, member_meeting_attendance
from activities.services.meetings import meeting_create, meeting_delete, meeting_update
from partybuild.exceptions import DomainError, PermissionDeniedError
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

P, L, A = MeetingAttendanceStatus.PRESENT, MeetingAttendanceStatus.LEAVE, MeetingAttendanceStatus.ABSENT


def test_it_counts_expected_present_and_on_leave_from_the_roster_picks(org_a, secretary_a, roster_a):
    meeting = meeting_create(
        actor=secretary_a,
        organization=org_a,
        meeting_type=MeetingType.GENERAL,
        held_on=date(2020, 3, 5),
        expected_count=99,
        attendance=[(roster_a[0], P), (roster_a[1], P), (roster_a[2], L), (roster_a[3], A)],
    )
    assert (meeting.expected_count, meeting.present_count, meeting.leave_count) == (4, 2, 1)
    assert meeting.attendance.count() == 4
    assert meeting.ledger_activity_kind == "meeting_general"
    assert meeting.ledger_activity_date == date(2020, 3, 5)
    assert meeting.get_absolute_url() == f"/activities/meetings/{meeting.pk}/"


def test_it_refuses_an_attendee_from_another_orgs_roster(org_a, org_b, secretary_a):
    stranger = MemberFactory(organization=org_b, name="外人")
    with pytest.raises(DomainError) as error:
        meeting_create(
            actor=secretary_a,
            organization=org_a,
            meeting_type=MeetingType.COMMITTEE,
            held_on=date(2020, 3, 5),
            attendance=[(stranger, P)],
        )
    assert "外人" in error.value.message and "列席人员" in error.value.message
    assert not Meeting.objects.exists()


def test_it_refuses_more_present_than_expected(org_a, secretary_a):
    with pytest.raises(ValidationError) as error:
        meeting_create(
            actor=secretary_a,
            organization=org_a,
            meeting_type=MeetingType.LECTURE,
            held_on=date(2020, 3, 5),
            expected_count=3,
            present_count=3,
            leave_count=1,
        )
    assert "超过应到人数" in str(error.value)


def test_it_refuses_a_second_meeting_of_the_same_type_on_the_same_day(org_a, record):
    record(org_a, MeetingType.GENERAL, date(2020, 3, 5))
    with pytest.raises(DomainError) as error:
        record(org_a, MeetingType.GENERAL, date(2020, 3, 5))
    assert "请修改原记录" in error.value.message


def test_a_secretary_records_only_for_their_own_org(org_b, secretary_a):
    with pytest.raises(PermissionDeniedError):
        meeting_create(
            actor=secretary_a,
            organization=org_b,
            meeting_type=MeetingType.GENERAL,
            held_on=date(2020, 3, 5),
            expected_count=1,
            present_count=1,
        )


def test_updating_the_attendance_recounts_and_deleting_removes_it(org_a, secretary_a, roster_a, record):
    meeting = record(org_a, MeetingType.GENERAL, date(2020, 3, 5))
    meeting = meeting_update(
        actor=secretary_a, meeting=meeting, attendance=[(roster_a[0], P), (roster_a[1], L)], place="会议室"
    )
    assert (meeting.expected_count, meeting.present_count, meeting.leave_count) == (2, 1, 1)
    assert meeting.history.count() == 2
    meeting_delete(actor=secretary_a, meeting=meeting)
    assert not Meeting.objects.exists()


def test_each_role_sees_the_meetings_of_its_scope(
    org_a, org_b, record, secretary_a, committee_staff, reporting_client, member
):
    own, other = record(org_a), record(org_b)
    assert set(meetings_visible_to(secretary_a)) == {own}
    assert set(meetings_visible_to(committee_staff)) == {own, other}
    assert set(meetings_visible_to(reporting_client)) == {own, other}
    assert not meetings_visible_to(member.__class__.objects.get(pk=member.pk)).exists()


def test_the_points_source_counts_meetings_each_member_attended(org_a, org_b, roster_a, record):
    first = record(org_a, MeetingType.GENERAL, date(2020, 3, 5))
    second = record(org_a, MeetingType.LECTURE, date(2020, 5, 5))
    late = record(org_a, MeetingType.COMMITTEE, date(2020, 9, 5))
    meeting_update(actor=None, meeting=first, attendance=[(roster_a[0], P), (roster_a[1], L)])
    meeting_update(actor=None, meeting=second, attendance=[(roster_a[0], P), (roster_a[1], P)])
    meeting_update(actor=None, meeting=late, attendance=[(roster_a[0], P)])
    counts = member_meeting_attendance(date(2020, 1, 1), date(2020, 6, 30))
    assert counts == {roster_a[0].pk: 2, roster_a[1].pk: 1}
    assert member_meeting_attendance(date(2020, 1, 1), date(2020, 6, 30), organization_ids=[org_b.pk]) == {}
    assert member_meeting_attendance(date(2020, 1, 1), date(2020, 12, 31), [org_a.pk])[roster_a[0].pk] == 3


def test_the_annual_account_shows_meetings_held_and_attendance(
    org_a, org_b, record, staff_api, secretary_a_api
):
    record(org_a, MeetingType.GENERAL, date(2020, 3, 5), expected_count=10, present_count=9)
    record(org_a, MeetingType.LECTURE, date(2020, 6, 5), expected_count=10, present_count=7)
    record(org_b, MeetingType.GENERAL, date(2020, 3, 5), expected_count=5, present_count=5)
    record(org_b, MeetingType.GENERAL, date(2019, 3, 5), expected_count=5, present_count=5)
    assert staff_api.get("/api/v1/reports/annual/2020/").json()["meetings"] == {"held": 3, "attendance": 21}
    assert secretary_a_api.get("/api/v1/reports/annual/2020/").json()["meetings"] == {
        "held": 2,
        "attendance": 16,
    }
