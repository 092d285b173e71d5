"""Pairing totals, hand-computed from the pairing_world (see conftest)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from accounts.authz import OrgScope
from activities.selectors import pairing as selectors

pytestmark = pytest.mark.django_db


def test_it_counts_the_committee_totals_of_2020(pairing_world):
    totals = selectors.pairing_totals(OrgScope(everything=True), date(2020, 1, 1), date(2020, 12, 31))
    # Pairings in force in 2020: a1_wang, a2_wang, a1_chen, b1_wang (b1_liu ended in 2019).
    # Members 李明 赵强 孙丽 = 3; households 王大 陈二 = 2; people 4 + 2 = 6 (王大 counted once).
    assert totals == {
        "orgs": 2,
        "members": 3,
        "households": 2,
        "people": 6,
        "visits": 3,
        "funds": Decimal("1500.00"),
        "goods": Decimal("420.50"),
    }


def test_it_counts_2019_apart(pairing_world):
    totals = selectors.pairing_totals(OrgScope(everything=True), date(2019, 1, 1), date(2019, 12, 31))
    # 2019: a1_wang (from March) and b1_liu (until June): 2 members, 2 households, 4 + 3 people; 1 visit.
    assert totals["members"] == 2 and totals["households"] == 2 and totals["people"] == 7
    assert totals["visits"] == 1 and totals["funds"] == Decimal("200.00")


def test_it_counts_each_org_in_one_query(pairing_world, org_a, org_b, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = {org.pk: org for org in selectors.pairing_totals_by_org(OrgScope(everything=True), 2020)}
    a, b = rows[org_a.pk], rows[org_b.pk]
    assert (a.t_members, a.t_households, a.t_people, a.t_visits) == (2, 2, 6, 2)
    assert (a.t_funds, a.t_goods) == (Decimal("1500.00"), Decimal("120.50"))
    assert (b.t_members, b.t_households, b.t_people, b.t_visits) == (1, 1, 4, 1)
    assert (b.t_funds, b.t_goods) == (Decimal("0"), Decimal("300.00"))


def test_a_secretary_scope_counts_its_own_org_only(pairing_world, secretary_a):
    from accounts import authz

    totals = selectors.pairing_totals(authz.business_scope(secretary_a), date(2020, 1, 1), date(2020, 12, 31))
    assert (totals["orgs"], totals["members"], totals["households"], totals["people"]) == (1, 2, 2, 6)
    assert totals["visits"] == 2 and totals["funds"] == Decimal("1500.00")


def test_the_annual_block_gives_money_as_numbers(pairing_world):
    block = selectors.pairing_account(OrgScope(everything=True), 2020)
    assert block == {
        "orgs": 2,
        "members": 3,
        "households": 2,
        "people": 6,
        "visits": 3,
        "funds_yuan": 1500,
        "goods_yuan": 420.5,
    }


def test_member_points_sources_count_pairings_and_visits(pairing_world, org_a):
    m = pairing_world["members"]
    start, end = date(2020, 1, 1), date(2020, 12, 31)
    assert selectors.member_pairings(start, end) == {m["a1"].pk: 2, m["a2"].pk: 1, m["b1"].pk: 1}
    assert selectors.member_visits(start, end) == {m["a1"].pk: 2, m["b1"].pk: 1}
    assert selectors.member_visits(start, end, organization_ids=[org_a.pk]) == {m["a1"].pk: 2}
    assert selectors.member_pairings(date(2019, 7, 1), date(2019, 12, 31)) == {m["a1"].pk: 1}


def test_the_committee_row_is_one_query_and_adds_up_the_org_rows(pairing_world, django_assert_num_queries):
    scope = OrgScope(everything=True)
    with django_assert_num_queries(1):
        totals = selectors.pairing_totals(scope, date(2020, 1, 1), date(2020, 12, 31))
    rows = list(selectors.pairing_totals_by_org(scope, 2020))
    assert totals["orgs"] == sum(1 for o in rows if o.t_members)
    assert totals["members"] == sum(o.t_members for o in rows)
    assert totals["visits"] == sum(o.t_visits for o in rows)
    assert totals["funds"] == sum(o.t_funds for o in rows)
    assert totals["goods"] == sum(o.t_goods for o in rows)
    # 王大 is helped by members of both orgs: each org counts it, the committee once.
    assert sum(o.t_households for o in rows) == totals["households"] + 1
    assert sum(o.t_people for o in rows) == totals["people"] + 4


def test_the_totals_pages_first_and_last_take_the_same_queries(pairing_world, staff_client, root_org):
    from tests.factories import make_org
    from tests.ledger.conftest import queries_of

    for i in range(60):
        make_org(root_org, f"中共汇总{i:02d}支部委员会")
    url = "/activities/pairings/totals/?year=2020"
    first, few = queries_of(lambda: staff_client.get(url))
    last, many = queries_of(lambda: staff_client.get(url + "&page=9999"))
    assert many == few
    # Orgs A and B and the 60 branches (the committee itself is no grassroots org): 50 + 12.
    page = last.context["page"]
    assert page.number == 2 and [o.name for o in page.object_list][-1] == "中共汇总59支部委员会"
    assert len(page.object_list) == 12
    assert last.context["totals"] == first.context["totals"]
    assert last.context["totals"]["members"] == 3
