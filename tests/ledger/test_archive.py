"""A year's ledger is in progress (进行中) or archived (已归档): an archived year counts in its own
summaries and nowhere in today's work, and its records are read-only."""

from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import Notification
from ledger import selectors, services
from ledger.models import Assignment, Plan, PlanState
from partybuild.exceptions import DomainError, PermissionDeniedError
from tests.ledger.test_definitions import home_numbers

from .imports.conftest import SAMPLE

TODAY = date(2020, 4, 1)


@pytest.fixture
def archived(ledger_plan, task_monthly, committee_staff, monkeypatch):
    """The 2020 plan archived; "today" is 2020-04-01, when Jan–Mar are overdue for both orgs."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: TODAY)
    return services.plan_archive(plan=ledger_plan, by=committee_staff)


def test_staff_archive_and_unarchive_a_year(ledger_plan, committee_staff):
    plan = services.plan_archive(plan=ledger_plan, by=committee_staff)
    assert Plan.objects.get(pk=plan.pk).state == PlanState.ARCHIVED
    with pytest.raises(DomainError, match="已经是“已归档”"):
        services.plan_archive(plan=ledger_plan, by=committee_staff)
    services.plan_unarchive(plan=ledger_plan, by=committee_staff)
    assert Plan.objects.get(pk=plan.pk).state == PlanState.ACTIVE
    assert list(plan.history.values_list("state", flat=True)[:2]) == [PlanState.ACTIVE, PlanState.ARCHIVED]


def test_a_secretary_may_not_archive(ledger_plan, secretary_a):
    with pytest.raises(PermissionDeniedError, match="只有工委干部"):
        services.plan_archive(plan=ledger_plan, by=secretary_a)


def test_an_archived_year_is_in_no_reminder_list_card_or_task_list(
    archived, committee_staff, secretary_a, staff_client, sec_a_client
):
    assert Assignment.objects.overdue(TODAY).count() == 6  # still overdue as a fact of its year …
    assert not selectors.overdue_assignments(committee_staff, today=TODAY).exists()  # … but not today's work
    assert not selectors.assignments_due_for_secretary(secretary_a, today=TODAY).exists()
    assert services.overdue_mark_and_notify(today=TODAY) == 0
    assert not Notification.objects.exists()

    overdue_page = staff_client.get(reverse("ledger:overdue_list"), {"draft": "1"})
    assert overdue_page.status_code == 200 and overdue_page.context["total"] == 0
    assert overdue_page.context["draft"] == ""
    assert home_numbers(staff_client.get(reverse("ledger:home_cards")))["逾期任务"] == 0
    sec_numbers = home_numbers(sec_a_client.get(reverse("ledger:home_cards")))
    assert sec_numbers == {"本月待办": 0, "已逾期": 0, "被退回待修改": 0}
    my_tasks = sec_a_client.get(reverse("ledger:my_tasks"))
    assert my_tasks.status_code == 200 and my_tasks.context["total"] == 0


def test_an_archived_year_still_counts_in_its_own_summary(archived, committee_staff):
    rows = selectors.rollup(committee_staff, year=2020, period="2020-Q1", by="org", today=TODAY)
    assert [(row["total"], row["overdue"]) for row in rows] == [(3, 3), (3, 3)]


def test_the_records_of_an_archived_year_are_read_only(archived, assignment_a, secretary_a):
    with pytest.raises(PermissionDeniedError, match="2020年度台账已归档"):
        services.record_submit(
            assignment=assignment_a, user=secretary_a, content="补报", done_on=date(2020, 3, 5)
        )


def test_unarchiving_brings_the_year_back_into_todays_work(archived, committee_staff):
    services.plan_unarchive(plan=archived, by=committee_staff)
    assert selectors.overdue_assignments(committee_staff, today=TODAY).count() == 6


def test_the_plan_page_has_a_button_that_archives_and_one_that_unarchives(ledger_plan, staff_client):
    page = staff_client.get(reverse("ledger:plan_detail", args=[ledger_plan.pk]))
    assert "归档" in page.content.decode() and reverse("ledger:plan_state", args=[ledger_plan.pk]) in (
        page.content.decode()
    )
    url = reverse("ledger:plan_state", args=[ledger_plan.pk])
    assert staff_client.post(url, {"action": "archive"}).status_code == 302
    assert Plan.objects.get(pk=ledger_plan.pk).state == PlanState.ARCHIVED
    assert (
        "取消归档" in staff_client.get(reverse("ledger:plan_detail", args=[ledger_plan.pk])).content.decode()
    )
    staff_client.post(url, {"action": "unarchive"})
    assert Plan.objects.get(pk=ledger_plan.pk).state == PlanState.ACTIVE


def test_a_secretary_cannot_archive_from_the_page(ledger_plan, sec_a_client):
    response = sec_a_client.post(reverse("ledger:plan_state", args=[ledger_plan.pk]), {"action": "archive"})
    assert response.status_code == 403
    assert Plan.objects.get(pk=ledger_plan.pk).state == PlanState.ACTIVE


def test_the_api_archives_and_unarchives(ledger_plan, staff_api, secretary_a_api):
    url = f"/api/v1/ledger/plans/{ledger_plan.pk}/"
    assert secretary_a_api.post(url + "archive/").status_code == 403
    body = staff_api.post(url + "archive/").json()
    assert (body["state"], body["state_label"]) == ("archived", "已归档")
    assert staff_api.get("/api/v1/ledger/plans/", {"state": "archived"}).json()["count"] == 1
    assert staff_api.post(url + "archive/").status_code == 400
    assert staff_api.post(url + "unarchive/").json()["state"] == "active"


def test_importing_a_past_year_archives_it_and_the_current_year_stays_in_progress(
    org_a, org_b, organ_committee, monkeypatch
):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: date(2021, 3, 1))
    call_command("import_ledger", str(SAMPLE), "--year", "2020")
    assert Plan.objects.get(year=2020).state == PlanState.ARCHIVED
    assert not Assignment.objects.open_years().exists()

    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: date(2020, 3, 1))
    Plan.objects.all().delete()
    call_command("import_ledger", str(SAMPLE), "--year", "2020")
    assert Plan.objects.get(year=2020).state == PlanState.ACTIVE
