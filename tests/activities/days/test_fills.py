"""Entered once, counted everywhere: a service day fills the open ledger assignments of its org and period
whose task names its kind; withdrawing undoes it; accepted ones need staff; links both ways."""

from __future__ import annotations

from datetime import date

import pytest

from activities.services.days import service_day_create, service_day_delete
from ledger import services as ledger
from ledger.models import ActivityFill, Assignment, AssignmentRollup, Record, RecordState
from ledger.services.fills import fill_assignments, fill_proposals, withdraw_fills
from partybuild.exceptions import DomainError, PermissionDeniedError
from tests.conftest import api_as, browser_as

from .conftest import DAY, present_all

pytestmark = pytest.mark.django_db


def _ids(assignments) -> set[tuple[str, str]]:
    return {(a.task.title, a.period) for a in assignments}


def test_it_proposes_only_the_open_assignments_of_its_org_period_and_kind(plan, day_a):
    proposals = fill_proposals(day_a)

    assert _ids(proposals) == {
        ("每月至少集中一天开展党员服务日活动", "2025-M03"),
        ("每季度开展主题党日", "2025-Q1"),
    }
    assert {a.organization_id for a in proposals} == {day_a.organization_id}


def test_it_fills_the_chosen_assignments_as_a_secretary_s_submission_would(plan, day_a, secretary_a):
    ids = [a.pk for a in fill_proposals(day_a)]

    records = fill_assignments(actor=secretary_a, activity=day_a, assignment_ids=ids)

    assert len(records) == 2
    for record in Record.objects.filter(assignment_id__in=ids):
        assert record.state == RecordState.SUBMITTED
        assert record.submitted_by == secretary_a
        assert record.done_on == DAY
        assert record.participants == 3
        assert record.source == day_a
        assert "党员服务日" in record.content and "红枫湖镇右七村" in record.content
    assert set(ActivityFill.objects.values_list("assignment_id", flat=True)) == set(ids)
    # The summary tables count them as submitted, as for any submission.
    assert (
        sum(
            AssignmentRollup.objects.filter(organization=day_a.organization).values_list(
                "submitted", flat=True
            )
        )
        == 2
    )
    assert fill_proposals(day_a).count() == 0


def test_it_refuses_an_assignment_of_another_org_period_or_kind(plan, day_a, secretary_a, org_b):
    other_org = Assignment.objects.get(task=plan["monthly"], organization=org_b, period="2025-M03")
    other_month = Assignment.objects.get(
        task=plan["monthly"], organization=day_a.organization, period="2025-M04"
    )
    other_kind = Assignment.objects.get(
        task=plan["forum"], organization=day_a.organization, period="2025-M03"
    )
    good = fill_proposals(day_a).first()

    for wrong in (other_org, other_month, other_kind):
        with pytest.raises(DomainError, match="不能用本次活动填报"):
            fill_assignments(actor=secretary_a, activity=day_a, assignment_ids=[good.pk, wrong.pk])

    assert not Record.objects.exists()  # all or nothing
    assert not ActivityFill.objects.exists()


def test_another_org_s_secretary_cannot_fill_with_it(plan, day_a, secretary_b):
    with pytest.raises(PermissionDeniedError):
        fill_assignments(
            actor=secretary_b, activity=day_a, assignment_ids=[a.pk for a in fill_proposals(day_a)]
        )


def test_an_assignment_already_submitted_is_not_proposed(plan, day_a, secretary_a):
    monthly = Assignment.objects.get(task=plan["monthly"], organization=day_a.organization, period="2025-M03")
    ledger.record_submit(assignment=monthly, user=secretary_a, content="已开展", done_on=DAY)

    assert _ids(fill_proposals(day_a)) == {("每季度开展主题党日", "2025-Q1")}


def test_withdrawing_undoes_the_fill(plan, day_a, secretary_a):
    ids = [a.pk for a in fill_proposals(day_a)]
    fill_assignments(actor=secretary_a, activity=day_a, assignment_ids=ids)

    assert withdraw_fills(actor=secretary_a, activity=day_a) == 2

    assert not Record.objects.filter(assignment_id__in=ids).exists()
    assert not ActivityFill.objects.exists()
    assert sorted(a.pk for a in fill_proposals(day_a)) == sorted(ids)
    assert (
        sum(
            AssignmentRollup.objects.filter(organization=day_a.organization).values_list(
                "submitted", flat=True
            )
        )
        == 0
    )


def test_deleting_the_day_withdraws_its_fills(plan, day_a, secretary_a):
    ids = [a.pk for a in fill_proposals(day_a)]
    fill_assignments(actor=secretary_a, activity=day_a, assignment_ids=ids)

    service_day_delete(actor=secretary_a, service_day=day_a)

    assert not Record.objects.exists()
    assert not ActivityFill.objects.exists()


