"""Member points over the portal and REST: a member sees only their own card and rows, a secretary
only their own org, staff any org; the ranking list and the API use the same queries for any size."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import MemberClass
from assessments.models import ManualPoint, MemberPoints
from assessments.services import points as services
from tests.conftest import api_as, browser_as
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
API = "/api/v1/assessments/points/"


@pytest.fixture
def computed(schemes, fake_sources, org_a, org_b, member):
    peers = MemberFactory.create_batch(3, organization=org_a)
    others = MemberFactory.create_batch(2, organization=org_b)
    fake_sources["fake_visits"].counts.update({member.member_id: 2, peers[0].pk: 1, others[0].pk: 3})
    services.points_compute(year=2020, quarter=1)
    return {"peers": peers, "others": others}


def test_a_member_reads_their_own_card_with_its_breakdown(computed, member):
    response = browser_as(member).get(reverse("points:my_points"), {"year": 2020})
    assert response.status_code == 200
    text = response.content.decode()
    assert "走访结对户" in text and "10" in text
    row = response.context["row"]
    assert row.member_id == member.member_id and row.period == "2020-Q1" and row.rank == 1


def test_a_member_gets_only_their_own_rows_over_the_api(computed, member):
    data = api_as(member).get(API).json()
    assert [row["member"] for row in data["results"]] == [member.member_id]
    assert data["results"][0]["breakdown"][1]["code"] == "visit"
    other = MemberPoints.objects.exclude(member_id=member.member_id).first()
    assert api_as(member).get(f"{API}{other.pk}/").status_code == 404
    assert browser_as(member).get(reverse("points:member_card", args=[other.pk])).status_code == 404
    assert browser_as(member).get(reverse("points:ranking")).status_code == 403


def test_a_secretary_sees_only_their_own_org(computed, secretary_a, org_a, org_b):
    data = api_as(secretary_a).get(API, {"period": "2020-Q1"}).json()
    assert data["count"] == 4
    assert {row["organization"] for row in data["results"]} == {org_a.pk}
    response = browser_as(secretary_a).get(reverse("points:ranking"), {"period": "2020-Q1"})
    assert response.status_code == 200 and response.context["org"] == org_a
    assert browser_as(secretary_a).get(reverse("points:ranking"), {"org": org_b.pk}).status_code == 404
    row_b = MemberPoints.objects.filter(organization=org_b).first()
    assert api_as(secretary_a).get(f"{API}{row_b.pk}/").status_code == 404


def test_staff_pick_any_org_and_filter_by_class(computed, committee_staff, org_b):
    client = browser_as(committee_staff)
    orgs = client.get(reverse("points:ranking"), {"period": "2020-Q1"})
    assert orgs.status_code == 200 and len(orgs.context["page"].object_list) == 2
    ranking = client.get(reverse("points:ranking"), {"period": "2020-Q1", "org": org_b.pk})
    assert [r.rank for r in ranking.context["page"].object_list] == [1, 2]
    data = api_as(committee_staff).get(API, {"member_class": MemberClass.ELDERLY}).json()
    assert data["count"] == 0
    assert api_as(committee_staff).get(API, {"organization": org_b.pk, "year": 2020}).json()["count"] == 2


def test_the_reporting_client_reads_no_member_points(computed, reporting_client):
    assert api_as(reporting_client).get(API).status_code == 403


def test_the_ranking_and_the_api_use_the_same_queries_for_more_members(
    schemes, fake_sources, org_a, secretary_a, django_assert_max_num_queries
):
    def measure(n: int) -> tuple[int, int]:
        MemberFactory.create_batch(n, organization=org_a)
        services.points_compute(year=2020, quarter=1)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client, api = browser_as(secretary_a), api_as(secretary_a)
        with CaptureQueriesContext(connection) as page:
            assert client.get(reverse("points:ranking"), {"period": "2020-Q1"}).status_code == 200
        with CaptureQueriesContext(connection) as rest:
            assert api.get(API, {"period": "2020-Q1"}).status_code == 200
        return len(page), len(rest)

    small = measure(2)
    large = measure(20)
    assert large == small
    client = browser_as(secretary_a)
    with django_assert_max_num_queries(small[0]):
        client.get(reverse("points:ranking"), {"period": "2020-Q1"})


def test_a_secretary_gives_points_by_hand_and_the_ranking_moves(computed, secretary_a, org_a):
    peer = computed["peers"][2]
    client = browser_as(secretary_a)
    url = reverse("points:manual_add") + f"?member={peer.pk}&year=2020"
    assert client.get(url).status_code == 200
    response = client.post(url, {"period": "2020-Q1", "item_code": "", "points": "30", "reason": "抗洪抢险"})
    assert response.status_code == 302
    row = MemberPoints.objects.get(member=peer, period="2020-Q1")
    assert row.total == Decimal(30) and row.rank == 1
    assert ManualPoint.objects.get().given_by == secretary_a
    listing = client.get(reverse("points:manual_list"))
    assert "抗洪抢险" in listing.content.decode()


def test_a_secretary_cannot_give_points_to_another_orgs_member(computed, secretary_a):
    other = computed["others"][0]
    url = reverse("points:manual_add") + f"?member={other.pk}"
    assert browser_as(secretary_a).get(url).status_code == 404


def test_staff_edit_an_item_on_the_scheme_page(computed, committee_staff, schemes):
    client = browser_as(committee_staff)
    page = client.get(reverse("points:scheme_list"), {"year": 2020})
    assert page.status_code == 200 and "走访结对户" in page.content.decode()
    item = schemes[MemberClass.NORMAL].items.get(code="visit")
    response = client.post(
        reverse("points:item_edit", args=[item.pk]),
        {"seq": 2, "code": "visit", "label": "走访结对户", "source": "fake_visits", "points_per_unit": "6"},
    )
    assert response.status_code == 302
    assert schemes[MemberClass.NORMAL].items.get(code="visit").points_per_unit == 5  # used: new version
    assert item.scheme.__class__.objects.filter(year=2020, member_class=MemberClass.NORMAL).count() == 2


def test_the_home_page_shows_the_members_points_card(computed, member):
    response = browser_as(member).get(reverse("home"))
    assert 'data-home="points"' in response.content.decode()


def test_staff_queue_a_computation_from_the_page(
    schemes, committee_staff, org_a, django_capture_on_commit_callbacks
):
    member = MemberFactory(organization=org_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = browser_as(committee_staff).post(reverse("points:compute"), {"period": "2020-Q2"})
    assert response.status_code == 302
    assert MemberPoints.objects.filter(member=member, period="2020-Q2").exists()


def test_staff_start_a_new_year_from_last_years_schemes(schemes, committee_staff):
    from assessments.models import PointScheme

    response = browser_as(committee_staff).post(reverse("points:scheme_prepare"), {"year": "2021"})
    assert response.status_code == 302
    assert PointScheme.objects.filter(year=2021).count() == 3
    page = browser_as(committee_staff).get(reverse("points:scheme_list"), {"year": 2021})
    assert len(page.context["schemes"]) == 3 and page.context["missing"] == []


def test_the_ranking_downloads_as_excel(computed, secretary_a, org_a):
    response = browser_as(secretary_a).get(
        reverse("points:ranking"), {"org": org_a.pk, "period": "2020-Q1", "format": "xlsx"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_an_organ_committees_secretary_picks_among_the_orgs_below(schemes, organ_committee, root_org):
    from accounts.models import Role
    from tests.factories import UserFactory, make_org

    branch_1 = make_org(organ_committee, "中共清镇市委办第一支部委员会", short_name="第一支部")
    branch_2 = make_org(organ_committee, "中共清镇市委办第二支部委员会", short_name="第二支部")
    for org in (branch_1, branch_2):
        MemberFactory.create_batch(2, organization=org)
    services.points_compute(year=2020, quarter=1)
    secretary = UserFactory(username="sec_organ", role=Role.SECRETARY, organization=organ_committee)
    response = browser_as(secretary).get(reverse("points:ranking"), {"period": "2020-Q1"})
    assert response.status_code == 200 and response.context["org"] is None
    assert len(response.context["page"].object_list) == 2
