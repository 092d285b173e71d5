"""The demo year's 三会一课: most orgs hold them, a few gaps show as missing, two exemptions as 免查."""

from __future__ import annotations

from datetime import date

import pytest

from accounts.demo import seed_accounts
from activities.demo.meetings import seed_meetings
from activities.models import Meeting, MeetingAttendance, MeetingExemption
from activities.selectors.meetings import EXEMPT, MISSING, meeting_check

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)


def test_the_demo_year_has_meetings_gaps_and_two_exemptions():
    accounts = seed_accounts(scale="small", today=TODAY)
    line = seed_meetings(accounts, year=2026, today=TODAY)
    assert "三会一课" in line
    assert Meeting.objects.filter(held_on__gt=TODAY).count() == 0
    assert Meeting.objects.count() > 50 and MeetingAttendance.objects.exists()
    assert MeetingExemption.objects.count() == 2
    orgs = [e.organization for e in MeetingExemption.objects.all()]
    rows = meeting_check(orgs, 2026, today=TODAY)
    assert any(cell.status == EXEMPT for row in rows for cells in row.cells.values() for cell in cells)
    from accounts.models import Organization

    grid = meeting_check(Organization.objects.filter(meetings__isnull=False).distinct(), 2026, today=TODAY)
    assert any(cell.status == MISSING for row in grid for cells in row.cells.values() for cell in cells)