def test_an_accepted_fill_is_withdrawn_only_by_staff(plan, day_a, secretary_a, committee_staff):
    records = fill_assignments(
        actor=secretary_a, activity=day_a, assignment_ids=[a.pk for a in fill_proposals(day_a)]
    )
    ledger.record_review(record=records[0], user=committee_staff, accept=True)

    with pytest.raises(DomainError, match="已由工委审核通过.*请联系工委干部"):
        service_day_delete(actor=secretary_a, service_day=day_a)
    assert Record.objects.count() == 2 and ActivityFill.objects.count() == 2

    service_day_delete(actor=committee_staff, service_day=day_a)
    assert not Record.objects.exists()


def test_the_pages_link_both_ways(plan, day_a, secretary_a):
    assignment = fill_proposals(day_a).first()
    fill_assignments(actor=secretary_a, activity=day_a, assignment_ids=[assignment.pk])
    client = browser_as(secretary_a)

    page = client.get(f"/ledger/assignments/{assignment.pk}/").content.decode()
    assert "由党员服务日/主题党日填报" in page
    assert f'href="/activities/service-days/{day_a.pk}/"' in page

    page = client.get(f"/activities/service-days/{day_a.pk}/").content.decode()
    assert f'data-filled-assignment="{assignment.pk}"' in page


def test_the_api_links_both_ways(plan, day_a, secretary_a):
    assignment = fill_proposals(day_a).first()
    fill_assignments(actor=secretary_a, activity=day_a, assignment_ids=[assignment.pk])
    api = api_as(secretary_a)

    row = api.get(f"/api/v1/ledger/assignments/{assignment.pk}/").json()
    assert row["filled_by_activity"] == {
        "kind": "service_day",
        "id": day_a.pk,
        "url": f"/activities/service-days/{day_a.pk}/",
    }
    others = api.get("/api/v1/ledger/assignments/", {"period": "2025-M04"}).json()["results"]
    assert others and all(r["filled_by_activity"] is None for r in others)

    day = api.get(f"/api/v1/activities/service-days/{day_a.pk}/").json()
    assert day["filled_assignments"] == [assignment.pk]


def test_the_fill_page_proposes_ticked_tasks_and_confirming_submits_them(plan, day_a, secretary_a):
    client = browser_as(secretary_a)
    url = f"/ledger/activity-fill/?type=activities.serviceday&id={day_a.pk}"

    page = client.get(url).content.decode()
    proposals = list(fill_proposals(day_a))
    for a in proposals:
        assert f'value="{a.pk}" checked' in page

    response = client.post(
        "/ledger/activity-fill/",
        {"type": "activities.serviceday", "id": day_a.pk, "assignments": [proposals[0].pk]},
    )
    assert response.status_code == 302 and response["Location"] == f"/activities/service-days/{day_a.pk}/"
    assert Record.objects.get().assignment_id == proposals[0].pk


def test_the_fill_page_of_another_org_s_day_is_not_found(plan, day_a, secretary_b):
    response = browser_as(secretary_b).get(f"/ledger/activity-fill/?type=activities.serviceday&id={day_a.pk}")
    assert response.status_code == 404


def test_saving_a_day_in_the_portal_leads_to_the_fill_page_when_there_are_proposals(
    plan, secretary_a, roster_a
):
    response = browser_as(secretary_a).post(
        "/activities/service-days/new/",
        {
            "held_on": "2025-05-09",
            "theme": "study",
            "place": "右七村",
            "present": [m.pk for m in roster_a],
        },
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/ledger/activity-fill/?type=activities.serviceday&id=")


def test_a_task_s_activity_kind_is_editable_by_staff_through_the_api(plan, committee_staff):
    api = api_as(committee_staff)
    task = plan["plain"]

    response = api.patch(
        f"/api/v1/ledger/tasks/{task.pk}/", {"activity_kind": "meeting_lecture"}, format="json"
    )

    assert response.status_code == 200, response.content
    task.refresh_from_db()
    assert task.activity_kind == "meeting_lecture"
    assert response.json()["activity_kind"] == "meeting_lecture"


def test_a_later_service_day_fills_the_month_the_first_left(plan, secretary_a, org_a, roster_a):
    first = service_day_create(
        actor=secretary_a,
        organization=org_a,
        held_on=date(2025, 6, 3),
        theme="study",
        attendance=present_all(roster_a),
    )
    fill_assignments(
        actor=secretary_a,
        activity=first,
        assignment_ids=[a.pk for a in fill_proposals(first) if a.period == "2025-M06"],
    )
    second = service_day_create(
        actor=secretary_a,
        organization=org_a,
        held_on=date(2025, 6, 20),
        theme="culture",
        attendance=present_all(roster_a),
    )

    assert _ids(fill_proposals(second)) == {("每季度开展主题党日", "2025-Q2")}
