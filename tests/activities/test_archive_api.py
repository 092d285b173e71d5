"""实绩档案 over REST: staff everything, the secretary their own, reporting counts and results only."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.services.people import secretary_term_create
from activities.models import Vetting
from tests.activities.test_archive import _closed_debrief, _reminder, _talk
from tests.conftest import api_as
from tests.factories import make_org

pytestmark = pytest.mark.django_db

LIST = "/api/v1/activities/archives/"


def _with_findings(staff, term):
    _talk(staff, term)
    _reminder(staff, term)
    _closed_debrief(staff, term)
    Vetting.objects.create(
        organization=term.organization,
        candidate=term.member,
        team_members="王五",
        visited_on=date(2020, 1, 2),
        finding_integrity="廉洁自律",
        conclusion="approved",
        approval_document="清机党〔2020〕3号",
        term=term,
    )


def test_staff_read_the_whole_archive_with_findings(staff_api, committee_staff, term):
    _with_findings(committee_staff, term)
    data = staff_api.get(f"{LIST}{term.pk}/").json()
    assert data["vetting"]["findings"]["integrity"] == "廉洁自律"
    assert data["appointment_talk"]["pledge"] == "履职尽责，抓好党建"
    assert data["reminder_talks"][0]["reason"] == "duty"
    assert data["reminder_talks"][0]["items"][0]["content"] == "补齐会议记录"
    assert data["debriefs"][0]["grade"] == "good" and data["flags"] == [
        "no_debrief",
        "open_items",
    ]  # the debrief was in 2020, not this year


def test_the_reporting_client_reads_counts_and_results_without_findings_or_reasons(
    reporting_client, committee_staff, term
):
    _with_findings(committee_staff, term)
    data = api_as(reporting_client).get(f"{LIST}{term.pk}/").json()
    assert "findings" not in data["vetting"] and data["vetting"]["approval_document"] == "清机党〔2020〕3号"
    assert "pledge" not in data["appointment_talk"]
    assert data["reminder_talks"] == [{"talked_on": "2020-03-02", "items": 1}]
    assert data["rectifications"] == {"total": 1, "open": 1, "overdue": 1}
    assert data["debriefs"][0]["score"] == 100.0
    listed = api_as(reporting_client).get(LIST, {"year": 2020}).json()
    assert [row["id"] for row in listed["results"]] == [term.pk]


def test_a_secretary_reads_their_own_archive_only(secretary_a, committee_staff, term, org_b):
    other = secretary_term_create(
        actor=committee_staff, organization=org_b, person_name="钱七", started_on=date(2020, 1, 1)
    )
    api = api_as(secretary_a)
    own = api.get(f"{LIST}{term.pk}/").json()
    assert own["person_name"] == "王芳" and own["vetting"] is None
    assert api.get(f"{LIST}{other.pk}/").status_code == 404
    assert [row["id"] for row in api.get(LIST, {"year": 2020}).json()["results"]] == [term.pk]


def test_the_list_filters_by_year_flag_and_org_in_constant_queries(
    staff_api, committee_staff, term, root_org
):
    _talk(committee_staff, term)

    def add(start, count):
        for i in range(start, start + count):
            org = make_org(root_org, f"中共测试第{i}支部委员会")
            secretary_term_create(
                actor=committee_staff, organization=org, person_name=f"书记{i}", started_on=date(2020, 1, 1)
            )

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = staff_api.get(LIST, {"year": 2020, "flag": "no_talk"})
        return response.json(), len(queries)

    add(0, 1)
    one, few = count()
    add(1, 9)
    ten, many = count()
    assert (one["count"], ten["count"]) == (1, 10) and many == few
    assert term.pk not in [row["id"] for row in ten["results"]]
    by_org = staff_api.get(LIST, {"year": 2020, "organization": term.organization_id}).json()
    assert [row["id"] for row in by_org["results"]] == [term.pk]
    assert staff_api.get(LIST, {"year": 2019}).json()["count"] == 0
