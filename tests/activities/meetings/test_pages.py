"""三会一课 pages: the list (filters, constant queries), the form with the roster, the check grid (免查,
missing highlighted, Excel, constant queries), exemptions, the secretary's home card."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from accounts.models import OrgKind
from activities.models import Meeting, MeetingAttendanceStatus, MeetingExemption, MeetingType
from activities.services.meetings import exemption_create
from tests.factories import make_org

pytestmark = pytest.mark.django_db


def test_the_list_filters_by_year_quarter_type_and_search(staff_client, org_a, org_b, record):
    record(org_a, MeetingType.GENERAL, date(2020, 2, 3), agenda="学习党章")
    record(org_b, MeetingType.LECTURE, date(2020, 5, 3), agenda="专题党课")
    record(org_b, MeetingType.GENERAL, date(2019, 5, 3))
    page = staff_client.get("/activities/meetings/?year=2020").content.decode()
    assert page.count("data-meeting=") == 2
    page = staff_client.get("/activities/meetings/?year=2020&quarter=2").content.decode()
    assert page.count("data-meeting=") == 1 and "专题党课" in page
    page = staff_client.get("/activities/meetings/?meeting_type=general&q=党章").content.decode()
    assert page.count("data-meeting=") == 1 and "学习党章" in page
    page = staff_client.get("/activities/meetings/?org=财政局").content.decode()
    assert page.count("data-meeting=") == 2


def test_a_secretary_lists_only_their_orgs_meetings(sec_a_client, org_a, org_b, record):
    own, other = record(org_a), record(org_b)
    page = sec_a_client.get("/activities/meetings/").content.decode()
    assert f'data-meeting="{own.pk}"' in page and f'data-meeting="{other.pk}"' not in page
    assert sec_a_client.get(f"/activities/meetings/{other.pk}/").status_code == 404
    assert sec_a_client.get(f"/activities/meetings/{other.pk}/edit/").status_code == 404


def test_the_list_takes_the_same_queries_for_few_rows_or_many(
    staff_client, root_org, record, django_assert_max_num_queries
):
    orgs = [make_org(root_org, f"中共列表第{i}支部委员会") for i in range(8)]
    record(orgs[0])
    staff_client.get("/activities/meetings/")
    with django_assert_max_num_queries(12) as few:
        staff_client.get("/activities/meetings/")
    for org in orgs[1:]:
        record(org, MeetingType.GENERAL, date(2020, 2, 3))
        record(org, MeetingType.LECTURE, date(2020, 2, 4))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = staff_client.get("/activities/meetings/")
    assert response.content.decode().count("data-meeting=") == 15


def test_a_secretary_records_a_meeting_picking_attendance_from_the_roster(sec_a_client, org_a, roster_a):
    page = sec_a_client.get("/activities/meetings/new/").content.decode()
    assert all(f'data-member="{m.pk}"' in page for m in roster_a)
    data = {
        "meeting_type": MeetingType.COMMITTEE,
        "held_on": "2020-03-05",
        "held_time": "14:30",
        "host": "李明",
        "use_roster": "on",
        f"att_{roster_a[0].pk}": MeetingAttendanceStatus.PRESENT,
        f"att_{roster_a[1].pk}": MeetingAttendanceStatus.PRESENT,
        f"att_{roster_a[2].pk}": MeetingAttendanceStatus.LEAVE,
        f"att_{roster_a[3].pk}": MeetingAttendanceStatus.ABSENT,
        "agenda": "研究发展党员",
    }
    response = sec_a_client.post("/activities/meetings/new/", data)
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert (meeting.expected_count, meeting.present_count, meeting.leave_count) == (4, 2, 1)
    detail = sec_a_client.get(meeting.get_absolute_url()).content.decode()
    assert detail.count('data-attendance="present"') == 2


def test_without_the_roster_the_counts_are_required(sec_a_client, org_a, roster_a):
    response = sec_a_client.post(
        "/activities/meetings/new/", {"meeting_type": MeetingType.GENERAL, "held_on": "2020-03-05"}
    )
    assert response.status_code == 400
    assert "请填写应到人数" in response.content.decode()
    assert not Meeting.objects.exists()


def test_staff_pick_the_org_first(staff_client, org_a):
    page = staff_client.get("/activities/meetings/new/").content.decode()
    assert "选择党组织" in page
    assert staff_client.get(f"/activities/meetings/new/?org={org_a.pk}").status_code == 200


def test_the_check_page_highlights_missing_and_shows_exempt(
    staff_client, org_a, org_b, record, committee_staff
):
    year = timezone.localdate().year - 1
    record(org_a, MeetingType.GENERAL, date(year, 2, 3))
    exemption_create(
        actor=committee_staff,
        organization=org_b,
        meeting_type="",
        starts_on=date(year, 1, 1),
        ends_on=date(year, 12, 31),
        reason="撤并",
    )
    page = staff_client.get(f"/activities/meetings/check/?year={year}").content.decode()
    assert f'data-org="{org_a.pk}" class="table-danger" data-missing="3"' in page
    assert page.count('data-status="exempt"') == 4 and "免查" in page
    assert f'data-org="{org_b.pk}">' in page  # not highlighted
    committee = staff_client.get(f"/activities/meetings/check/?year={year}&meeting_type=committee")
    assert committee.content.decode().count('data-status="missing"') == 12
    excel = staff_client.get(f"/activities/meetings/check/?year={year}&format=xlsx")
    assert excel["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_check_page_takes_the_same_queries_for_several_orgs(
    staff_client, root_org, record, django_assert_max_num_queries
):
    orgs = [make_org(root_org, f"中共检查第{i}支部委员会", kind=OrgKind.BRANCH) for i in range(2)]
    staff_client.get("/activities/meetings/check/?year=2020")
    with django_assert_max_num_queries(12) as few:
        staff_client.get("/activities/meetings/check/?year=2020")
    orgs += [make_org(root_org, f"中共检查第{i}支部委员会", kind=OrgKind.BRANCH) for i in range(2, 10)]
    for org in orgs:
        record(org, MeetingType.GENERAL, date(2020, 2, 3))
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = staff_client.get("/activities/meetings/check/?year=2020").content.decode()
    assert page.count('data-status="held"') == 10


def test_a_secretary_sees_their_own_orgs_check_only(sec_a_client, org_a, org_b):
    page = sec_a_client.get("/activities/meetings/check/?year=2020").content.decode()
    assert f'data-org="{org_a.pk}"' in page and f'data-org="{org_b.pk}"' not in page


def test_staff_keep_exemptions_on_their_page(staff_client, sec_a_client, org_a):
    response = staff_client.post(
        "/activities/meetings/exemptions/",
        {
            "organization": org_a.pk,
            "meeting_type": "",
            "starts_on": "2020-01-01",
            "ends_on": "2020-03-31",
            "reason": "新成立",
        },
    )
    assert response.status_code == 302
    exemption = MeetingExemption.objects.get()
    assert "新成立" in sec_a_client.get("/activities/meetings/exemptions/").content.decode()
    assert sec_a_client.post("/activities/meetings/exemptions/", {}).status_code in (403, 404)
    staff_client.post(f"/activities/meetings/exemptions/{exemption.pk}/delete/")
    assert not MeetingExemption.objects.exists()


def test_the_secretary_home_card_says_what_is_due(sec_a_client, org_a, record):
    today = timezone.localdate()
    record(org_a, MeetingType.GENERAL, today)
    page = sec_a_client.get("/").content.decode()
    assert 'data-home="meetings"' in page
    assert 'data-due="general" data-status="held"' in page
    assert 'data-due="lecture" data-status="due"' in page
