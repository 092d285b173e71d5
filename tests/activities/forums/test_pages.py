"""The 主题讲坛 and selection pages: phone-first lists with constant queries, the grid and its Excel file,
a secretary registering a forum and nominating, staff promoting; and the REST resources."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.models import Candidate, CandidateStage, Forum
from activities.services import selections as selection_services
from tests.factories import MemberFactory, make_org

from .conftest import make_forum

pytestmark = pytest.mark.django_db


def _forums(staff, root_org, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        org = make_org(root_org, f"页面测试支部{i}")
        other = make_org(root_org, f"页面联合支部{i}")
        make_forum(staff, org, co_organizations=[other], topic=f"讲坛{i}", held_on=date(2019, 1 + i % 12, 5))


def test_the_forum_list_has_constant_queries_and_cards(
    staff_client, committee_staff, root_org, django_assert_max_num_queries
):
    _forums(committee_staff, root_org, 3)
    staff_client.get(reverse("forums:forum_list"))
    with django_assert_max_num_queries(12) as first:
        response = staff_client.get(reverse("forums:forum_list"))
    _forums(committee_staff, root_org, 8, start=3)
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = staff_client.get(reverse("forums:forum_list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "pb-stack" in body and "联合" in body and "讲坛10" in body


def test_the_grid_page_highlights_orgs_without_forums_and_downloads_excel(
    staff_client, committee_staff, org_a, org_b, django_assert_max_num_queries
):
    make_forum(committee_staff, org_a, held_on=date(2019, 2, 1))
    staff_client.get(reverse("forums:forum_grid") + "?year=2019")
    with django_assert_max_num_queries(10):
        response = staff_client.get(reverse("forums:forum_grid") + "?year=2019")
    body = response.content.decode()
    assert f'data-org="{org_b.pk}" class="table-danger" data-none' in body
    assert "data-missing" in body
    excel = staff_client.get(reverse("forums:forum_grid") + "?year=2019&export=xlsx")
    assert excel["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_secretary_registers_a_forum_from_their_roster(sec_a_client, org_a):
    speaker = MemberFactory(organization=org_a, name="王讲")
    listener = MemberFactory(organization=org_a, name="听众")
    page = sec_a_client.get(reverse("forums:forum_create"))
    assert page.status_code == 200 and "王讲" in page.content.decode()
    response = sec_a_client.post(
        reverse("forums:forum_create"),
        {
            "org": org_a.pk,
            "held_on": "2019-04-10",
            "topic": "我是党员我先行",
            "speakers": [speaker.pk],
            "attendance": 18,
            "attendees": [listener.pk],
        },
    )
    forum = Forum.objects.get()
    assert response.status_code == 302 and response["Location"] == forum.get_absolute_url()
    assert forum.organization == org_a and list(forum.attendees.all()) == [listener]
    assert sec_a_client.get(forum.get_absolute_url()).status_code == 200


def test_a_secretary_cannot_open_another_orgs_forum(sec_a_client, committee_staff, org_b):
    forum = make_forum(committee_staff, org_b)
    assert sec_a_client.get(forum.get_absolute_url()).status_code == 404
    assert sec_a_client.get(reverse("forums:forum_create") + f"?org={org_b.pk}").status_code in (200, 403)
    refused = sec_a_client.post(
        reverse("forums:forum_create"),
        {"org": org_b.pk, "held_on": "2019-04-10", "topic": "x", "speaker_names": "某", "attendance": 1},
    )
    assert refused.status_code != 302 and not Forum.objects.filter(topic="x").exists()


def _selection(staff):
    today = timezone.localdate()
    return selection_services.selection_create(
        actor=staff,
        year=today.year,
        name="主题讲坛主讲人评选",
        nominate_from=today - timedelta(days=1),
        nominate_until=today + timedelta(days=5),
    )


def test_a_secretary_nominates_for_their_org_and_staff_promote(
    sec_a_client, staff_client, committee_staff, org_a, org_b
):
    selection = _selection(committee_staff)
    url = reverse("forums:candidate_nominate", args=[selection.pk])
    response = sec_a_client.post(url, {"org": org_a.pk, "name": "王讲", "deeds": "岗位标兵"})
    assert response.status_code == 302
    candidate = Candidate.objects.get()
    assert candidate.organization == org_a
    refused = sec_a_client.post(url, {"org": org_b.pk, "name": "别人"})
    assert refused.status_code != 302 and Candidate.objects.count() == 1  # org B is not offered
    promote = reverse("forums:selection_promote", args=[selection.pk])
    assert sec_a_client.get(promote).status_code == 403
    staff_client.post(promote, {"to_stage": CandidateStage.SELECTED, "candidates": [candidate.pk]})
    assert Candidate.objects.get().stage == CandidateStage.SELECTED
    detail = staff_client.get(reverse("forums:selection_detail", args=[selection.pk])).content.decode()
    assert "王讲" in detail and "入选" in detail


def test_the_selection_list_and_detail_have_constant_queries(
    staff_client, committee_staff, org_a, django_assert_max_num_queries
):
    selection = _selection(committee_staff)
    for i in range(3):
        selection_services.candidate_nominate(
            actor=committee_staff, selection=selection, organization=org_a, name=f"人{i}"
        )
    url = reverse("forums:selection_detail", args=[selection.pk])
    staff_client.get(url)
    with django_assert_max_num_queries(14) as first:
        staff_client.get(url)
    for i in range(3, 12):
        selection_services.candidate_nominate(
            actor=committee_staff, selection=selection, organization=org_a, name=f"人{i}"
        )
    with django_assert_max_num_queries(len(first.captured_queries)):
        assert staff_client.get(url).status_code == 200
    with django_assert_max_num_queries(12):
        assert staff_client.get(reverse("forums:selection_list")).status_code == 200


def test_the_api_lists_forums_in_scope_and_nominates_only_for_own_org(
    secretary_a_api, staff_api, committee_staff, org_a, org_b
):
    make_forum(committee_staff, org_a, topic="本支部")
    make_forum(committee_staff, org_b, topic="别的支部")
    rows = secretary_a_api.get("/api/v1/activities/forums/").json()["results"]
    assert [r["topic"] for r in rows] == ["本支部"]
    assert rows[0]["ledger_activity_kind"] == "forum"
    created = staff_api.post(
        "/api/v1/activities/forums/",
        {
            "organization": org_a.pk,
            "co_organizations": [org_b.pk],
            "held_on": "2019-05-05",
            "topic": "联合",
            "speaker_names": "外请专家",
            "attendance": 40,
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    assert sorted(created.json()["organizations"]) == sorted([org_a.pk, org_b.pk])
    selection = _selection(committee_staff)
    own = secretary_a_api.post(
        "/api/v1/activities/candidates/",
        {"selection": selection.pk, "organization": org_a.pk, "name": "王讲"},
        format="json",
    )
    assert own.status_code == 201, own.content
    other = secretary_a_api.post(
        "/api/v1/activities/candidates/",
        {"selection": selection.pk, "organization": org_b.pk, "name": "赵讲"},
        format="json",
    )
    assert other.status_code == 400  # org B is outside the secretary's orgs
    promoted = staff_api.post(
        f"/api/v1/activities/candidates/{own.json()['id']}/promote/", {"stage": "selected"}, format="json"
    )
    assert promoted.status_code == 200 and promoted.json()["stage"] == "selected"
    assert (
        secretary_a_api.post(
            f"/api/v1/activities/candidates/{own.json()['id']}/promote/", {"stage": "awarded"}, format="json"
        ).status_code
        == 403
    )


def test_the_home_card_tells_a_secretary_about_this_quarter_and_open_nominations(
    sec_a_client, staff_client, committee_staff
):
    selection = _selection(committee_staff)
    body = sec_a_client.get("/").content.decode()
    assert 'data-home="forums"' in body and "还没有举办主题讲坛" in body and selection.name in body
    assert 'data-home="forums"' not in staff_client.get("/").content.decode()
