"""Runs: the Celery task (eager here), idempotence, versions, publication, scoping, REST and pages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import OrgKind, Role
from assessments.models import AssessmentResult, AssessmentRun, RunState, Scheme
from assessments.scheme import compute, services, tree
from assessments.tasks import compute_assessments
from partybuild.exceptions import DomainError
from tests.conftest import api_as
from tests.factories import UserFactory, make_org, make_root

from .conftest import YEAR


@pytest.fixture
def computed(three_orgs, ledger_builder, fake_sources):
    task = ledger_builder.task(1)
    for n, org in enumerate(three_orgs):
        ledger_builder.owe(org, task, date(YEAR, 1, 31), "accepted" if n < 2 else None, date(YEAR, 1, 10))
        fake_sources["points"][org.pk] = 90 - 20 * n
    run = services.assessment_run_start(actor=None, year=YEAR, period="2025-Q1", as_of=date(YEAR, 4, 10))
    return compute.compute_run_inline(run)


def test_the_task_computes_a_period_in_chunks_and_combines_them(
    three_orgs, fake_sources, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run_id = compute_assessments.delay(YEAR, f"{YEAR}-Q1").get()
    run = AssessmentRun.objects.get(pk=run_id)
    assert run.state == RunState.COMPUTED
    assert AssessmentResult.objects.filter(run=run).count() == 3
    assert sorted(AssessmentResult.objects.filter(run=run).values_list("rank", flat=True)) == [1, 1, 1]


def test_the_query_count_of_a_chunk_does_not_grow_with_its_orgs(three_orgs, fake_sources):
    root = make_root()
    more = [make_org(root, f"中共增补{n}支部委员会", kind=OrgKind.BRANCH) for n in range(9)]
    counts = []
    for size in (3, 12):
        run = services.assessment_run_start(
            actor=None,
            year=YEAR,
            period=f"{YEAR}-Q{2 if size == 3 else 3}",
            as_of=date(YEAR, 12, 1),
            chunk_size=size,
        )
        with CaptureQueriesContext(connection) as queries:
            compute.compute_chunk(run.pk, 0)
        counts.append(len(queries))
    assert len(more) == 9 and counts[0] == counts[1]


def test_a_published_run_is_immutable_and_recomputing_needs_a_reason(computed, committee_staff):
    services.assessment_run_publish(actor=committee_staff, run=computed)
    with pytest.raises(DomainError):
        services.assessment_run_publish(actor=committee_staff, run=computed)
    with pytest.raises(ValidationError):
        services.assessment_run_start(actor=committee_staff, year=YEAR, period="2025-Q1")
    again = services.assessment_run_start(
        actor=committee_staff, year=YEAR, period="2025-Q1", reason="补录了台账", as_of=date(YEAR, 4, 10)
    )
    assert (again.version, again.reason) == (2, "补录了台账")
    assert AssessmentResult.objects.filter(run=computed).count() == 3  # the published rows stay


def test_editing_a_scheme_in_use_makes_a_new_version(computed, committee_staff):
    scheme = computed.scheme
    services.assessment_run_publish(actor=committee_staff, run=computed)
    changed = services.scheme_update(
        actor=committee_staff, scheme=scheme, fields={"excellent_from": Decimal(95)}
    )
    assert changed.pk != scheme.pk and changed.version == 2
    scheme.refresh_from_db()
    assert scheme.excellent_from == Decimal(90)
    assert changed.components.count() == scheme.components.count()


def test_scheme_weights_must_add_up(db):
    scheme = services.ensure_default_scheme(YEAR)
    with pytest.raises(ValidationError):
        services.scheme_update(actor=None, scheme=scheme, weights={"ledger": Decimal(70)})


def test_a_new_year_starts_from_last_years_scheme(db):
    old = services.ensure_default_scheme(YEAR)
    Scheme.objects.filter(pk=old.pk).update(excellent_quota=Decimal("0.25"))
    new = services.ensure_default_scheme(YEAR + 1)
    assert (new.year, new.version, new.excellent_quota) == (YEAR + 1, 1, Decimal("0.25"))


def test_periods_due_after_each_quarter():
    assert services.periods_due(date(2026, 4, 5)) == [(2026, "2026-Q1")]
    assert services.periods_due(date(2026, 7, 5)) == [(2026, "2026-Q2"), (2026, "2026-H1")]
    assert services.periods_due(date(2027, 1, 5)) == [(2026, "2026-Q4"), (2026, "2026-Y")]


# ------------------------------------------------------------------------------ scoping and REST


@pytest.fixture
def secretary_x(three_orgs):
    return UserFactory(username="sec_x", role=Role.SECRETARY, organization=three_orgs[0])


def test_a_secretary_sees_only_published_results_of_their_own_org(
    computed, committee_staff, secretary_x, three_orgs
):
    client = api_as(secretary_x)
    assert client.get("/api/v1/assessments/summaries/").json()["count"] == 0
    own = AssessmentResult.objects.get(run=computed, organization=three_orgs[0])
    assert client.get(f"/api/v1/assessments/summaries/{own.pk}/explain/").status_code == 404
    services.assessment_run_publish(actor=committee_staff, run=computed)
    rows = client.get("/api/v1/assessments/summaries/", {"year": YEAR}).json()["results"]
    assert [row["organization"] for row in rows] == [three_orgs[0].pk]
    other = AssessmentResult.objects.get(run=computed, organization=three_orgs[1])
    assert client.get(f"/api/v1/assessments/summaries/{other.pk}/").status_code == 404
    explain = client.get(f"/api/v1/assessments/summaries/{own.pk}/explain/").json()
    assert explain["explanation"]["indices"][0]["key"] == "performance"


def test_summaries_carry_the_contract_fields_and_answer_304(computed, reporting_client, committee_staff):
    client = api_as(reporting_client)
    assert client.get("/api/v1/assessments/summaries/").json()["count"] == 0
    services.assessment_run_publish(actor=committee_staff, run=computed)
    response = client.get("/api/v1/assessments/summaries/", {"period": "2025-Q1", "published": "true"})
    row = response.json()["results"][0]
    for field in (
        "organization",
        "organization_name",
        "period",
        "performance_index",
        "responsibility_index",
        "conduct_index",
        "composite",
        "rank",
        "grade",
        "flags",
        "published",
        "version",
    ):
        assert field in row
    assert row["published"] is True and row["period"] == "2025-Q1"
    again = client.get(
        "/api/v1/assessments/summaries/",
        {"period": "2025-Q1", "published": "true"},
        HTTP_IF_NONE_MATCH=response["ETag"],
    )
    assert again.status_code == 304
    assert client.post("/api/v1/assessments/summaries/", {}).status_code in (403, 405)
    assert client.get("/api/v1/assessments/schemes/", {"year": YEAR}).json()["results"][0]["components"]


# ------------------------------------------------------------------------------------------- pages


def test_staff_compute_from_the_page_watch_the_progress_and_publish(
    client, committee_staff, three_orgs, fake_sources, django_capture_on_commit_callbacks
):
    client.force_login(committee_staff)
    assert client.get(reverse("scheme:run_list")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("scheme:run_compute"), {"period": f"{YEAR}-Q1"})
    run = AssessmentRun.objects.get()
    assert response.url == reverse("scheme:run_detail", kwargs={"pk": run.pk})
    status = client.get(reverse("scheme:run_status", kwargs={"pk": run.pk})).json()
    assert status["state"] == "computed" and status["percent"] == 100
    page = client.get(reverse("scheme:run_detail", kwargs={"pk": run.pk}))
    assert page.status_code == 200 and "pb-stack" in page.content.decode()
    refused = client.post(reverse("scheme:run_publish", kwargs={"pk": run.pk}), {})
    assert refused.status_code == 400
    client.post(reverse("scheme:run_publish", kwargs={"pk": run.pk}), {"confirm": "yes"})
    run.refresh_from_db()
    assert run.state == RunState.PUBLISHED


def test_the_secretary_reads_the_scheme_and_their_result_with_what_to_improve(
    client, computed, committee_staff, secretary_x, three_orgs
):
    services.assessment_run_publish(actor=committee_staff, run=computed)
    client.force_login(secretary_x)
    assert "党建绩效指数" in client.get(reverse("scheme:scheme"), {"year": YEAR}).content.decode()
    own = AssessmentResult.objects.get(run=computed, organization=three_orgs[0])
    assert client.get(reverse("scheme:result_detail", kwargs={"pk": own.pk})).status_code == 200
    other = AssessmentResult.objects.get(run=computed, organization=three_orgs[2])
    assert client.get(reverse("scheme:result_detail", kwargs={"pk": other.pk})).status_code == 404
    assert client.get(reverse("scheme:run_list")).status_code == 403
    home = client.get(reverse("home")).content.decode()
    assert 'data-home="assessment"' in home


def test_the_dashboard_charts_the_ranking_and_the_trend(client, computed, committee_staff, three_orgs):
    client.force_login(committee_staff)
    response = client.get(reverse("scheme:dashboard"), {"year": YEAR})
    assert response.status_code == 200
    chart = response.context["chart"]
    assert len(chart["ranking"]["names"]) == 3 and chart["trend"]["periods"] == ["2025-Q1"]
    assert chart["heat"]["quarters"] == ["2025-Q1"] and len(chart["heat"]["cells"]) == 3
    assert "echarts.min.js" in response.content.decode()
    # The axes read as people read periods, and the trend's lines are named in the reader's language.
    assert chart["trend"]["period_labels"] == chart["heat"]["quarter_labels"] == ["2025年第1季度"]
    assert chart["trend"]["names"]["conduct"] == "党员行为积分指数"


def test_the_dashboard_speaks_english_to_an_english_reader(client, computed, committee_staff):
    client.force_login(committee_staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    chart = client.get(reverse("scheme:dashboard"), {"year": YEAR}).context["chart"]
    names = chart["trend"]["names"].values()
    assert all(name and not any("\u4e00" <= ch <= "\u9fff" for ch in name) for name in names)
    assert "2025" in chart["trend"]["period_labels"][0] and "年" not in chart["trend"]["period_labels"][0]


def test_the_explain_page_links_the_records_that_cost_points(client, computed, committee_staff, three_orgs):
    client.force_login(committee_staff)
    z = AssessmentResult.objects.get(run=computed, organization=three_orgs[2])
    missing = tree.components_of(z.explanation)["ledger"]["detail"]["assignment_ids"]["missing"]
    page = client.get(reverse("scheme:result_detail", kwargs={"pk": z.pk})).content.decode()
    assert reverse("ledger:assignment_detail", kwargs={"pk": missing[0]}) in page
    assert "未完成" in page and "该模块尚未启用" not in page


def test_lists_take_a_constant_number_of_queries(client, computed, committee_staff, reporting_client):
    services.assessment_run_publish(actor=committee_staff, run=computed)
    root = make_root()
    for n in range(6):
        make_org(root, f"中共查询数{n}支部委员会", kind=OrgKind.BRANCH)
    bigger = compute.compute_run_inline(
        services.assessment_run_start(actor=None, year=YEAR, period=f"{YEAR}-Q2", as_of=date(YEAR, 7, 10))
    )
    services.assessment_run_publish(actor=committee_staff, run=bigger)
    client.force_login(committee_staff)
    api = api_as(reporting_client)
    api.get("/api/v1/assessments/summaries/")  # loads the client's roles once
    for run in (computed, bigger):
        with CaptureQueriesContext(connection) as page:
            assert client.get(reverse("scheme:run_detail", kwargs={"pk": run.pk})).status_code == 200
        with CaptureQueriesContext(connection) as rest:
            assert api.get("/api/v1/assessments/summaries/", {"period": run.period}).status_code == 200
        counts = (len(page), len(rest))
        if run is computed:
            small = counts
    assert counts == small


def test_bad_filters_get_400_or_empty_answers_never_a_server_error(staff_api, computed):
    for params in (
        {"year": "abc"},
        {"year": "99999"},
        {"period": "胡说"},
        {"organization": "0"},
        {"organization": "9999999999999999999999"},
        {"published": "maybe"},
        {"page": "-1"},
    ):
        response = staff_api.get("/api/v1/assessments/summaries/", params)
        assert response.status_code in (200, 400, 404), (params, response.status_code)
    assert staff_api.get("/api/v1/assessments/summaries/99999999999/explain/").status_code == 404
    assert staff_api.get("/api/v1/assessments/schemes/", {"year": "x"}).status_code == 400


def test_the_command_computes_periods_through_celery_or_in_process(
    three_orgs, fake_sources, django_capture_on_commit_callbacks
):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("compute_assessments", "--year", str(YEAR), "--period", f"{YEAR}-Q1", stdout=out)
    call_command("compute_assessments", "--year", str(YEAR), "--period", f"{YEAR}-H1", "--sync", stdout=out)
    states = dict(AssessmentRun.objects.values_list("period", "state"))
    assert states == {f"{YEAR}-Q1": RunState.COMPUTED, f"{YEAR}-H1": RunState.COMPUTED}
    assert "3 个党组织" in out.getvalue()


def test_a_period_being_computed_is_not_started_again(three_orgs):
    services.assessment_run_start(actor=None, year=YEAR, period=f"{YEAR}-Q1")
    with pytest.raises(ValidationError, match="正在计算"):
        services.assessment_run_start(actor=None, year=YEAR, period=f"{YEAR}-Q1")
