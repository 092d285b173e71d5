"""A secretary's pages: 我的任务, the record form, resubmitting, and never another org's data."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from ledger import services
from ledger.models import Attachment, Record, RecordState
from tests.ledger.conftest import queries_of

from .conftest import PNG

pytestmark = pytest.mark.django_db


def test_it_lists_this_months_and_overdue_tasks_of_the_secretarys_org(sec_a_client, task_monthly, org_b):
    response = sec_a_client.get(reverse("ledger:my_tasks"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "开展主题党日活动" in page
    assert "本月待办" in page and "已逾期" in page
    assert "2020年3月" in page and "2020年1月" in page
    assert "2020年4月" not in page
    assert str(org_b) not in page


def test_it_shows_how_many_days_a_task_is_overdue(sec_a_client, task_monthly):
    page = sec_a_client.get(reverse("ledger:my_tasks")).content.decode()

    # February's assignment was due 2020-02-29; "today" is 2020-03-10.
    assert "已逾期 10 天" in page


def test_it_shows_the_reviewers_comment_and_a_resubmit_button_on_a_returned_record(
    sec_a_client, record_a, committee_staff
):
    services.record_review(record=record_a, user=committee_staff, accept=False, comment="请补充活动照片")

    page = sec_a_client.get(reverse("ledger:my_tasks")).content.decode()

    assert "请补充活动照片" in page
    assert "修改后重新提交" in page
    assert reverse("ledger:record_edit", args=[record_a.pk]) in page


def test_a_returned_record_past_its_due_date_is_edited_not_submitted_again(sec_a_client, make_rows, org_a):
    # Returned and past due counts as overdue; its action is still "修改", never a second submission
    # (which the form would refuse with 409: the bench's load run found this).
    [assignment] = make_rows(1, org_a, due=date(2020, 2, 29), period="2020-M02", state=RecordState.RETURNED)
    record = Record.objects.get(assignment=assignment)

    for url in (reverse("ledger:my_tasks"), reverse("ledger:home_cards")):
        page = sec_a_client.get(url).content.decode()
        assert reverse("ledger:record_edit", args=[record.pk]) in page, url
        assert reverse("ledger:record_submit", args=[assignment.pk]) not in page, url


def test_it_shows_an_empty_state_when_nothing_is_due(sec_a_client):
    page = sec_a_client.get(reverse("ledger:my_tasks")).content.decode()

    assert "本月没有到期或逾期的任务" in page


def test_it_submits_a_record_with_evidence(sec_a_client, assignment_a):
    url = reverse("ledger:record_submit", args=[assignment_a.pk])
    photo = SimpleUploadedFile("活动照片.png", PNG, content_type="image/png")

    response = sec_a_client.post(
        url,
        {"content": "开展主题党日", "done_on": "2020-03-08", "participants": "15", "attachments": [photo]},
    )

    assert response.status_code == 302
    record = Record.objects.get(assignment=assignment_a)
    assert record.participants == 15
    assert [a.original_name for a in record.attachments.all()] == ["活动照片.png"]
    assert "记录已提交" in sec_a_client.get(response.url).content.decode()


def test_the_record_form_opens_the_camera_and_still_takes_pdf_and_office_files(sec_a_client, assignment_a):
    page = sec_a_client.get(reverse("ledger:record_submit", args=[assignment_a.pk])).content.decode()

    assert 'name="attachments" accept="image/*" capture="environment"' in page
    assert 'accept="image/*,.jpg,.jpeg,.png,.gif,.webp,.pdf,.doc,.docx,.xls,.xlsx" multiple' in page
    # The browser checks the same limits as the server before sending anything.
    assert 'data-max-bytes="20971520"' in page and 'data-max-files="10"' in page
    assert "每个不超过 20 MB，每次最多 10 个" in page


def test_the_completion_date_defaults_to_today_and_offers_no_later_day(sec_a_client, assignment_a):
    page = sec_a_client.get(reverse("ledger:record_submit", args=[assignment_a.pk])).content.decode()

    assert 'name="done_on" value="2020-03-10"' in page
    assert 'max="2020-03-10"' in page


def test_it_shows_a_chinese_error_next_to_the_file_field_for_a_forbidden_type(sec_a_client, assignment_a):
    bad = SimpleUploadedFile("病毒.exe", b"MZ\x90\x00" * 10, content_type="application/octet-stream")

    response = sec_a_client.post(
        reverse("ledger:record_submit", args=[assignment_a.pk]),
        {"content": "开展主题党日", "done_on": "2020-03-08", "attachments": [bad]},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "附件“病毒.exe”的类型不支持" in page
    assert 'class="invalid-feedback d-block"' in page
    assert not Record.objects.filter(assignment=assignment_a).exists()


def test_it_refuses_a_completion_date_in_the_future(sec_a_client, assignment_a):
    response = sec_a_client.post(
        reverse("ledger:record_submit", args=[assignment_a.pk]),
        {"content": "开展主题党日", "done_on": "2020-03-20"},
    )

    assert "完成日期不能晚于今天" in response.content.decode()
    assert not Record.objects.filter(assignment=assignment_a).exists()


def test_it_asks_for_the_content_in_chinese(sec_a_client, assignment_a):
    response = sec_a_client.post(
        reverse("ledger:record_submit", args=[assignment_a.pk]), {"done_on": "2020-03-08"}
    )

    assert "请填写完成情况" in response.content.decode()


def test_it_resubmits_a_returned_record_after_editing(sec_a_client, record_a, committee_staff):
    services.record_review(record=record_a, user=committee_staff, accept=False, comment="请补充活动照片")
    url = reverse("ledger:record_edit", args=[record_a.pk])
    assert "请补充活动照片" in sec_a_client.get(url).content.decode()

    response = sec_a_client.post(
        url, {"content": "已补充照片", "done_on": "2020-03-05", "participants": "12"}
    )

    assert response.status_code == 302
    record_a.refresh_from_db()
    assert record_a.content == "已补充照片"
    assert record_a.state == RecordState.SUBMITTED


def test_it_removes_an_attachment_when_editing(sec_a_client, assignment_a):
    photo = SimpleUploadedFile("旧照片.png", PNG, content_type="image/png")
    sec_a_client.post(
        reverse("ledger:record_submit", args=[assignment_a.pk]),
        {"content": "开展主题党日", "done_on": "2020-03-08", "attachments": [photo]},
    )
    record = Record.objects.get(assignment=assignment_a)
    attachment = record.attachments.get()

    sec_a_client.post(
        reverse("ledger:record_edit", args=[record.pk]),
        {"content": "开展主题党日", "done_on": "2020-03-08", "remove_attachments": [attachment.pk]},
    )

    assert not Attachment.objects.filter(pk=attachment.pk).exists()


def test_it_explains_why_a_record_cannot_be_submitted_in_a_closed_quarter(
    sec_a_client, assignment_a, committee_staff
):
    services.period_close(period="2020-Q1", user=committee_staff)

    response = sec_a_client.post(
        reverse("ledger:record_submit", args=[assignment_a.pk]),
        {"content": "开展主题党日", "done_on": "2020-03-08"},
    )

    assert "已关账" in response.content.decode()
    assert not Record.objects.filter(assignment=assignment_a).exists()


def test_it_hides_the_submit_buttons_of_a_closed_quarter_and_says_why(
    sec_a_client, task_monthly, committee_staff
):
    services.period_close(period="2020-Q1", user=committee_staff)

    page = sec_a_client.get(reverse("ledger:my_tasks")).content.decode()

    assert "所属季度已关账" in page
    assert "提交记录" not in page


def test_the_assignment_page_lists_records_with_download_links(sec_a_client, assignment_a):
    photo = SimpleUploadedFile("照片.png", PNG, content_type="image/png")
    sec_a_client.post(
        reverse("ledger:record_submit", args=[assignment_a.pk]),
        {"content": "开展主题党日", "done_on": "2020-03-08", "attachments": [photo]},
    )
    attachment = Attachment.objects.get()

    page = sec_a_client.get(reverse("ledger:assignment_detail", args=[assignment_a.pk])).content.decode()
    download = sec_a_client.get(reverse("ledger:attachment_download", args=[attachment.pk]))

    assert "照片.png" in page
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PNG


@pytest.mark.parametrize("name", ["ledger:assignment_detail", "ledger:record_submit"])
def test_a_secretary_gets_404_for_another_orgs_assignment(sec_b_client, assignment_a, name):
    assert sec_b_client.get(reverse(name, args=[assignment_a.pk])).status_code == 404


def test_a_secretary_cannot_post_a_record_for_another_org(sec_b_client, assignment_a):
    response = sec_b_client.post(
        reverse("ledger:record_submit", args=[assignment_a.pk]),
        {"content": "冒名提交", "done_on": "2020-03-08"},
    )

    assert response.status_code == 404
    assert not Record.objects.filter(assignment=assignment_a).exists()


@pytest.mark.parametrize("name", ["ledger:record_detail", "ledger:record_edit"])
def test_a_secretary_gets_404_for_another_orgs_record(sec_b_client, record_a, name):
    assert sec_b_client.get(reverse(name, args=[record_a.pk])).status_code == 404


def test_a_secretary_gets_404_for_another_orgs_attachment(sec_a_client, sec_b_client, assignment_a):
    photo = SimpleUploadedFile("照片.png", PNG, content_type="image/png")
    sec_a_client.post(
        reverse("ledger:record_submit", args=[assignment_a.pk]),
        {"content": "开展主题党日", "done_on": "2020-03-08", "attachments": [photo]},
    )

    response = sec_b_client.get(reverse("ledger:attachment_download", args=[Attachment.objects.get().pk]))

    assert response.status_code == 404


def test_the_reporting_client_cannot_submit_a_record(reporting_browser, assignment_a):
    response = reporting_browser.post(
        reverse("ledger:record_submit", args=[assignment_a.pk]), {"content": "只读", "done_on": "2020-03-08"}
    )

    assert response.status_code == 403
    assert not Record.objects.filter(assignment=assignment_a).exists()


def test_the_year_list_filters_by_status_and_period(sec_a_client, task_monthly):
    url = reverse("ledger:my_assignments")

    overdue = sec_a_client.get(url, {"year": 2020, "status": "overdue"}).content.decode()
    march = sec_a_client.get(url, {"year": 2020, "period": "2020-M03"}).content.decode()

    def cell(label):
        return f">{label}</td>"

    assert cell("2020年1月") in overdue and cell("2020年2月") in overdue
    assert cell("2020年3月") not in overdue
    assert cell("2020年3月") in march and cell("2020年1月") not in march


def test_the_year_list_paginates(sec_a_client, make_rows, org_a):
    make_rows(25, org_a)

    first = sec_a_client.get(reverse("ledger:my_assignments"), {"year": 2020}).content.decode()
    second = sec_a_client.get(reverse("ledger:my_assignments"), {"year": 2020, "page": 2}).content.decode()

    assert "第 1 / 2 页，共 25 条" in first
    assert "第 2 / 2 页，共 25 条" in second


def test_my_tasks_runs_as_many_queries_for_50_rows_as_for_5(sec_a_client, make_rows, org_a):
    def page():
        return queries_of(lambda: sec_a_client.get(reverse("ledger:my_tasks")))

    make_rows(5, org_a)
    make_rows(1, org_a, due=date(2020, 2, 29), period="2020-M02", state=RecordState.RETURNED)
    small, few = page()
    make_rows(45, org_a, period="2020-M03")
    make_rows(9, org_a, due=date(2020, 2, 29), period="2020-M02", state=RecordState.RETURNED)
    large, many = page()

    assert small.content.decode().count("批量任务") == 6
    assert large.content.decode().count("批量任务") == 30  # a page of cards
    assert many == few


def test_my_tasks_pages_its_cards_and_counts_each_section_in_full(sec_a_client, make_rows, org_a):
    make_rows(25, org_a, due=date(2020, 2, 29), period="2020-M02", state=RecordState.RETURNED)
    make_rows(20, org_a, period="2020-M03")

    first = sec_a_client.get(reverse("ledger:my_tasks")).content.decode()
    second = sec_a_client.get(reverse("ledger:my_tasks"), {"page": 2}).content.decode()

    assert "第 1 / 2 页，共 45 条" in first and "第 2 / 2 页，共 45 条" in second
    assert first.count("批量任务") == 30 and second.count("批量任务") == 15
    # Overdue work (returned and past due) comes first; its header counts all 25 on the first page,
    # the rest of the page and the second one hold this month's 20 under their full count.
    assert first.index('id="section-overdue"') < first.index('id="section-not_started"')
    assert '<span class="badge rounded-pill text-bg-light border">25</span>' in first
    assert 'id="section-overdue"' not in second
    assert '<span class="badge rounded-pill text-bg-light border">20</span>' in second


def test_the_year_list_runs_as_many_queries_for_50_rows_as_for_5(sec_a_client, make_rows, org_a):
    def page():
        return queries_of(lambda: sec_a_client.get(reverse("ledger:my_assignments"), {"year": 2020}))

    make_rows(5, org_a)
    _small, few = page()
    make_rows(45, org_a, period="2020-M03")
    large, many = page()

    assert "共 50 条" in large.content.decode()
    assert many == few


def test_my_tasks_is_a_secretarys_page_and_refused_to_others(staff_client, member):
    # Staff owe no tasks: their menu offers the overdue list instead, never "我的任务".
    assert staff_client.get(reverse("ledger:my_tasks")).status_code == 403
    client = Client()
    client.force_login(member)
    assert client.get(reverse("ledger:my_tasks")).status_code == 403
