"""summaries/ (rollup rows) and closures/ (close and reopen quarters)."""

from ledger import services
from ledger.models import PeriodClosure
from tests.ledger.api.conftest import BASE


def test_summaries_return_rollup_rows_by_item(staff_api, ledger_tasks):
    response = staff_api.get(f"{BASE}/summaries/", {"year": 2020, "by": "item"})
    assert response.status_code == 200
    assert [(r["label"], r["total"]) for r in response.data["results"]] == [
        ("基层组织建设", 26),
        ("党员教育管理", 14),
    ]
    assert set(response.data["results"][0]) >= {"accepted", "on_time", "late", "missing", "completion_rate"}


def test_summaries_for_a_secretary_cover_only_their_org(secretary_a_api, ledger_tasks, org_a):
    response = secretary_a_api.get(f"{BASE}/summaries/", {"year": 2020, "by": "org"})
    assert [r["key"] for r in response.data["results"]] == [str(org_a.pk)]


def test_summaries_reject_a_period_of_another_year(staff_api, db):
    response = staff_api.get(f"{BASE}/summaries/", {"year": 2020, "period": "2021-Q1"})
    assert response.status_code == 400
    assert "不属于 2020 年" in response.data["period"][0]


def test_summaries_need_a_year(reporting_client, db):
    from tests.conftest import api_as

    assert api_as(reporting_client).get(f"{BASE}/summaries/").status_code == 400


def test_staff_closes_and_reopens_a_quarter(staff_api, db):
    response = staff_api.post(f"{BASE}/closures/close/", {"period": "2020-Q1"}, format="json")
    assert response.status_code == 201, response.data
    assert response.data["label"] == "2020年第1季度"
    response = staff_api.post(f"{BASE}/closures/reopen/", {"period": "2020-Q1"}, format="json")
    assert response.status_code == 400
    response = staff_api.post(
        f"{BASE}/closures/reopen/", {"period": "2020-Q1", "reason": "补录材料"}, format="json"
    )
    assert response.status_code == 200
    assert PeriodClosure.objects.get().history.count() == 2


def test_a_secretary_reads_closures_but_cannot_close(secretary_a_api, committee_staff):
    services.period_close(period="2020-Q2", user=committee_staff)
    assert [c["period"] for c in secretary_a_api.get(f"{BASE}/closures/").data["results"]] == ["2020-Q2"]
    assert secretary_a_api.get(f"{BASE}/closures/2020-Q2/").status_code == 200
    response = secretary_a_api.post(f"{BASE}/closures/close/", {"period": "2020-Q1"}, format="json")
    assert response.status_code == 403


def test_closing_a_month_is_refused(staff_api, db):
    response = staff_api.post(f"{BASE}/closures/close/", {"period": "2020-M01"}, format="json")
    assert response.status_code == 400
    assert "不是季度代码" in response.data["period"][0]


def test_an_unchanged_summary_is_answered_304_and_a_changed_one_in_full(
    staff_api, ledger_tasks, assignment_a
):
    params = {"year": 2020, "by": "item"}
    first = staff_api.get(f"{BASE}/summaries/", params)
    etag = first["ETag"]
    assert first.status_code == 200 and etag

    again = staff_api.get(f"{BASE}/summaries/", params, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""

    # Another grouping is another answer: no 304 for it.
    assert (
        staff_api.get(f"{BASE}/summaries/", {**params, "by": "org"}, HTTP_IF_NONE_MATCH=etag).status_code
        == 200
    )

    # A record accepted since: the tag no longer matches and the new figures are sent.
    from ledger.models import Assignment, RecordState

    Assignment.objects.filter(pk=assignment_a.pk).update(record_state=RecordState.ACCEPTED)
    changed = staff_api.get(f"{BASE}/summaries/", params, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
