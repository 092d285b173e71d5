"""A party member (党员) has no ledger: every ledger page and API resource refuses them, even for their
own org's rows. Fails if Role.MEMBER is ever given ledger access."""

import pytest
from django.urls import reverse

from accounts import authz
from tests.conftest import api_as, browser_as

REFUSED = {403, 404}


@pytest.fixture
def rows(record_a, ledger_plan):
    """Org A's (the member's own org) assignment and record, and the year's plan."""
    return {"assignment": record_a.assignment, "record": record_a, "plan": ledger_plan}


def test_a_member_has_no_ledger_access_by_the_matrix(member):
    assert not authz.has_business_access(member)
    for permission in (
        "ledger.view_assignment",
        "ledger.view_record",
        "ledger.view_summary",
        "ledger.add_record",
    ):
        assert not authz.may(member, permission), permission


@pytest.mark.parametrize(
    ("name", "target"),
    [
        ("ledger:my_tasks", None),
        ("ledger:my_assignments", None),
        ("ledger:assignment_detail", "assignment"),
        ("ledger:record_submit", "assignment"),
        ("ledger:record_detail", "record"),
        ("ledger:record_edit", "record"),
        ("ledger:review_queue", None),
        ("ledger:plan_list", None),
        ("ledger:plan_detail", "plan"),
        ("ledger:summary", None),
        ("ledger:overdue_list", None),
        ("ledger:period_list", None),
    ],
)
def test_a_member_is_refused_every_ledger_page(member, rows, name, target):
    url = reverse(name, args=[rows[target].pk]) if target else reverse(name)
    response = browser_as(member).get(url)
    assert response.status_code in REFUSED, (url, response.status_code)


def test_a_members_home_shows_no_ledger_numbers(member, rows):
    response = browser_as(member).get(reverse("ledger:home_cards"))
    assert response.status_code == 200
    assert not response.context.get("staff_cards") and not response.context.get("secretary")
    assert "data-task-counts" not in response.content.decode()


@pytest.mark.parametrize(
    "path",
    ["plans/", "items/", "tasks/", "assignments/", "records/", "summaries/?year=2020", "closures/"],
)
def test_a_member_is_refused_every_ledger_api_list(member, rows, path):
    assert api_as(member).get(f"/api/v1/ledger/{path}").status_code in REFUSED


@pytest.mark.parametrize(("path", "target"), [("assignments", "assignment"), ("records", "record")])
def test_a_member_cannot_read_their_own_orgs_ledger_rows(member, rows, path, target):
    assert api_as(member).get(f"/api/v1/ledger/{path}/{rows[target].pk}/").status_code in REFUSED
