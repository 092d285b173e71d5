"""A reusable test case for a REST resource, in the spirit of NetBox's APIViewTestCases.

Subclass `APIResourceTests` in a `Test*` class, set the class attributes and implement the hooks;
pytest then runs every check below against your resource:

    class TestMemberAPI(APIResourceTests):
        basename = "member"                      # router basename: reverse("member-list")
        fields = {"id", "name", "organization"}  # keys every result must carry (at least these)

        def make_object(self, org):              # a row that belongs to `org`
            return MemberFactory(organization=org)

        def create_data(self, org):              # a valid POST body creating a row in `org`
            return {"organization": org.pk, "name": "李四"}

        def update_data(self, obj):              # a valid PATCH body, and how to see it worked
            return {"name": "李四（改）"}

Checks run (each is a test method, so a failure names the rule it broke):
- list, detail, create (201) and update (200) as committee staff (`writer_fixture`);
- scoping: a secretary of org A (`scoped_reader_fixture`) gets 404 for org B's row and never sees it
  in the list, but does see org A's row;
- the reporting client reads (200) but gets 403 on POST and PATCH; the three admin roles get 403;
  anonymous requests get 401;
- the list runs a constant number of queries: with 50 rows it may not issue more queries than with 5
  (pytest-django's `django_assert_max_num_queries`).

Hooks receive real orgs (fixtures `org_a`, `org_b` from tests/conftest.py). Override
`make_many(org, count)` when rows need a bulk path; `assert_updated(obj, data)` when a PATCH body is
not simply "the same values come back".
"""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from django.db import connection
from django.db.models import Model
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import ADMIN_ROLES
from tests.factories import UserFactory


