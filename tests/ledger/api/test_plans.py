"""plans/, items/ and tasks/: everyone with business access reads; only committee staff write."""

from datetime import date

from ledger.models import Assignment, Task
from tests.ledger.api.conftest import BASE


def test_staff_creates_a_plan(staff_api, db):
    response = staff_api.post(f"{BASE}/plans/", {"year": 2021, "title": "2021年台账"}, format="json")
    assert response.status_code == 201, response.data
    assert response.data["year"] == 2021


def test_a_secretary_reads_plans_but_cannot_create_one(secretary_a_api, ledger_plan):
    assert secretary_a_api.get(f"{BASE}/plans/").data["count"] == 1
    response = secretary_a_api.post(f"{BASE}/plans/", {"year": 2021, "title": "x"}, format="json")
    assert response.status_code == 403
    assert response.data["detail"] == "您的角色不能新增年度台账。"


def test_the_reporting_client_cannot_write(reporting_api, ledger_plan):
    assert reporting_api.get(f"{BASE}/plans/").status_code == 200
    assert (
        reporting_api.post(f"{BASE}/plans/", {"year": 2021, "title": "x"}, format="json").status_code == 403
    )


def test_admin_roles_have_no_ledger_access(sysadmin_api, ledger_plan):
    assert sysadmin_api.get(f"{BASE}/plans/").status_code == 403


def test_staff_renames_a_plan_but_not_its_year(staff_api, ledger_plan):
    response = staff_api.patch(
        f"{BASE}/plans/{ledger_plan.pk}/", {"title": "新标题", "year": 1999}, format="json"
    )
    assert response.status_code == 200, response.data
    ledger_plan.refresh_from_db()
    assert (ledger_plan.title, ledger_plan.year) == ("新标题", 2020)


def test_staff_adds_an_item_numbered_after_the_last(staff_api, ledger_item):
    response = staff_api.post(
        f"{BASE}/items/", {"plan": ledger_item.plan_id, "title": "作风建设"}, format="json"
    )
    assert response.status_code == 201, response.data
    assert response.data["seq"] == 2


def test_a_duplicate_item_title_says_which_plan(staff_api, ledger_item):
    response = staff_api.post(
        f"{BASE}/items/", {"plan": ledger_item.plan_id, "title": "基层组织建设"}, format="json"
    )
    assert response.status_code == 400
    assert "2020年度台账中已有工作项目" in response.data["title"][0]


def test_the_task_list_shows_the_contract_fields(staff_api, task_once, org_a, org_b):
    row = staff_api.get(f"{BASE}/tasks/", {"item": task_once.item_id}).data["results"][0]
    assert row["title"] == "完成支部换届选举"
    assert row["item_title"] == "基层组织建设"
    assert row["plan_year"] == 2020
    assert row["deadline"] == "2020-06-30"
    assert row["recurrence"] == "none"
    assert sorted(row["responsible_orgs"]) == sorted([org_a.pk, org_b.pk])
    assert row["responsible_groups"] == []


def test_staff_creates_a_task_for_a_group_phrase_and_assignments_follow(staff_api, ledger_item, org_a, org_b):
    response = staff_api.post(
        f"{BASE}/tasks/",
        {
            "item": ledger_item.pk,
            "title": "每季度讲党课",
            "recurrence": "quarterly",
            "responsible_groups": ["各基层党支部"],
            "deadline": None,
        },
        format="json",
    )
    assert response.status_code == 201, response.data
    assert response.data["responsible_groups"] == ["各基层党支部"]
    assert Assignment.objects.filter(task_id=response.data["id"]).count() == 8
    # Read back, responsible_orgs names who owes the task, the phrase expanded.
    assert response.data["responsible_orgs"] == sorted([org_a.pk, org_b.pk])


def test_a_secretary_sees_only_their_own_org_among_a_phrases_responsible_orgs(
    secretary_a_api, ledger_item, committee_staff, org_a, org_b
):
    from ledger import services

    task = services.task_create(
        item=ledger_item, title="讲党课", by=committee_staff, responsible_groups=["各基层党支部"]
    )

    assert secretary_a_api.get(f"{BASE}/tasks/{task.pk}/").data["responsible_orgs"] == [org_a.pk]


