"""The bench's 三会一课 step writes consistent rows, and the pages bench/pages.py times answer 200."""

from __future__ import annotations

from datetime import date

import pytest

from accounts.models import Role, RoleAssignment, User
from activities.models import Meeting, MeetingAttendance
from bench.city import accounts as accounts_step
from bench.city import meetings as meetings_step
from bench.city.context import Sizes
from bench.city.core import build

TODAY = date(2026, 11, 30)
SIZES = Sizes(orgs=40, members=400, years=2, assignments=100, secretary_logins=10, today=TODAY)

pytestmark = pytest.mark.django_db


def test_the_bench_writes_meetings_and_its_pages_answer(client):
    build(SIZES, steps=[("accounts", accounts_step.build), ("meetings", meetings_step.build)])
    assert Meeting.objects.exists() and not Meeting.objects.filter(held_on__gt=TODAY).exists()
    for meeting in Meeting.objects.filter(held_on__year=2026, meeting_type="general")[:20]:
        rows = MeetingAttendance.objects.filter(meeting=meeting)
        assert rows.count() == meeting.expected_count
        assert rows.filter(status="present").count() == meeting.present_count
    branch = RoleAssignment.objects.filter(role=Role.SECRETARY, organization__kind="branch").first().user
    logins = {"staff": User.objects.get(username="city_staff"), "branch": branch}
    logins |= {"staff_api": logins["staff"], "branch_api": branch}
    rows = meetings_step.meetings_pages(2026) + meetings_step.meetings_api_pages(2026)
    for name, who, path in rows:
        client.force_login(logins[who])
        response = client.get(path)
        assert response.status_code == 200, (name, who, path, response.status_code)