class APIResourceTests:
    basename: ClassVar[str]
    fields: ClassVar[set[str]] = {"id"}
    writer_fixture: ClassVar[str] = "staff_api"
    scoped_reader_fixture: ClassVar[str] = "secretary_a_api"
    list_params: ClassVar[dict[str, Any]] = {}
    # False where the reporting client reads counts only (personal data such as the roster).
    reporting_reads: ClassVar[bool] = True
    # False for resources only services write (assignments, closures): POST and PATCH answer 405.
    writable: ClassVar[bool] = True
    # False for rows every reader of the ledger sees alike (plans, items, closures): no org to scope by.
    org_scoped: ClassVar[bool] = True

    # Hooks -----------------------------------------------------------------------------------
    def make_object(self, org) -> Model:
        raise NotImplementedError("make_object(org) must return a row that belongs to org")

    def create_data(self, org) -> dict[str, Any]:
        raise NotImplementedError("create_data(org) must return a valid POST body")

    def update_data(self, obj) -> dict[str, Any]:
        raise NotImplementedError("update_data(obj) must return a valid PATCH body")

    def make_many(self, org, count: int) -> list[Model]:
        return [self.make_object(org) for _ in range(count)]

    def assert_updated(self, obj, data: dict[str, Any], body: dict[str, Any]) -> None:
        for key, value in data.items():
            assert body[key] == value, f"{key}: sent {value!r}, got {body[key]!r}"

    # Helpers ---------------------------------------------------------------------------------
    def list_url(self) -> str:
        return reverse(f"{self.basename}-list")

    def detail_url(self, obj) -> str:
        return reverse(f"{self.basename}-detail", args=[obj.pk])

    @staticmethod
    def _client(request, fixture_name: str) -> APIClient:
        return request.getfixturevalue(fixture_name)

    @staticmethod
    def _ids(response) -> set[int]:
        return {row["id"] for row in response.json()["results"]}

    # Checks ----------------------------------------------------------------------------------
    def test_it_lists_objects_with_their_fields(self, request, org_a):
        obj = self.make_object(org_a)
        response = self._client(request, self.writer_fixture).get(self.list_url(), self.list_params)
        assert response.status_code == 200, response.content
        body = response.json()
        assert set(body) == {"count", "next", "previous", "results"}
        assert obj.pk in self._ids(response)
        row = next(r for r in body["results"] if r["id"] == obj.pk)
        assert self.fields <= set(row), f"missing fields: {self.fields - set(row)}"

    def test_it_returns_one_object(self, request, org_a):
        obj = self.make_object(org_a)
        response = self._client(request, self.writer_fixture).get(self.detail_url(obj))
        assert response.status_code == 200, response.content
        assert response.json()["id"] == obj.pk

    def test_it_creates_an_object(self, request, org_a):
        response = self._client(request, self.writer_fixture).post(
            self.list_url(), self.create_data(org_a), format="json"
        )
        if not self.writable:
            assert response.status_code == 405
            return
        assert response.status_code == 201, response.content
        created_id = response.json()["id"]
        detail = self._client(request, self.writer_fixture).get(
            reverse(f"{self.basename}-detail", args=[created_id])
        )
        assert detail.status_code == 200

    def test_it_updates_an_object(self, request, org_a):
        obj = self.make_object(org_a)
        data = self.update_data(obj)
        response = self._client(request, self.writer_fixture).patch(self.detail_url(obj), data, format="json")
        if not self.writable:
            assert response.status_code == 405
            return
        assert response.status_code == 200, response.content
        self.assert_updated(obj, data, response.json())

    def test_it_offers_no_delete(self, request, org_a):
        obj = self.make_object(org_a)
        response = self._client(request, self.writer_fixture).delete(self.detail_url(obj))
        assert response.status_code == 405

    def test_it_returns_404_for_another_orgs_object(self, request, org_a, org_b):
        theirs = self.make_object(org_b)
        response = self._client(request, self.scoped_reader_fixture).get(self.detail_url(theirs))
        # A row of no org (a plan, a closure) is the same for every reader of the ledger.
        assert response.status_code == (404 if self.org_scoped else 200)

    def test_it_lists_only_the_users_own_orgs_objects(self, request, org_a, org_b):
        mine, theirs = self.make_object(org_a), self.make_object(org_b)
        response = self._client(request, self.scoped_reader_fixture).get(self.list_url(), self.list_params)
        assert response.status_code == 200
        ids = self._ids(response)
        assert mine.pk in ids
        assert (theirs.pk in ids) is not self.org_scoped

    def test_it_refuses_to_update_another_orgs_object(self, request, org_a, org_b):
        theirs = self.make_object(org_b)
        response = self._client(request, self.scoped_reader_fixture).patch(
            self.detail_url(theirs), self.update_data(theirs), format="json"
        )
        # A read-only resource answers every write with 405, whoever owns the row.
        assert response.status_code in ((403, 404) if self.writable else (405,))

    def test_it_lets_the_reporting_client_read_but_not_write(self, reporting_client, org_a):
        obj = self.make_object(org_a)
        client = APIClient()
        client.force_authenticate(reporting_client)
        assert client.get(self.detail_url(obj)).status_code == (200 if self.reporting_reads else 403)
        refused = 403 if self.writable else 405
        assert client.post(self.list_url(), self.create_data(org_a), format="json").status_code == refused
        assert client.patch(self.detail_url(obj), self.update_data(obj), format="json").status_code == refused

    def test_it_gives_a_party_member_nothing_of_other_people(self, member, org_a):
        # 党员只看自己: a member's own roster entry at most, never the org's business rows.
        obj = self.make_object(org_a)
        client = APIClient()
        client.force_authenticate(member)
        response = client.get(self.detail_url(obj))
        if getattr(obj, "pk", None) == member.member_id and obj.__class__.__name__ == "Member":
            assert response.status_code == 200
        else:
            assert response.status_code in (403, 404)
        listed = client.get(self.list_url(), self.list_params)
        assert listed.status_code == 403 or {row["id"] for row in listed.json()["results"]} <= {
            member.member_id
        }

    @pytest.mark.parametrize("role", ADMIN_ROLES)
    def test_it_gives_admin_roles_no_business_data(self, role, org_a):
        obj = self.make_object(org_a)
        client = APIClient()
        client.force_authenticate(UserFactory(username=f"admin_{role}", role=role, is_staff=True))
        assert client.get(self.list_url()).status_code == 403
        assert client.get(self.detail_url(obj)).status_code == 403

    def test_it_refuses_anonymous_requests(self, org_a):
        obj = self.make_object(org_a)
        assert APIClient().get(self.list_url()).status_code == 401
        assert APIClient().get(self.detail_url(obj)).status_code == 401

    def test_it_lists_with_a_constant_number_of_queries(self, request, org_a, django_assert_max_num_queries):
        client = self._client(request, self.writer_fixture)
        params = {**self.list_params, "page_size": 100}
        self.make_many(org_a, 5)
        with CaptureQueriesContext(connection) as five_rows:
            assert client.get(self.list_url(), params).status_code == 200
        self.make_many(org_a, 45)
        with django_assert_max_num_queries(len(five_rows)):
            response = client.get(self.list_url(), params)
        assert response.json()["count"] >= 50
