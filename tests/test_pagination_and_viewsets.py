"""One pagination template for every list page, and one base viewset for every API resource that writes."""

import pytest
from django.urls import reverse

from accounts.api.views import MemberViewSet, OrganizationViewSet
from ledger.api.views import ItemViewSet, PlanViewSet, RecordViewSet, TaskViewSet
from ledger.models import Plan
from partybuild.api.viewsets import ServiceViewSet


@pytest.mark.django_db
def test_a_ledger_list_pages_like_the_org_list_with_first_and_last(staff_client, root_org):
    Plan.objects.bulk_create([Plan(year=2000 + n, title=f"{2000 + n}年台账") for n in range(45)])

    first = staff_client.get(reverse("ledger:plan_list")).content.decode()
    middle = staff_client.get(reverse("ledger:plan_list"), {"page": 2}).content.decode()

    assert "第 1 / 3 页，共 45 条" in first
    assert 'page=3">末页' in first and 'page=1">首页' not in first
    links = ('page=1">首页', 'page=1">上一页', 'page=3">下一页', 'page=3">末页')
    assert all(link in middle for link in links)


@pytest.mark.parametrize(
    "viewset", [OrganizationViewSet, MemberViewSet, PlanViewSet, ItemViewSet, TaskViewSet, RecordViewSet]
)
def test_every_resource_that_writes_is_a_service_viewset_without_delete(viewset):
    assert issubclass(viewset, ServiceViewSet)
    assert "delete" not in viewset.http_method_names


@pytest.mark.django_db
def test_a_task_created_through_the_api_is_answered_as_the_list_shows_it(staff_api, org_a):
    plan = staff_api.post(
        "/api/v1/ledger/plans/", {"year": 2020, "title": "2020年台账"}, format="json"
    ).json()
    item = staff_api.post("/api/v1/ledger/items/", {"plan": plan["id"], "title": "组织建设"}, format="json")
    body = {"item": item.json()["id"], "title": "讲党课", "responsible_orgs": [org_a.pk], "weight": "2.50"}

    created = staff_api.post("/api/v1/ledger/tasks/", body, format="json")

    assert created.status_code == 201
    listed = staff_api.get("/api/v1/ledger/tasks/").json()["results"]
    assert listed == [created.json()]
    assert staff_api.delete(f"/api/v1/ledger/tasks/{created.json()['id']}/").status_code == 405
