"""schemathesis against the project's own OpenAPI schema: every operation, as committee staff and as a
secretary, with generated valid and invalid input. No answer may be a 5xx, and every documented answer
must match the schema.

Runs in-process against the WSGI application (no server, no network) on PostgreSQL in CI (.ci/run runs
the integration tests); bounded to EXAMPLES generated cases per operation and role (positive and
negative), so it takes a few minutes on two cores. Locally, on SQLite:
`pytest -m integration tests/test_api_schemathesis.py`. The same run from the command line against
`make run`: `schemathesis run http://127.0.0.1:8000/api/v1/schema/ -H "Authorization: Token …" -n 50`.
"""

from __future__ import annotations

from datetime import date

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.test import Client
from django.utils.crypto import get_random_string
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from ledger import services
from ledger.models import Assignment, Recurrence

pytestmark = pytest.mark.integration

EXAMPLES = 25
YEAR = 2020


@pytest.fixture
def api_world(transactional_db, committee_staff, secretary_a, secretary_b, org_a, org_b, member) -> dict:
    """A small ledger: a plan, a monthly task owed by two orgs, records in each state; ids by resource."""
    plan = services.plan_create(year=YEAR, title=f"{YEAR}年机关党建工作台账", by=committee_staff)
    item = services.item_create(plan=plan, title="基层组织建设", seq=1, by=committee_staff)
    task = services.task_create(
        item=item,
        title="开展主题党日活动",
        by=committee_staff,
        recurrence=Recurrence.MONTHLY,
        responsible_orgs=[org_a, org_b],
    )
    records = []
    for org, secretary, month in ((org_a, secretary_a, 1), (org_a, secretary_a, 2), (org_b, secretary_b, 1)):
        assignment = Assignment.objects.get(task=task, organization=org, period=f"{YEAR}-M{month:02d}")
        records.append(
            services.record_submit(
                assignment=assignment,
                user=secretary,
                content="开展主题党日活动，学习党章。",
                done_on=date(YEAR, month, 5),
            )
        )
    services.record_review(record=records[1], user=committee_staff, accept=True)
    assignment_ids = list(Assignment.objects.filter(organization=org_a).values_list("pk", flat=True)[:5])
    return {
        "organizations": [org_a.pk, org_b.pk],
        "members": [member.member_id],
        "plans": [plan.pk],
        "items": [item.pk],
        "tasks": [task.pk],
        "assignments": assignment_ids,
        "records": [record.pk for record in records],
    }


@pytest.fixture(params=["committee_staff", "secretary_a"])
def caller(request, api_world):
    return request.getfixturevalue(request.param)


@pytest.fixture
def browser(caller) -> Client:
    browser = Client()
    browser.force_login(caller)
    return browser


@pytest.fixture
def session(browser) -> dict:
    """The logged-in session with its CSRF pair, as the portal's own pages call the API."""
    csrf = get_random_string(32)
    return {
        "cookies": {"sessionid": browser.cookies["sessionid"].value, "csrftoken": csrf},
        "headers": {"X-CSRFToken": csrf},
    }


@pytest.fixture
def api_schema(browser):
    response = browser.get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    loaded = schemathesis.openapi.from_dict(response.json())
    loaded.app = get_wsgi_application()
    return loaded


def _aim_at_real_rows(case, world: dict) -> None:
    """Every other generated path id points at a row that exists, so detail and write operations run too."""
    value = (case.path_parameters or {}).get("id")
    if not isinstance(value, int) or value % 2:
        return
    parts = case.path.strip("/").split("/")
    ids = world.get(parts[parts.index("{id}") - 1])
    if ids:
        case.path_parameters["id"] = ids[value // 2 % len(ids)]


def _operations(api_schema):
    for result in api_schema.get_all_operations():
        yield result.ok()


def test_it_answers_every_operation_without_a_server_error(api_schema, session, api_world):
    failures: dict[str, str] = {}
    operations = list(_operations(api_schema))
    for operation in operations:
        strategy = st.one_of(
            operation.as_strategy(GenerationMode.POSITIVE), operation.as_strategy(GenerationMode.NEGATIVE)
        )

        @given(case=strategy)
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.generate, Phase.shrink],
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            _aim_at_real_rows(case, api_world)
            case.call_and_validate(
                headers=session["headers"],
                cookies=session["cookies"],
                checks=[not_a_server_error, response_schema_conformance, content_type_conformance],
            )

        try:
            check()
        except Exception as failure:  # every operation runs; all failures are reported together
            failures[operation.label] = str(failure)
    assert len(operations) >= 30, "the schema lost operations"
    assert not failures, "\n\n".join(f"{label}:\n{text}" for label, text in failures.items())
