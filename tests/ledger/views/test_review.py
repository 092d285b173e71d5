"""Committee staff review: the queue oldest first, filters, one record, and bulk accept/return."""

import pytest
from django.urls import reverse

from ledger.models import Record, RecordState
from tests.ledger.conftest import queries_of

pytestmark = pytest.mark.django_db


def test_only_committee_staff_open_the_review_queue(sec_a_client, reporting_browser):
    assert sec_a_client.get(reverse("ledger:review_queue")).status_code == 403
    assert reporting_browser.get(reverse("ledger:review_queue")).status_code == 403


def test_it_lists_submitted_records_oldest_first(staff_client, record_a, record_b):
    page = staff_client.get(reverse("ledger:review_queue")).content.decode()

    assert page.index("3月5日开展主题党日活动") < page.index("3月6日开展主题党日活动")
    assert '<span class="badge text-bg-warning">2</span>' in page


def test_it_filters_the_queue_by_organization(staff_client, record_a, record_b, org_b):
    page = staff_client.get(reverse("ledger:review_queue"), {"organization": org_b.pk}).content.decode()

    assert "3月6日开展主题党日活动" in page
    assert "3月5日开展主题党日活动" not in page


def test_it_filters_the_queue_by_item_and_period(staff_client, record_a, ledger_item_2):
    by_item = staff_client.get(reverse("ledger:review_queue"), {"item": ledger_item_2.pk}).content.decode()
    by_period = staff_client.get(reverse("ledger:review_queue"), {"period": "2020-M03"}).content.decode()

    assert "没有待审核的记录" in by_item
    assert "3月5日开展主题党日活动" in by_period


def test_it_shows_an_empty_queue(staff_client):
    assert "没有待审核的记录" in staff_client.get(reverse("ledger:review_queue")).content.decode()


def test_it_accepts_a_record(staff_client, record_a):
    response = staff_client.post(reverse("ledger:record_review", args=[record_a.pk]), {"decision": "accept"})

    assert response.status_code == 302
    record_a.refresh_from_db()
    assert record_a.state == RecordState.ACCEPTED


def test_returning_a_record_needs_a_comment(staff_client, record_a):
    response = staff_client.post(reverse("ledger:record_review", args=[record_a.pk]), {"decision": "return"})

    assert response.status_code == 400
    assert "退回时必须填写审核意见" in response.content.decode()
    record_a.refresh_from_db()
    assert record_a.state == RecordState.SUBMITTED


def test_it_returns_a_record_with_the_reason(staff_client, record_a):
    staff_client.post(
        reverse("ledger:record_review", args=[record_a.pk]), {"decision": "return", "comment": "缺少签到表"}
    )

    record_a.refresh_from_db()
    assert record_a.state == RecordState.RETURNED
    assert record_a.review_comment == "缺少签到表"


def test_the_record_page_offers_review_only_to_staff(staff_client, sec_a_client, record_a):
    staff_page = staff_client.get(reverse("ledger:record_detail", args=[record_a.pk])).content.decode()
    secretary_page = sec_a_client.get(reverse("ledger:record_detail", args=[record_a.pk])).content.decode()

    assert "提交审核结果" in staff_page
    assert "提交审核结果" not in secretary_page
    assert "3月5日开展主题党日活动" in secretary_page


def test_a_secretary_cannot_review(sec_a_client, record_a):
    response = sec_a_client.post(reverse("ledger:record_review", args=[record_a.pk]), {"decision": "accept"})

    assert response.status_code == 403
    record_a.refresh_from_db()
    assert record_a.state == RecordState.SUBMITTED


def test_it_accepts_several_records_at_once(staff_client, record_a, record_b):
    response = staff_client.post(
        reverse("ledger:review_bulk"), {"records": [record_a.pk, record_b.pk], "decision": "accept"}
    )

    assert response.status_code == 302
    assert set(Record.objects.values_list("state", flat=True)) == {RecordState.ACCEPTED}
    assert "已批量通过 2 条记录" in staff_client.get(response.url).content.decode()


def test_it_returns_several_records_with_one_comment(staff_client, record_a, record_b):
    staff_client.post(
        reverse("ledger:review_bulk"),
        {"records": [record_a.pk, record_b.pk], "decision": "return", "comment": "请补充佐证材料"},
    )

    assert set(Record.objects.values_list("review_comment", flat=True)) == {"请补充佐证材料"}
    assert set(Record.objects.values_list("state", flat=True)) == {RecordState.RETURNED}


def test_bulk_return_without_a_comment_changes_nothing(staff_client, record_a, record_b):
    response = staff_client.post(
        reverse("ledger:review_bulk"),
        {"records": [record_a.pk, record_b.pk], "decision": "return"},
        follow=True,
    )

    assert "退回时必须填写审核意见" in response.content.decode()
    assert set(Record.objects.values_list("state", flat=True)) == {RecordState.SUBMITTED}


def test_bulk_review_refuses_records_no_longer_in_the_queue(staff_client, record_a):
    staff_client.post(reverse("ledger:record_review", args=[record_a.pk]), {"decision": "accept"})

    response = staff_client.post(
        reverse("ledger:review_bulk"),
        {"records": [record_a.pk], "decision": "return", "comment": "x"},
        follow=True,
    )

    assert "已不在待审核队列中" in response.content.decode()
    record_a.refresh_from_db()
    assert record_a.state == RecordState.ACCEPTED


def test_bulk_review_keeps_the_queue_filters(staff_client, record_a, org_a):
    response = staff_client.post(
        reverse("ledger:review_bulk"),
        {"records": [record_a.pk], "decision": "accept", "next": f"?organization={org_a.pk}"},
    )

    assert response.url == reverse("ledger:review_queue") + f"?organization={org_a.pk}"


def test_the_queue_runs_as_many_queries_for_100_records_as_for_10(staff_client, make_rows, org_a, org_b):
    def page():
        return queries_of(lambda: staff_client.get(reverse("ledger:review_queue")))

    make_rows(5, org_a, state=RecordState.SUBMITTED)
    make_rows(5, org_b, state=RecordState.SUBMITTED)
    small, few = page()
    make_rows(45, org_a, state=RecordState.SUBMITTED, period="2020-M03")
    make_rows(45, org_b, state=RecordState.SUBMITTED, period="2020-M03")
    large, many = page()

    assert small.content.decode().count('name="records"') == 10
    assert large.content.decode().count('name="records"') == 20
    assert many == few
