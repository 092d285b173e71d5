"""The assessment's 三会一课 ratio (compliance_ratios, counted without building the grid for a chunk of
1,000 orgs) says what the check page (meeting_check) shows: held and 免查 cells kept, missed cells
counted, cells not over yet left out — whatever the meetings, exemptions, period and day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from activities.models import Meeting, MeetingExemption, MeetingType
from activities.selectors.meetings import EXEMPT, HELD, MISSING, compliance_ratios, meeting_check
from partybuild.periods import Period

pytestmark = pytest.mark.django_db

YEAR = 2020
DAYS = st.integers(0, 365).map(lambda n: date(YEAR, 1, 1) + timedelta(days=n))
MEETINGS = st.lists(st.tuples(st.sampled_from(MeetingType.values), DAYS), max_size=12)
EXEMPTIONS = st.lists(st.tuples(st.sampled_from(["", *MeetingType.values]), DAYS, DAYS), max_size=2)
PERIODS = st.sampled_from([f"{YEAR}-Q1", f"{YEAR}-Q3", f"{YEAR}-H1", f"{YEAR}-H2", f"{YEAR}-Y"])


def _from_grid(org, period: Period, today: date) -> float | None:
    (row,) = meeting_check([org], YEAR, today=today)
    cells = [
        cell
        for cells in row.cells.values()
        for cell in cells
        if period.start <= cell.period.start
        and cell.period.end <= period.end
        and cell.status in (HELD, EXEMPT, MISSING)
    ]
    return sum(c.status != MISSING for c in cells) / len(cells) if cells else None


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(meetings=MEETINGS, exemptions=EXEMPTIONS, code=PERIODS, today=DAYS)
def test_the_assessment_ratio_is_the_check_pages_verdict(org_a, meetings, exemptions, code, today):
    period = Period.parse(code)
    with transaction.atomic():
        for meeting_type, day in {(t, d) for t, d in meetings}:
            Meeting.objects.create(organization=org_a, meeting_type=meeting_type, held_on=day)
        for meeting_type, first, last in exemptions:
            MeetingExemption.objects.create(
                organization=org_a,
                meeting_type=meeting_type,
                starts_on=min(first, last),
                ends_on=max(first, last),
                reason="换届",
            )
        ratios = compliance_ratios([org_a.pk], YEAR, period.start, period.end, today)
        assert ratios.get(org_a.pk) == _from_grid(org_a, period, today)
        transaction.set_rollback(True)
