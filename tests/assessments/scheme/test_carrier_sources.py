"""The carriers' compliance ratios the scheme's carrier components read (assessments.scheme.sources)."""

from __future__ import annotations

from datetime import date

import pytest

from activities.models import Forum, MeetingExemption, ServiceDay
from activities.models.meetings import Meeting
from assessments.scheme import sources
from tests.factories import make_org, make_root

pytestmark = pytest.mark.django_db
Q1 = (2020, date(2020, 1, 1), date(2020, 3, 31))
H1 = (2020, date(2020, 1, 1), date(2020, 6, 30))


@pytest.fixture
def orgs():
    root = make_root()
    return make_org(root, "第一党支部"), make_org(root, "第二党支部"), make_org(root, "第三党支部")


def test_service_days_count_the_months_of_the_period_with_one(orgs):
    a, b, _c = orgs
    for org, day in (
        (a, date(2020, 1, 5)),
        (a, date(2020, 1, 20)),
        (a, date(2020, 3, 2)),
        (b, date(2020, 2, 1)),
    ):
        ServiceDay.objects.create(organization=org, held_on=day, theme="study")
    ratios = sources.service_day_months(*Q1, [o.pk for o in orgs])
    assert ratios == {a.pk: pytest.approx(2 / 3), b.pk: pytest.approx(1 / 3)}


def test_a_joint_forum_counts_for_each_of_its_orgs_once_a_quarter(orgs):
    a, b, c = orgs
    joint = Forum.objects.create(organization=a, held_on=date(2020, 2, 1), topic="初心", attendance=30)
    joint.organizations.set([a, b])
    Forum.objects.create(
        organization=a, held_on=date(2020, 3, 1), topic="使命", attendance=20
    ).organizations.set([a])
    ratios = sources.forum_quarters(*H1, [o.pk for o in orgs])
    assert ratios == {a.pk: 0.5, b.pk: 0.5}


def test_meetings_count_held_and_exempted_cells_of_the_period(orgs, time_machine):
    time_machine.move_to("2020-07-15")
    a, b, _c = orgs
    # Org A: a general meeting and a lecture in Q1, a committee meeting every month of Q1.
    for kind, day in [("general", date(2020, 2, 1)), ("lecture", date(2020, 3, 1))] + [
        ("committee", date(2020, m, 10)) for m in (1, 2, 3)
    ]:
        Meeting.objects.create(organization=a, meeting_type=kind, held_on=day)
    # Org B held nothing but is exempted from everything in Q1 (e.g. its unit was being reorganised).
    MeetingExemption.objects.create(
        organization=b,
        meeting_type="",
        starts_on=date(2020, 1, 1),
        ends_on=date(2020, 3, 31),
        reason="机构改革",
    )
    ratios = sources.meeting_compliance(*Q1, [o.pk for o in orgs])
    assert ratios[a.pk] == 1.0 and ratios[b.pk] == 1.0
    assert ratios[orgs[2].pk] == 0.0
    # Over the half-year org A misses Q2's five cells: 5 of 10 held.
    assert sources.meeting_compliance(*H1, [a.pk])[a.pk] == 0.5
