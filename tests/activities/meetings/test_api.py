"""REST `activities/meetings/`: create with attendance from the roster, filters, scoping (404 for another
org's meeting), constant queries on the list."""

from __future__ import annotations

from datetime import date

import pytest

from activities.models import Meeting, MeetingType

pytestmark = pytest.mark.django_db


def test_a_secretary_creates_a_meeting_with_attendance(secretary_a_api, org_a, roster_a):
    response = secretary_a_api.post(
        "/api/v1/activities/meetings/",
        {
            "organization": org_a.pk,
            "meeting_type": "lecture",
            "held_on": "2020-04-02",
            "host": "李明",
            "attendance": [
                {"member": roster_a[0].pk, "status": "present"},
                {"member": roster_a[1].pk, "status": "leave"},
            ],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["expected_count"], body["present_count"], body["leave_count"]) == (2, 1, 1)
    assert body["ledger_activity_kind"] == "meeting_lecture"
    assert {a["member_name"] for a in body["attendance"]} == {"李明", "王红"}


def test_a_secretary_cannot_pick_another_orgs_member_or_read_its_meetings(
    secretary_a_api, org_a, org_b, record
):
    from tests.factories import MemberFactory

    stranger = MemberFactory(organization=org_b)
    response = secretary_a_api.post(
        "/api/v1/activities/meetings/",
        {
            "organization": org_a.pk,
            "meeting_type": "general",
            "held_on": "2020-04-02",
            "attendance": [{"member": stranger.pk, "status": "present"}],
        },
        format="json",
    )
    assert response.status_code == 400
    other = record(org_b)
    assert secretary_a_api.get(f"/api/v1/activities/meetings/{other.pk}/").status_code == 404
    assert not Meeting.objects.filter(organization=org_a).exists()


def test_the_list_filters_and_takes_constant_queries(
    staff_api, org_a, org_b, record, django_assert_max_num_queries
):
    record(org_a, MeetingType.GENERAL, date(2020, 2, 3))
    staff_api.get("/api/v1/activities/meetings/")
    with django_assert_max_num_queries(12) as few:
        staff_api.get("/api/v1/activities/meetings/")
    for month in range(3, 12):
        record(org_b, MeetingType.COMMITTEE, date(2020, month, 3))
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = staff_api.get("/api/v1/activities/meetings/?year=2020").json()
    assert body["count"] == 10
    assert staff_api.get("/api/v1/activities/meetings/?quarter=1").json()["count"] == 2
    assert staff_api.get(f"/api/v1/activities/meetings/?organization={org_a.pk}").json()["count"] == 1
    assert staff_api.get("/api/v1/activities/meetings/?meeting_type=committee").json()["count"] == 9
