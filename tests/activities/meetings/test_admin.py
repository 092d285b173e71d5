"""三会一课 in the admin (meetings read-only with 导入, exemptions kept by staff) and the portal's import."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from activities.models import MeetingExemption, MeetingType

pytestmark = pytest.mark.django_db


def test_staff_see_meetings_in_the_admin_with_the_import(staff_client, org_a, record):
    meeting = record(org_a, MeetingType.GENERAL, date(2020, 3, 5))
    assert staff_client.get(reverse("admin:activities_meeting_changelist")).status_code == 200
    assert staff_client.get(reverse("admin:activities_meeting_change", args=[meeting.pk])).status_code == 200
    page = staff_client.get(reverse("admin:activities_meeting_import")).content.decode()
    assert reverse("activities:import_template", args=["meeting"]) in page


def test_staff_keep_exemptions_in_the_admin(staff_client, org_a):
    response = staff_client.post(
        reverse("admin:activities_meetingexemption_add"),
        {
            "organization": org_a.pk,
            "meeting_type": MeetingType.LECTURE,
            "starts_on": "2020-04-01",
            "ends_on": "2020-06-30",
            "reason": "集中轮训",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    exemption = MeetingExemption.objects.get()
    assert exemption.created_by.username == "staff" and exemption.history.count() == 1


def test_the_list_offers_the_template_and_import_to_staff_only(staff_client, sec_a_client):
    template = reverse("activities:import_template", args=["meeting"])
    assert template in staff_client.get("/activities/meetings/").content.decode()
    assert template not in sec_a_client.get("/activities/meetings/").content.decode()
    response = staff_client.get(template)
    assert response.status_code == 200
    assert sec_a_client.get(reverse("activities:import_upload", args=["meeting"])).status_code == 403
