"""The member-conduct index the assessment scheme reads: each org's average member points over the
period's quarters, the best org = 100."""

from __future__ import annotations

import pytest

from accounts.models import MemberClass
from assessments.scheme import services as scheme_services
from assessments.selectors.points import best_org_points_average, org_points_index
from assessments.services import points as services
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_the_best_org_is_100_and_the_others_a_share_of_it(schemes, fake_sources, org_a, org_b):
    a = [MemberFactory(organization=org_a, member_class=MemberClass.NORMAL) for _ in range(2)]
    b = MemberFactory(organization=org_b, member_class=MemberClass.NORMAL)
    # Q1: org A's members 2 and 3 visits (10 and 15 points: average 12.5), org B's 1 visit (5).
    fake_sources["fake_visits"].counts.update({a[0].pk: 2, a[1].pk: 3, b.pk: 1})
    services.points_compute(year=2020, quarter=1)

    index = org_points_index(2020, "2020-Q1", [org_a.pk, org_b.pk])

    assert index == {org_a.pk: 100.0, org_b.pk: 40.0}
    # The best is the committee's, even when only one org is asked (a chunk of the assessment job).
    assert org_points_index(2020, "2020-H1", [org_b.pk]) == {org_b.pk: 40.0}
    assert org_points_index(2020, "2020-Q2", [org_a.pk, org_b.pk]) == {}


def test_a_run_computes_the_committee_best_once_and_its_chunks_use_it(schemes, fake_sources, org_a, org_b):
    a = MemberFactory(organization=org_a, member_class=MemberClass.NORMAL)
    b = MemberFactory(organization=org_b, member_class=MemberClass.NORMAL)
    fake_sources["fake_visits"].counts.update({a.pk: 4, b.pk: 1})  # 20 and 5 points
    services.points_compute(year=2020, quarter=1)

    assert best_org_points_average(2020, "2020-Q1") == 20.0
    run = scheme_services.assessment_run_start(actor=None, year=2020, period="2020-Q1", chunk_size=1)
    assert run.constants == {"points_best": 20.0}
    # Given the run's best, a chunk of org B alone reads B's share without scanning the committee.
    best = run.constants["points_best"]
    assert org_points_index(2020, "2020-Q1", [org_b.pk], best=best) == {org_b.pk: 25.0}
