"""assignments/: read-only, scoped, filterable, constant queries."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import OrgKind
from ledger import services
from tests.factories import make_org
from tests.ledger.api.conftest import BASE


def test_it_lists_the_contract_fields(staff_api, assignment_a, org_a):
    response = staff_api.get(f"{BASE}/assignments/", {"organization": org_a.pk, "period": "2020-M03"})
    assert response.status_code == 200
    [row] = response.data["results"]
    assert row["id"] == assignment_a.pk
    assert row["task_title"] == "开展主题党日活动"
    assert row["item_title"] == "基层组织建设"
    assert row["organization_name"] == org_a.name
    assert (row["period"], row["due_date"], row["status"]) == ("2020-M03", "2020-03-31", "overdue")


def test_a_secretary_gets_404_for_another_orgs_assignment(secretary_a_api, assignment_a, assignment_b):
    assert secretary_a_api.get(f"{BASE}/assignments/{assignment_a.pk}/").status_code == 200
    assert secretary_a_api.get(f"{BASE}/assignments/{assignment_b.pk}/").status_code == 404
    orgs = {
        r["organization"]
        for r in secretary_a_api.get(f"{BASE}/assignments/", {"page_size": 500}).data["results"]
    }
    assert orgs == {assignment_a.organization_id}


def test_it_filters_by_status(staff_api, record_a):
    response = staff_api.get(f"{BASE}/assignments/", {"status": "submitted"})
    assert [r["id"] for r in response.data["results"]] == [record_a.assignment_id]


def test_it_filters_by_year_plan_and_item(staff_api, ledger_tasks, ledger_item_2, ledger_plan):
    assert staff_api.get(f"{BASE}/assignments/", {"year": 2020}).data["count"] == 40
    assert staff_api.get(f"{BASE}/assignments/", {"year": 2019}).data["count"] == 0
    assert staff_api.get(f"{BASE}/assignments/", {"plan": ledger_plan.pk}).data["count"] == 40
    assert staff_api.get(f"{BASE}/assignments/", {"item": ledger_item_2.pk}).data["count"] == 14


def test_it_is_read_only(staff_api, assignment_a):
    response = staff_api.patch(
        f"{BASE}/assignments/{assignment_a.pk}/", {"period": "2020-M04"}, format="json"
    )
    assert response.status_code == 405


def _orgs_with_task(root, item, staff, count, first=0):
    orgs = [
        make_org(root, f"中共测试局{i}支部委员会", kind=OrgKind.BRANCH) for i in range(first, first + count)
    ]
    services.task_create(
        item=item, title=f"任务{count}", by=staff, responsible_orgs=orgs, deadline=date(2020, 5, 1)
    )


@pytest.mark.parametrize("path", ["assignments/", "summaries/?year=2020&by=org"])
def test_the_list_runs_the_same_number_of_queries_for_5_and_50_orgs(
    staff_api, root_org, ledger_item, committee_staff, path, django_assert_max_num_queries
):
    _orgs_with_task(root_org, ledger_item, committee_staff, 5)
    with CaptureQueriesContext(connection) as small:
        assert staff_api.get(f"{BASE}/{path}").status_code == 200
    _orgs_with_task(root_org, ledger_item, committee_staff, 45, first=5)
    with django_assert_max_num_queries(len(small)):
        response = staff_api.get(f"{BASE}/{path}")
    rows = response.data["results"]
    assert len(rows) == 50
