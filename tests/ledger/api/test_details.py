"""API details: who reviewed, 404s in Chinese, and `organization` meaning the org and the orgs below it."""

from datetime import date

import pytest

from ledger import services
from tests.factories import make_org
from tests.ledger.api.conftest import BASE


def test_an_unreviewed_record_has_no_reviewer_and_a_reviewed_one_names_them(
    staff_api, record_a, committee_staff
):
    body = staff_api.get(f"{BASE}/records/{record_a.pk}/").json()
    assert (body["reviewed_by"], body["reviewed_by_id"]) == (None, None)
    assert (body["submitted_by"], body["submitted_by_id"]) == (
        str(record_a.submitted_by),
        record_a.submitted_by_id,
    )
    services.record_review(record=record_a, user=committee_staff, accept=True)
    body = staff_api.get(f"{BASE}/records/{record_a.pk}/").json()
    assert (body["reviewed_by"], body["reviewed_by_id"]) == (str(committee_staff), committee_staff.pk)
    assert "method-wrapper" not in str(body)


@pytest.mark.parametrize("path", ["records/999999/", "assignments/999999/", "plans/999999/", "tasks/999999/"])
def test_a_404_is_explained_in_chinese(staff_api, ledger_plan, path):
    response = staff_api.get(f"{BASE}/{path}")
    assert response.status_code == 404
    assert response.json() == {"detail": "未找到：该对象不存在，或不在您的查看范围内；请检查 id 或链接"}


def test_another_orgs_row_gets_the_same_chinese_404(secretary_a_api, record_b):
    response = secretary_a_api.get(f"{BASE}/records/{record_b.pk}/")
    assert response.status_code == 404
    assert "未找到" in response.json()["detail"]


@pytest.fixture
def child_a(org_a):
    return make_org(org_a, "中共清镇市税务局第一支部委员会")


@pytest.fixture
def owed_by_a_child_and_b(ledger_item, committee_staff, org_a, org_b, child_a, secretary_a, secretary_b):
    """A one-off task owed by org A, its child branch and org B, each with a record."""
    task = services.task_create(
        item=ledger_item,
        title="报送年度计划",
        by=committee_staff,
        deadline=date(2020, 3, 31),
        responsible_orgs=[org_a, child_a, org_b],
    )
    for org, user in ((org_a, secretary_a), (child_a, secretary_a), (org_b, secretary_b)):
        services.record_submit(
            assignment=task.assignments.get(organization=org),
            user=user,
            content="已报送",
            done_on=date(2020, 3, 1),
        )
    return task


@pytest.mark.parametrize("resource", ["assignments", "records"])
def test_organization_means_the_org_and_the_orgs_below_it(
    staff_api, owed_by_a_child_and_b, org_a, child_a, org_b, resource
):
    def orgs(params):
        rows = staff_api.get(f"{BASE}/{resource}/", {**params, "page_size": 100}).json()["results"]
        return sorted({row["organization"] for row in rows})

    assert orgs({"organization": org_a.pk}) == sorted([org_a.pk, child_a.pk])
    assert orgs({"organization_exact": org_a.pk}) == [org_a.pk]
    assert orgs({"organization": child_a.pk}) == [child_a.pk]
    assert orgs({"organization": org_b.pk}) == [org_b.pk]
    assert orgs({"organization": 999_999}) == []


def test_tasks_filter_by_the_subtree_too(
    staff_api, owed_by_a_child_and_b, ledger_item, committee_staff, child_a, org_a
):
    services.task_create(item=ledger_item, title="支部自查", by=committee_staff, responsible_orgs=[child_a])

    def titles(params):
        return sorted(row["title"] for row in staff_api.get(f"{BASE}/tasks/", params).json()["results"])

    assert titles({"organization": org_a.pk}) == ["报送年度计划", "支部自查"]
    assert titles({"organization_exact": org_a.pk}) == ["报送年度计划"]


def test_members_filter_by_the_subtree_too(staff_api, org_a, child_a):
    from tests.factories import MemberFactory

    MemberFactory(organization=org_a, name="甲")
    MemberFactory(organization=child_a, name="乙")

    def names(params):
        return sorted(row["name"] for row in staff_api.get("/api/v1/members/", params).json()["results"])

    assert names({"organization": org_a.pk}) == ["乙", "甲"]
    assert names({"organization_exact": org_a.pk}) == ["甲"]


def test_the_openapi_description_says_what_organization_means(staff_api):
    schema = staff_api.get("/api/v1/schema/", {"format": "json"}).json()
    params = {p["name"]: p for p in schema["paths"]["/api/v1/ledger/records/"]["get"]["parameters"]}
    assert "所有下级组织" in params["organization"]["description"]
    assert "仅该组织本级" in params["organization_exact"]["description"]
