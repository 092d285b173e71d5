"""Every text field of every API write against the whole text corpus (integration: runs once, on PostgreSQL).

Each answer is a 201 whose stored value reads back exactly as sent and shows escaped on the portal, or a
400 with a Chinese message and not one row written. Never a 5xx.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from rest_framework import serializers

from accounts.api.serializers import MemberSerializer, OrganizationSerializer
from accounts.models import Member, Organization
from ledger.api.serializers import ItemSerializer, PlanSerializer, RecordWriteSerializer, TaskSerializer
from ledger.models import Assignment, Item, Plan, Record, Recurrence, Task
from ledger.services import item_create, plan_create, task_create
from tests import hostile

pytestmark = pytest.mark.integration
CHINESE = re.compile(r"[\u4e00-\u9fff]{2,}")
PAYLOADS = [*hostile.TEXT_PAYLOADS, hostile.HUGE_CELL, "空\x00字节", "　全角空格　", "🚩 emoji"]
MODELS = [Organization, Member, Plan, Item, Task, Record]


def _text_fields(serializer_class) -> list[str]:
    fields = serializer_class().fields
    return [
        name
        for name, field in fields.items()
        if isinstance(field, serializers.CharField)
        and not field.read_only
        and not isinstance(field, serializers.ChoiceField | serializers.EmailField)
        and name not in ("id_number",)  # has its own checksum rules and masked read-back
    ]


def _counts() -> list[int]:
    return [model.objects.count() for model in MODELS]


def _writes(org_a, committee_staff) -> dict[str, tuple[type, str, Callable[[], dict], str]]:
    """resource → (serializer, url, base body, portal page template) for each API write."""
    root = Organization.objects.get(path=org_a.path[: Organization.steplen])
    plan = plan_create(year=2031, title="2031年台账", by=committee_staff)
    item = item_create(plan=plan, title="基层组织建设", by=committee_staff)
    return {
        "organizations": (
            OrganizationSerializer,
            "/api/v1/organizations/",
            lambda: {"name": f"测试党支部{_counts()[0]}", "kind": "branch", "parent": root.pk},
            "/organizations/{id}/",
        ),
        "members": (
            MemberSerializer,
            "/api/v1/members/",
            lambda: {"organization": org_a.pk, "name": "张三"},
            "/members/?organization={organization}",
        ),
        "plans": (
            PlanSerializer,
            "/api/v1/ledger/plans/",
            lambda: {"year": 2032 + Plan.objects.count(), "title": "年度台账"},
            "/ledger/plans/{id}/",
        ),
        "items": (
            ItemSerializer,
            "/api/v1/ledger/items/",
            lambda: {"plan": plan.pk, "title": f"工作项目{Item.objects.count()}"},
            "/ledger/plans/{plan}/",
        ),
        "tasks": (
            TaskSerializer,
            "/api/v1/ledger/tasks/",
            lambda: {
                "item": item.pk,
                "title": f"具体任务{Task.objects.count()}",
                "responsible_orgs": [org_a.pk],
            },
            "/ledger/plans/" + str(plan.pk) + "/",
        ),
    }


def test_every_text_field_of_every_api_write_stores_inertly_or_refuses_in_chinese(
    transactional_db, staff_api, staff_client, org_a, committee_staff
):
    failures = []
    tried = 0
    for resource, (serializer, url, base, page) in _writes(org_a, committee_staff).items():
        for field in _text_fields(serializer):
            for payload in PAYLOADS:
                before = _counts()
                tried += 1
                body = {**base(), field: [payload] if field == "aliases" else payload}
                response = staff_api.post(url, body, format="json")
                where = f"{resource}.{field}={payload[:30]!r}"
                if response.status_code == 400:
                    if not CHINESE.search(str(response.json())) or _counts() != before:
                        failures.append(f"{where}: 400 without a Chinese message or with rows written")
                    continue
                if response.status_code != 201:
                    failures.append(f"{where}: {response.status_code}")
                    continue
                stored = response.json()
                if stored.get(field, payload) not in (payload, payload.strip(), [payload]):
                    failures.append(f"{where}: read back as {str(stored.get(field))[:40]!r}")
                html = staff_client.get(page.format(**stored)).content.decode()
                try:
                    hostile.assert_shown_inertly(html, payload)
                except AssertionError:
                    failures.append(f"{where}: shown unescaped on {page}")
    assert tried >= 300  # five resources, every text field, every payload
    assert failures == []


def test_every_record_text_is_stored_inertly_or_refused(
    transactional_db, secretary_a_api, sec_a_client, org_a, committee_staff
):
    plan = plan_create(year=2020, title="2020年台账", by=committee_staff)
    item = item_create(plan=plan, title="组织生活", by=committee_staff)
    for title in ("开展主题党日活动", "召开支部委员会"):
        task_create(
            item=item,
            title=title,
            by=committee_staff,
            recurrence=Recurrence.MONTHLY,
            responsible_orgs=[org_a],
        )
    assignments = list(Assignment.objects.filter(organization=org_a).order_by("pk"))
    fields = _text_fields(RecordWriteSerializer)
    assert fields == ["content"] and len(assignments) >= len(PAYLOADS)
    for payload, assignment in zip(PAYLOADS, assignments, strict=False):
        before = _counts()
        body = {"assignment": assignment.pk, "content": payload, "done_on": "2020-01-05"}
        response = secretary_a_api.post("/api/v1/ledger/records/", body, format="json")
        assert response.status_code in (201, 400), (payload[:30], response.status_code)
        if response.status_code == 201:
            assert response.json()["content"] in (payload, payload.strip())
            page = sec_a_client.get(f"/ledger/records/{response.json()['id']}/").content.decode()
            hostile.assert_shown_inertly(page, payload)
        else:
            assert CHINESE.search(str(response.json())) and _counts() == before
