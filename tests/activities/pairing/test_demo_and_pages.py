"""The demo's pairing year, and the pages: cards, filters, constant query counts, the phone visit form."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from accounts.authz import OrgScope
from activities.models import Household, Pairing, Visit
from activities.selectors import pairing as selectors
from activities.services.pairing import household_create, pairing_create, visit_create
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def test_the_demo_year_has_households_pairings_and_visits():
    out = StringIO()
    call_command("seed_demo", "--scale", "small", "--year", "2026", "--today", "2026-11-23", stdout=out)
    assert "扶贫结对" in out.getvalue()
    assert Household.objects.count() >= 2 and Pairing.objects.count() >= 4
    assert Visit.objects.filter(visited_on__year=2026).count() >= 8
    assert not Visit.objects.filter(visited_on__gt=date(2026, 11, 23)).exists()
    totals = selectors.pairing_totals(OrgScope(everything=True), date(2026, 1, 1), date(2026, 12, 31))
    assert totals["visits"] == Visit.objects.filter(visited_on__year=2026).count()
    assert totals["funds"] > 0


@pytest.fixture
def many(org_a, committee_staff):
    """Org A: 12 households, each paired with a member, each visited twice."""
    for index in range(12):
        member = MemberFactory(organization=org_a, name=f"党员{index:02d}")
        household = household_create(
            actor=None, head_name=f"户主{index:02d}", village=f"村{index % 3}", people=3
        )
        pairing = pairing_create(actor=None, member=member, household=household, started_on=date(2020, 1, 1))
        for month in (3, 4):
            visit_create(
                actor=None, pairing=pairing, visited_on=date(2020, month, 1 + index), funds=Decimal(10)
            )
    return org_a


@pytest.mark.parametrize(
    "url",
    [
        "/activities/households/",
        "/activities/households/?village=村1",
        "/activities/pairings/",
        "/activities/visits/?year=2020",
        "/activities/pairings/totals/?year=2020",
    ],
)
def test_the_lists_take_the_same_queries_whatever_their_length(
    many, staff_client, url, django_assert_max_num_queries
):
    with django_assert_max_num_queries(14):
        response = staff_client.get(url)
    assert response.status_code == 200


def test_the_household_list_filters_by_village_and_searches(many, sec_a_client):
    page = sec_a_client.get("/activities/households/?village=村1").content.decode()
    assert "户主01" in page and "户主00" not in page
    page = sec_a_client.get("/activities/households/?q=户主05").content.decode()
    assert "户主05" in page and "户主04" not in page


def test_the_totals_page_downloads_excel(many, staff_client):
    response = staff_client.get("/activities/pairings/totals/?year=2020&export=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_secretary_records_a_visit_with_a_photo_on_a_phone(pairing_world, sec_a_client, private_root):
    pairing = pairing_world["pairings"]["a1_chen"]
    form = sec_a_client.get("/activities/visits/new/")
    assert form.status_code == 200
    assert "李明 → 陈二" in form.content.decode() and "孙丽" not in form.content.decode()
    today = timezone.localdate()
    response = sec_a_client.post(
        "/activities/visits/new/",
        {
            "pairing": pairing.pk,
            "visited_on": today.isoformat(),
            "content": "送去冬衣",
            "funds": "200",
            "goods": "80.5",
            "files": [SimpleUploadedFile("走访.png", PNG, content_type="image/png")],
        },
    )
    assert response.status_code == 302
    visit = Visit.objects.get(visited_on=today, pairing=pairing)
    assert (visit.funds, visit.goods, visit.organization) == (
        Decimal("200"),
        Decimal("80.5"),
        pairing.organization,
    )
    photo = visit.photos.get()
    assert sec_a_client.get(f"/activities/visits/photos/{photo.pk}/").status_code == 200
    home = sec_a_client.get("/").content.decode()
    assert 'data-home="pairing"' in home and "本月走访 1 次" in home


def test_a_visit_outside_the_pairing_is_refused_in_chinese(pairing_world, sec_a_client):
    pairing = pairing_world["pairings"]["a1_chen"]  # from 2020-05-01
    response = sec_a_client.post(
        "/activities/visits/new/", {"pairing": pairing.pk, "visited_on": "2020-04-01", "content": "x"}
    )
    assert response.status_code == 400
    assert "没有结对" in response.content.decode()
    assert not Visit.objects.filter(visited_on=date(2020, 4, 1)).exists()


def test_a_secretary_cannot_record_a_visit_of_another_orgs_pairing(pairing_world, sec_b_client):
    pairing = pairing_world["pairings"]["a1_chen"]
    response = sec_b_client.post(
        "/activities/visits/new/", {"pairing": pairing.pk, "visited_on": "2020-06-02", "content": "x"}
    )
    assert response.status_code == 400  # not a choice for them
    assert not Visit.objects.filter(visited_on=date(2020, 6, 2)).exists()


def test_a_secretary_pairs_a_member_and_ends_the_pairing(pairing_world, sec_a_client, org_a):
    zhou = household_create(actor=None, head_name="吴五", village="红枫村", people=2, organization=org_a)
    response = sec_a_client.post(
        f"/activities/households/{zhou.pk}/pair/",
        {"organization": org_a.pk, "member_name": "赵强", "started_on": "2020-09-01"},
    )
    assert response.status_code == 302, response.content.decode()
    pairing = Pairing.objects.get(household=zhou)
    assert pairing.organization == org_a
    sec_a_client.post(f"/activities/pairings/{pairing.pk}/end/", {"ended_on": "2020-12-31"})
    pairing.refresh_from_db()
    assert pairing.ended_on == date(2020, 12, 31)
