"""Who sees which households, pairings and visits (households are personal data), and the annual JSON."""

from __future__ import annotations

from datetime import date

import pytest

from activities.selectors import pairing as selectors

pytestmark = pytest.mark.django_db


def test_a_secretary_sees_the_households_paired_with_their_members_and_those_their_org_looks_after(
    pairing_world, secretary_a, secretary_b
):
    h = pairing_world["households"]
    assert set(selectors.households_visible_to(secretary_a)) == {h["wang"], h["chen"]}
    # 王大 is paired with 孙丽 (org B) too; 刘三's pairing has ended but its visits stay readable; 周四 is
    # looked after by org B without a pairing.
    assert set(selectors.households_visible_to(secretary_b)) == {h["wang"], h["liu"], h["zhou"]}


def test_staff_see_every_household_and_the_reporting_client_none(
    pairing_world, committee_staff, reporting_client
):
    assert selectors.households_visible_to(committee_staff).count() == 4
    assert selectors.households_visible_to(reporting_client).count() == 0
    assert selectors.pairings_visible_to(reporting_client).count() == 0
    assert selectors.visits_visible_to(reporting_client).count() == 0


def test_a_secretary_sees_only_their_members_pairings_and_visits(pairing_world, secretary_a):
    m = pairing_world["members"]
    assert {p.member for p in selectors.pairings_visible_to(secretary_a)} == {m["a1"], m["a2"]}
    assert {v.member for v in selectors.visits_visible_to(secretary_a)} == {m["a1"]}


def test_a_shared_households_page_shows_a_secretary_only_their_own_members(
    pairing_world, sec_a_client, org_a
):
    wang = pairing_world["households"]["wang"]
    page = sec_a_client.get(f"/activities/households/{wang.pk}/").content.decode()
    assert "李明" in page and "赵强" in page and "孙丽" not in page
    assert "医保政策宣讲" not in page  # 孙丽's visit belongs to org B


def test_another_orgs_household_is_not_found(pairing_world, sec_a_client, staff_api, secretary_a_api):
    liu = pairing_world["households"]["liu"]
    assert sec_a_client.get(f"/activities/households/{liu.pk}/").status_code == 404
    assert secretary_a_api.get(f"/api/v1/activities/households/{liu.pk}/").status_code == 404
    assert staff_api.get(f"/api/v1/activities/households/{liu.pk}/").status_code == 200
    b_visit = pairing_world["visits"][2]
    assert secretary_a_api.get(f"/api/v1/activities/visits/{b_visit.pk}/").status_code == 404


def test_the_reporting_client_reads_the_totals_but_no_household(pairing_world, reporting_browser, api_client):
    assert reporting_browser.get("/activities/households/").status_code == 403
    page = reporting_browser.get("/activities/pairings/totals/?year=2020")
    assert page.status_code == 200
    assert 'data-figure="people">6<' in page.content.decode()


def test_the_annual_account_shows_the_pairing_block(pairing_world, staff_api, secretary_a_api):
    body = staff_api.get("/api/v1/reports/annual/2020/").json()
    assert body["pairing"] == {
        "orgs": 2,
        "members": 3,
        "households": 2,
        "people": 6,
        "visits": 3,
        "funds_yuan": 1500,
        "goods_yuan": 420.5,
    }
    own = secretary_a_api.get("/api/v1/reports/annual/2020/").json()["pairing"]
    assert (own["members"], own["visits"], own["funds_yuan"], own["goods_yuan"]) == (2, 2, 1500, 120.5)


def test_the_api_lists_filter_by_year_and_org(pairing_world, staff_api, org_b):
    visits = staff_api.get("/api/v1/activities/visits/?year=2020").json()
    assert visits["count"] == 3
    assert isinstance(visits["results"][0]["funds"], int | float)
    pairings = staff_api.get(f"/api/v1/activities/pairings/?organization={org_b.pk}&year=2020").json()
    assert [p["member_name"] for p in pairings["results"]] == ["孙丽"]
    households = staff_api.get(f"/api/v1/activities/households/?organization={org_b.pk}").json()
    assert {h["head_name"] for h in households["results"]} == {"王大", "刘三", "周四"}


def test_a_secretary_pairs_and_records_a_visit_over_the_api(
    pairing_world, secretary_a_api, secretary_b_api, org_a
):
    m, h = pairing_world["members"], pairing_world["households"]
    created = secretary_a_api.post(
        "/api/v1/activities/pairings/",
        {"member": m["a2"].pk, "household": h["chen"].pk, "started_on": "2020-08-01"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert created.json()["organization"] == org_a.pk
    again = secretary_a_api.post(
        "/api/v1/activities/pairings/", {"member": m["a2"].pk, "household": h["chen"].pk}, format="json"
    )
    assert again.status_code == 400 and "结对尚未结束" in str(again.json())
    visit = secretary_a_api.post(
        "/api/v1/activities/visits/",
        {"pairing": created.json()["id"], "visited_on": "2020-08-02", "funds": "50.5", "content": "慰问"},
        format="json",
    )
    assert visit.status_code == 201, visit.json()
    assert visit.json()["funds"] == 50.5
    # Org B's secretary cannot record a visit of org A's member.
    refused = secretary_b_api.post(
        "/api/v1/activities/visits/",
        {"member": m["a1"].pk, "household": h["wang"].pk, "visited_on": "2020-08-03"},
        format="json",
    )
    assert refused.status_code in (400, 403, 404)


def test_the_visit_sum_ignores_a_pairing_ended_before_the_year(pairing_world):
    totals = selectors.pairing_totals(
        selectors.OrgScope(everything=True), date(2020, 1, 1), date(2020, 12, 31)
    )
    assert totals["households"] == 2  # 刘三's pairing ended in June 2019
