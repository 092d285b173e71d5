"""The dashboard at committee size: the heat map shows one level of the tree at a time (each row a
child with its subtree's average), a cell opens the level below or a leaf's result, and the ranking
chart shows the top of the level, not every org."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from accounts.models import OrgKind
from assessments.models import AssessmentResult
from assessments.scheme import compute, selectors, services
from tests.factories import make_org, make_root

from .conftest import YEAR

pytestmark = pytest.mark.django_db


def _tree(branches_per_organ: int = 2):
    """root → 机关党委 A (branches A1…) and 机关党委 B (branches B1…)."""
    root = make_root()
    organs = {}
    for name in "AB":
        organ = make_org(root, f"中共{name}局机关委员会", kind=OrgKind.ORGAN_COMMITTEE)
        organs[name] = (
            organ,
            [
                make_org(organ, f"中共{name}局第{n}支部委员会", kind=OrgKind.BRANCH)
                for n in range(1, branches_per_organ + 1)
            ],
        )
    return organs


def _compute(fake_sources, points: dict[int, float]):
    fake_sources["points"].update(points)
    run = services.assessment_run_start(actor=None, year=YEAR, period=f"{YEAR}-Q1", as_of=date(YEAR, 4, 10))
    return compute.compute_run_inline(run)


def test_the_heat_map_opens_one_level_at_a_time(client, committee_staff, fake_sources):
    organs = _tree()
    (a, (a1, a2)), (b, (b1, b2)) = organs["A"], organs["B"]
    run = _compute(fake_sources, {a.pk: 90, a1.pk: 80, a2.pk: 40, b.pk: 10, b1.pk: 20, b2.pk: 30})
    composite = dict(AssessmentResult.objects.filter(run=run).values_list("organization_id", "composite"))
    client.force_login(committee_staff)

    top = client.get(reverse("scheme:dashboard"), {"year": YEAR}).context
    heat = top["chart"]["heat"]
    assert heat["orgs"] == [a.name, b.name]
    # Each row: the 机关党委 with its branches, averaged.
    expected_a = round(float(sum(composite[o.pk] for o in (a, a1, a2)) / 3), 2)
    assert heat["cells"][0] == [0, 0, pytest.approx(expected_a, abs=0.01)]
    assert heat["urls"][0].startswith(reverse("scheme:dashboard")) and f"under={a.pk}" in heat["urls"][0]

    below = client.get(reverse("scheme:dashboard"), {"year": YEAR, "under": a.pk}).context
    assert below["chart"]["heat"]["orgs"] == [a1.name, a2.name]
    leaf = AssessmentResult.objects.get(run=run, organization=a1)
    assert below["chart"]["heat"]["urls"][0] == reverse("scheme:result_detail", args=[leaf.pk])
    assert [org.pk for org in below["trail"]][-1] == a.pk
    # The ranking chart follows the level: only A's subtree.
    assert set(below["chart"]["ranking"]["names"]) == {a.name, a1.name, a2.name}


def test_the_ranking_chart_shows_the_top_of_the_level(client, committee_staff, fake_sources, monkeypatch):
    organs = _tree(branches_per_organ=3)
    everyone = [org for organ, branches in organs.values() for org in (organ, *branches)]
    _compute(fake_sources, {org.pk: 10 + n for n, org in enumerate(everyone)})
    monkeypatch.setattr(selectors, "RANKING_BARS", 3)
    client.force_login(committee_staff)

    chart = client.get(reverse("scheme:dashboard"), {"year": YEAR}).context["chart"]

    assert len(chart["ranking"]["names"]) == 3
    assert chart["ranking"]["values"] == sorted(chart["ranking"]["values"], reverse=True)


def test_the_dashboard_reads_a_constant_number_of_queries(
    client, committee_staff, fake_sources, django_assert_max_num_queries
):
    client.force_login(committee_staff)
    organs = _tree(branches_per_organ=1)
    _compute(fake_sources, {})
    with django_assert_max_num_queries(30) as small:
        client.get(reverse("scheme:dashboard"), {"year": YEAR})
    for organ, _branches in organs.values():
        make_org(organ, f"{organ.name}总支", kind=OrgKind.GENERAL_BRANCH)
        for n in range(2, 8):
            make_org(organ, f"{organ.name}第{n}党支部", kind=OrgKind.BRANCH)
    _compute(fake_sources, {})  # the unpublished run is computed again in place, now for 18 orgs
    assert AssessmentResult.objects.count() == 18
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("scheme:dashboard"), {"year": YEAR})
