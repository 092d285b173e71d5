"""bench/city/pairing.py writes consistent pairing records, and bench/pages.py's pairing pages answer."""

from __future__ import annotations

from datetime import date

import pytest
from django.db.models import F, Q

from accounts.authz import OrgScope
from accounts.models import Role, RoleAssignment, User
from activities.models import Household, Pairing, Visit
from activities.selectors import pairing as selectors
from bench.city.context import Sizes
from bench.city.core import STEPS, build

TODAY = date(2026, 11, 30)
SIZES = Sizes(orgs=60, members=600, years=2, assignments=600, secretary_logins=10, today=TODAY)

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    steps = [step for step in STEPS if step[0] in ("accounts", "pairing")]
    return build(SIZES, steps=steps)[0]


def test_the_city_has_pairings_in_the_members_orgs_and_visits_within_them(city):
    assert Household.objects.count() > 20 and Pairing.objects.count() > 60
    assert not Pairing.objects.exclude(organization=F("member__organization")).exists()
    assert not Visit.objects.filter(
        Q(visited_on__lt=F("pairing__started_on")) | Q(visited_on__gt=F("pairing__ended_on"))
    ).exists()
    assert not Visit.objects.filter(visited_on__gt=TODAY).exists()
    totals = selectors.pairing_totals(OrgScope(everything=True), date(2026, 1, 1), date(2026, 12, 31))
    assert totals["visits"] == Visit.objects.filter(visited_on__year=2026).count() > 0


def test_the_pairing_pages_answer_for_the_logins_bench_measures_them_as(city, client):
    from bench.city.pairing import pairing_api_pages, pairing_pages

    grant = RoleAssignment.objects.filter(role=Role.SECRETARY, organization__kind="branch").first()
    organ = RoleAssignment.objects.filter(role=Role.SECRETARY, organization__kind="organ_committee").first()
    logins = {
        "staff": "city_staff",
        "staff_api": "city_staff",
        "branch": grant.user,
        "branch_api": grant.user,
        "organ": (organ or grant).user,
    }
    for _name, who, path in [*pairing_pages(2026), *pairing_api_pages(2026)]:
        user = logins[who]
        client.force_login(user if isinstance(user, User) else User.objects.get(username=user))
        response = client.get(path)
        assert response.status_code == 200, (who, path, response.status_code)
