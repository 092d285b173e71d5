"""The summary by org drills down the tree: each row is a child org with everything below it."""

from datetime import date

import pytest
from django.urls import reverse

from accounts.services import organization_update
from ledger import selectors, services

from .test_rollup import SUMMARY, _assert_in_step

pytestmark = pytest.mark.django_db


@pytest.fixture
def branch(org_a):
    from tests.factories import make_org

    return make_org(org_a, "中共清镇市税务局第一支部委员会")


@pytest.fixture
def owed(ledger_item, committee_staff, root_org, org_a, org_b, branch):
    """One task owed by the committee itself, org A, A's branch and org B."""
    return services.task_create(
        item=ledger_item,
        title="年度计划",
        by=committee_staff,
        responsible_orgs=[root_org, org_a, branch, org_b],
    )


def _totals(rows) -> dict:
    return {row["label"]: (row["total"], row["has_children"]) for row in rows}


def test_staff_see_the_top_level_orgs_each_with_everything_below_it(owed, committee_staff, root_org):
    rows = selectors.rollup(committee_staff, year=2020, by="org")

    assert _totals(rows) == {
        f"{root_org.name}（本级）": (1, False),
        "中共清镇市税务局支部委员会": (2, True),  # org A and its branch
        "中共清镇市财政局支部委员会": (1, False),
    }


def test_drilling_into_an_org_lists_its_own_work_and_its_children(owed, committee_staff, org_a):
    rows = selectors.rollup(committee_staff, year=2020, by="org", under=org_a.pk)

    assert _totals(rows) == {
        "中共清镇市税务局支部委员会（本级）": (1, False),
        "中共清镇市税务局第一支部委员会": (1, False),
    }


def test_an_org_moved_to_another_top_level_org_takes_its_counts_along(owed, committee_staff, branch, org_b):
    organization_update(actor=committee_staff, organization=branch, parent=org_b)

    rows = selectors.rollup(committee_staff, year=2020, by="org")

    assert _totals(rows)["中共清镇市税务局支部委员会"] == (1, False)
    assert _totals(rows)["中共清镇市财政局支部委员会"] == (2, True)
    _assert_in_step()


def test_the_page_links_each_org_with_children_to_its_own_level(owed, staff_client, org_a):
    page = staff_client.get(reverse("ledger:summary"), {"year": 2020, "by": "org"})
    level = staff_client.get(reverse("ledger:summary"), {"year": 2020, "by": "org", "under": org_a.pk})

    assert page.status_code == level.status_code == 200
    assert f"under={org_a.pk}" in page.content.decode()
    # The breadcrumb leads back up; the totals row sums this level only.
    body = level.content.decode()
    assert 'class="breadcrumb-item active" aria-current="page">中共清镇市税务局支部委员会<' in body
    assert "第一支部委员会" in body


def test_a_secretary_cannot_drill_into_another_org(owed, secretary_b_api, org_a, org_b):
    refused = secretary_b_api.get(SUMMARY, {"year": 2020, "by": "org", "under": org_a.pk})
    own = secretary_b_api.get(SUMMARY, {"year": 2020, "by": "org"})

    assert refused.status_code == 400 and "under" in refused.json()
    assert own.status_code == 200 and own.json()["under"] == org_b.pk
    assert [row["label"] for row in own.json()["results"]] == ["中共清镇市财政局支部委员会（本级）"]


def test_a_link_naming_only_the_grouping_means_this_year(owed, staff_client, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda: date(2020, 6, 1))
    page = staff_client.get(reverse("ledger:summary"), {"by": "org"}).content.decode()

    assert "应为 2000 到 2100 之间的整数" not in page
    assert "中共清镇市税务局支部委员会" in page and "（本级）" in page
