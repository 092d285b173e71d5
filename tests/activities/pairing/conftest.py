"""A small pairing world: two orgs, members paired with households, visits with hand-counted money."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from activities.services.pairing import household_create, pairing_create, visit_create
from tests.e2e.conftest import browser  # noqa: F401  (the phone tests' browser)
from tests.factories import MemberFactory


@pytest.fixture
def pairing_world(org_a, org_b, committee_staff):
    """Org A: 李明 and 赵强 both paired with 王大 (4 people), 李明 also with 陈二 (2 people); 2 visits.
    Org B: 孙丽 paired with 王大 too (a household helped by two orgs) and with 刘三 (3 people), the
    latter ended in 2019; 1 visit. A household nobody is paired with (周四, 5 people, looked after by B)."""
    a1, a2 = MemberFactory(organization=org_a, name="李明"), MemberFactory(organization=org_a, name="赵强")
    b1 = MemberFactory(organization=org_b, name="孙丽")
    wang = household_create(actor=None, head_name="王大", village="红枫村", people=4, cause="因病")
    chen = household_create(actor=None, head_name="陈二", village="红枫村", people=2, cause="缺劳力")
    liu = household_create(actor=None, head_name="刘三", village="站街镇", people=3)
    zhou = household_create(actor=None, head_name="周四", village="站街镇", people=5, organization=org_b)
    p = {
        "a1_wang": pairing_create(actor=None, member=a1, household=wang, started_on=date(2019, 3, 1)),
        "a2_wang": pairing_create(actor=None, member=a2, household=wang, started_on=date(2020, 2, 1)),
        "a1_chen": pairing_create(actor=None, member=a1, household=chen, started_on=date(2020, 5, 1)),
        "b1_wang": pairing_create(actor=None, member=b1, household=wang, started_on=date(2020, 1, 1)),
        "b1_liu": pairing_create(actor=None, member=b1, household=liu, started_on=date(2018, 1, 1)),
    }
    p["b1_liu"].ended_on = date(2019, 6, 30)
    p["b1_liu"].save()
    visits = [
        visit_create(
            actor=None,
            pairing=p["a1_wang"],
            visited_on=date(2020, 3, 5),
            content="送米面",
            funds=Decimal("500.00"),
            goods=Decimal("120.50"),
        ),
        visit_create(
            actor=None,
            pairing=p["a1_chen"],
            visited_on=date(2020, 6, 1),
            content="帮助春耕",
            funds=Decimal("1000"),
            goods=Decimal("0"),
        ),
        visit_create(
            actor=None,
            pairing=p["b1_wang"],
            visited_on=date(2020, 7, 1),
            content="医保政策宣讲",
            funds=Decimal("0"),
            goods=Decimal("300"),
        ),
        # 2019: not in 2020's figures
        visit_create(
            actor=None,
            pairing=p["b1_liu"],
            visited_on=date(2019, 5, 1),
            funds=Decimal("200"),
        ),
    ]
    return {
        "members": {"a1": a1, "a2": a2, "b1": b1},
        "households": {"wang": wang, "chen": chen, "liu": liu, "zhou": zhou},
        "pairings": p,
        "visits": visits,
    }
