"""One definition per notion: a record returned and not resubmitted by its due date is *overdue* on every
surface — selectors, the overdue list, the home cards, the rollup, the API, the reminder job — and the
home card's 本月待办 is what "我的任务" lists under it."""

from datetime import date

import pytest
from django.urls import reverse

from accounts.models import Notification
from ledger import selectors, services
from ledger.models import Assignment, Status
from ledger.views.secretary import SECTIONS

AFTER_DUE = date(2020, 4, 1)  # March's assignments were due 2020-03-31


@pytest.fixture
def returned_past_due(record_a, committee_staff, monkeypatch):
    """Org A's March record, returned on 2020-03-10 and still not resubmitted on 2020-04-01."""
    services.record_review(record=record_a, user=committee_staff, accept=False, comment="请补充照片")
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: AFTER_DUE)
    return Assignment.objects.get(pk=record_a.assignment_id)


def _cards(client) -> dict[str, int]:
    """The home page's numbers: staff's cards, a secretary's task counts."""
    response = client.get(reverse("ledger:home_cards"))
    assert response.status_code == 200
    return home_numbers(response)


def home_numbers(response) -> dict[str, int]:
    context = response.context
    numbers = {str(card["label"]): card["value"] for card in context.get("staff_cards") or []}
    if context.get("secretary"):
        counts = context["secretary"]["counts"]
        numbers.update(
            {
                "本月待办": counts["this_month"],
                "已逾期": counts["overdue"],
                "被退回待修改": counts["returned"],
            }
        )
    return numbers


def test_it_is_overdue_in_the_querysets_and_selectors(returned_past_due, secretary_a, committee_staff):
    pk = returned_past_due.pk
    assert Assignment.objects.overdue(AFTER_DUE).filter(pk=pk).exists()
    row = Assignment.objects.with_status(AFTER_DUE).get(pk=pk)
    assert (row.status, row.record_state) == (Status.OVERDUE, "returned")
    assert selectors.overdue_assignments(committee_staff, today=AFTER_DUE).filter(pk=pk).exists()
    mine = selectors.assignments_due_for_secretary(secretary_a, today=AFTER_DUE)
    assert mine.get(pk=pk).status == Status.OVERDUE


def test_it_is_on_the_overdue_list_and_in_the_bulletin_draft(returned_past_due, staff_client):
    response = staff_client.get(reverse("ledger:overdue_list"), {"draft": "1"})
    assert response.status_code == 200
    listed = [row.pk for group in response.context["groups"] for row in group["rows"]]
    assert returned_past_due.pk in listed
    assert "已退回待修改" in response.context["draft"]


def test_the_home_cards_count_what_the_pages_they_open_list(returned_past_due, staff_client, sec_a_client):
    staff = _cards(staff_client)
    overdue_page = staff_client.get(reverse("ledger:overdue_list"))
    assert staff["逾期任务"] == overdue_page.context["total"]
    assert staff["逾期任务"] == Assignment.objects.overdue(AFTER_DUE).count() == 6  # Jan–Mar, two orgs

    mine = _cards(sec_a_client)
    page = sec_a_client.get(reverse("ledger:my_tasks"))
    assert page.status_code == 200
    listed = {section["status"]: len(section["rows"]) for section in page.context["sections"]}
    assert mine["已逾期"] == listed[Status.OVERDUE] == 3
    assert mine["被退回待修改"] == listed.get(Status.RETURNED, 0) == 0
    assert mine["本月待办"] == listed.get(Status.NOT_STARTED, 0) == 1  # April, due 2020-04-30


def test_the_rollup_counts_it_as_overdue_not_returned(returned_past_due, committee_staff, org_a):
    rows = selectors.rollup(committee_staff, year=2020, period="2020-Q1", by="org", today=AFTER_DUE)
    mine = next(row for row in rows if row["key"] == org_a.pk)
    assert (mine["overdue"], mine["returned"], mine["missing"]) == (3, 0, 2)
    assert mine["total"] == sum(
        mine[k] for k in ("accepted", "submitted", "returned", "overdue", "not_started")
    )


def test_the_api_says_overdue_and_that_the_record_was_returned(returned_past_due, staff_api):
    body = staff_api.get(f"/api/v1/ledger/assignments/{returned_past_due.pk}/").json()
    assert (body["status"], body["record_state"]) == ("overdue", "returned")
    listed = staff_api.get("/api/v1/ledger/assignments/", {"status": "overdue", "page_size": 100}).json()
    assert returned_past_due.pk in [row["id"] for row in listed["results"]]


def test_the_reminder_job_reminds_of_it(returned_past_due, secretary_a):
    services.overdue_mark_and_notify(today=AFTER_DUE)
    titles = list(Notification.objects.filter(user=secretary_a).values_list("body", flat=True))
    assert any("已被退回且未重新提交" in body for body in titles)


def test_a_returned_record_still_within_its_due_date_is_returned_everywhere(
    record_a, committee_staff, sec_a_client, staff_client, org_a, monkeypatch
):
    services.record_review(record=record_a, user=committee_staff, accept=False, comment="请补充照片")
    today = date(2020, 3, 10)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: today)
    assert not Assignment.objects.overdue(today).filter(pk=record_a.assignment_id).exists()
    rows = selectors.rollup(committee_staff, year=2020, period="2020-Q1", by="org", today=today)
    assert next(r for r in rows if r["key"] == org_a.pk)["returned"] == 1
    assert _cards(sec_a_client)["被退回待修改"] == 1


def test_the_sections_of_my_tasks_name_each_status_once():
    statuses = [status for status, _title in SECTIONS]
    assert len(statuses) == len(set(statuses))
