"""REST: /api/v1/activities/vettings/ and /api/v1/activities/appointment-talks/.

Vettings (with their 德能勤绩廉 findings) reach committee staff only, scoped to the orgs they act for;
talks reach staff and the org's secretaries. The reporting client gets 403 on both: it reads counts
(the annual account), never personnel findings.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import Role, SecretaryRole, SecretaryTerm
from accounts.services.people import secretary_term_create
from activities import services
from activities.models import AppointmentTalk, Vetting
from tests.api_mixins import APIResourceTests
from tests.factories import MemberFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_of_a_api(org_a):
    """Committee staff acting for org A only (an assignment that names the org)."""
    client = APIClient()
    client.force_authenticate(UserFactory(username="staff_a", role=Role.COMMITTEE_STAFF, organization=org_a))
    return client


def _vetting(org, *, day=date(2019, 3, 1), **fields) -> Vetting:
    candidate = MemberFactory(organization=org)
    defaults = {"team_members": "王五、赵六", "visited_on": day, "interviewed_count": 10}
    return services.vetting_create(actor=None, organization=org, candidate=candidate, **(defaults | fields))


def _term(org, name="张三", start=date(2019, 1, 1)) -> SecretaryTerm:
    return secretary_term_create(
        actor=None, organization=org, person_name=name, started_on=start, role=SecretaryRole.SECRETARY
    )


class TestVettingAPI(APIResourceTests):
    basename = "activities-vetting"
    fields = {"id", "organization", "candidate", "candidate_name", "finding_morality", "conclusion", "term"}
    scoped_reader_fixture = "staff_of_a_api"
    reporting_reads = False

    def make_object(self, org):
        return _vetting(org)

    def create_data(self, org):
        candidate = MemberFactory(organization=org, name="李四")
        return {
            "organization": org.pk,
            "candidate": candidate.pk,
            "proposed_role": "secretary",
            "reason": "election",
            "team_members": "王五、赵六",
            "visited_on": "2019-03-01",
            "interviewed_count": 12,
            "interviewed_members": 8,
            "finding_morality": "政治坚定",
        }

    def update_data(self, obj):
        return {"finding_ability": "业务精通", "interviewed_count": 15}


class TestAppointmentTalkAPI(APIResourceTests):
    basename = "activities-appointment-talk"
    fields = {"id", "term", "organization", "person_name", "talked_on", "talked_by", "pledge"}
    reporting_reads = False

    def make_object(self, org):
        return services.appointment_talk_create(
            actor=None, term=_term(org), talked_on=date(2019, 2, 1), talked_by="工委书记"
        )

    def make_many(self, org, count):
        return [
            services.appointment_talk_create(
                actor=None, term=_term(org, f"书记{i}"), talked_on=date(2019, 2, 1), talked_by="工委书记"
            )
            for i in range(count)
        ]

    def create_data(self, org):
        return {
            "term": _term(org).pk,
            "talked_on": "2019-01-20",
            "talked_by": "工委书记",
            "pledge": "履职尽责",
        }

    def update_data(self, obj):
        return {"pledge": "抓好党建第一责任", "plan": "每月一次主题党日"}


def test_it_approves_a_vetting_and_makes_the_term_through_the_api(staff_api, org_a):
    predecessor = _term(org_a, "老书记", date(2016, 1, 1))
    vetting = _vetting(org_a)
    url = reverse("activities-vetting-conclude", args=[vetting.pk])
    response = staff_api.post(
        url,
        {"conclusion": "approved", "approval_document": "清直工委〔2019〕5号", "approved_on": "2019-03-20"},
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["conclusion"] == "approved"
    term = SecretaryTerm.objects.get(pk=body["term"])
    assert (term.member_id, term.started_on) == (vetting.candidate_id, date(2019, 3, 20))
    predecessor.refresh_from_db()
    assert predecessor.ended_on == date(2019, 3, 19)
    # Once approved, the conclusion is final: a second call is refused in Chinese.
    again = staff_api.post(url, {"conclusion": "rejected"}, format="json")
    assert again.status_code == 400
    assert "已批复" in str(again.json())


def test_it_refuses_the_conclusion_to_a_secretary_and_to_staff_of_another_org(
    secretary_a_api, staff_of_a_api, org_a, org_b
):
    theirs = _vetting(org_b)
    url = reverse("activities-vetting-conclude", args=[theirs.pk])
    assert staff_of_a_api.post(url, {"conclusion": "approved"}, format="json").status_code == 404
    assert secretary_a_api.post(url, {"conclusion": "approved"}, format="json").status_code == 403
    assert not SecretaryTerm.objects.filter(organization=org_b).exists()


def test_it_never_shows_vetting_findings_to_a_secretary_or_the_reporting_client(
    secretary_a_api, reporting_client, org_a
):
    _vetting(org_a, finding_integrity="廉洁自律")
    reporting = APIClient()
    reporting.force_authenticate(reporting_client)
    for client in (secretary_a_api, reporting):
        response = client.get(reverse("activities-vetting-list"))
        assert response.status_code == 403
        assert "廉洁自律" not in response.content.decode()


def test_it_filters_vettings_by_year_conclusion_and_org_subtree(staff_api, org_a, org_b):
    old = _vetting(org_a, day=date(2018, 5, 1))
    new = _vetting(org_a, day=date(2019, 5, 1))
    other = _vetting(org_b, day=date(2019, 6, 1))
    services.vetting_conclude(actor=None, vetting=other, conclusion="deferred")
    url = reverse("activities-vetting-list")

    def ids(**params):
        return {row["id"] for row in staff_api.get(url, params).json()["results"]}

    assert ids(year=2019) == {new.pk, other.pk}
    assert ids(conclusion="deferred") == {other.pk}
    assert ids(conclusion="pending") == {old.pk, new.pk}
    assert ids(organization=org_a.pk) == {old.pk, new.pk}


def test_it_refuses_a_candidate_from_another_org_in_chinese(staff_api, org_a, org_b):
    stranger = MemberFactory(organization=org_b)
    response = staff_api.post(
        reverse("activities-vetting-list"),
        {
            "organization": org_a.pk,
            "candidate": stranger.pk,
            "team_members": "王五",
            "visited_on": "2019-03-01",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "候选人" in str(response.json())
    assert not Vetting.objects.exists()


def test_it_keeps_a_talk_on_its_term_when_patched(staff_api, org_a):
    talk = TestAppointmentTalkAPI().make_object(org_a)
    other_term = _term(org_a, "另一人", date(2019, 1, 5))
    response = staff_api.patch(
        reverse("activities-appointment-talk-detail", args=[talk.pk]), {"term": other_term.pk}, format="json"
    )
    assert response.status_code == 200
    assert AppointmentTalk.objects.get(pk=talk.pk).term_id == talk.term_id


def test_the_schema_shows_the_activities_paths(staff_api):
    schema = staff_api.get(reverse("api-schema"), {"format": "json"}).json()
    for path in (
        "/api/v1/activities/vettings/",
        "/api/v1/activities/vettings/{id}/conclude/",
        "/api/v1/activities/appointment-talks/",
    ):
        assert path in schema["paths"], path