def test_staff_moves_a_deadline_through_the_api(staff_api, task_once):
    response = staff_api.patch(f"{BASE}/tasks/{task_once.pk}/", {"deadline": "2020-07-31"}, format="json")
    assert response.status_code == 200, response.data
    assert set(task_once.assignments.values_list("due_date", flat=True)) == {date(2020, 7, 31)}


def test_an_unknown_group_phrase_is_refused(staff_api, ledger_item):
    response = staff_api.post(
        f"{BASE}/tasks/",
        {"item": ledger_item.pk, "title": "x", "responsible_groups": ["各街道"]},
        format="json",
    )
    assert response.status_code == 400
    assert "responsible_groups" in response.data


def test_a_secretary_sees_only_tasks_owed_by_their_org(
    secretary_a_api, staff_api, ledger_item, committee_staff, org_a, org_b
):
    from ledger import services

    services.task_create(item=ledger_item, title="甲的任务", by=committee_staff, responsible_orgs=[org_a])
    theirs = services.task_create(
        item=ledger_item, title="乙的任务", by=committee_staff, responsible_orgs=[org_b]
    )
    titles = [t["title"] for t in secretary_a_api.get(f"{BASE}/tasks/").data["results"]]
    assert titles == ["甲的任务"]
    assert secretary_a_api.get(f"{BASE}/tasks/{theirs.pk}/").status_code == 404
    # A secretary may change no task at all: refused before any row is looked up.
    assert (
        secretary_a_api.patch(f"{BASE}/tasks/{theirs.pk}/", {"title": "改"}, format="json").status_code == 403
    )
    assert Task.objects.get(pk=theirs.pk).title == "乙的任务"


def test_a_secretary_cannot_edit_a_task_of_their_own_org(secretary_a_api, task_once):
    response = secretary_a_api.patch(f"{BASE}/tasks/{task_once.pk}/", {"title": "改"}, format="json")
    assert response.status_code == 403


def test_the_task_list_runs_as_many_queries_for_50_tasks_as_for_5(
    staff_api, ledger_tasks, ledger_item_2, committee_staff, org_a, org_b, django_assert_max_num_queries
):
    from ledger import services
    from ledger.models import Recurrence

    with django_assert_max_num_queries(20) as five:
        response = staff_api.get(f"{BASE}/tasks/", {"page_size": 50})
    assert response.status_code == 200 and response.data["count"] == 5
    for n in range(45):
        services.task_create(
            item=ledger_item_2,
            title=f"批量任务{n}",
            by=committee_staff,
            recurrence=Recurrence.NONE,
            responsible_orgs=[org_a, org_b],
        )
    with django_assert_max_num_queries(len(five)):
        response = staff_api.get(f"{BASE}/tasks/", {"page_size": 50})
    assert response.status_code == 200 and len(response.data["results"]) == 50


def test_the_task_list_queries_do_not_grow_with_a_phrases_orgs(
    staff_api, ledger_item, committee_staff, root_org, django_assert_max_num_queries
):
    from ledger import services
    from tests.factories import make_org

    services.task_create(
        item=ledger_item, title="讲党课", by=committee_staff, responsible_groups=["各基层党支部"]
    )
    with django_assert_max_num_queries(30) as few:
        response = staff_api.get(f"{BASE}/tasks/", {"item": ledger_item.pk})
    assert response.status_code == 200
    before = response.data["results"][0]["responsible_org_count"]
    added = [make_org(root_org, f"中共清镇市新建第{n}支部委员会") for n in range(30)]
    with django_assert_max_num_queries(len(few)):
        response = staff_api.get(f"{BASE}/tasks/", {"item": ledger_item.pk})
    assert response.status_code == 200
    row = response.data["results"][0]
    # Who owes it is read for the page set-based: ids of every org the phrase stands for, new ones included.
    assert row["responsible_org_count"] == before + 30
    assert {org.pk for org in added} <= set(row["responsible_orgs"])
