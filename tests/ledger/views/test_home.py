"""The ledger's part of each role's home page (ledger:home_cards): the work that role does, first."""

from datetime import date

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from ledger import services
from ledger.models import Assignment

pytestmark = pytest.mark.django_db


def _cards(client) -> str:
    response = client.get(reverse("ledger:home_cards"))
    assert response.status_code == 200
    return response.content.decode()


def _task_rows(page: str) -> list[str]:
    """Each task row of the secretary's list (from one row's start to the next)."""
    return page.split('data-task="')[1:]


def test_the_home_page_loads_the_users_own_part(sec_a_client):
    html = render_to_string("ledger/_home_cards.html")

    assert f'hx-get="{reverse("ledger:home_cards")}"' in html
    assert reverse("ledger:home_cards") in sec_a_client.get(reverse("home")).content.decode()


def test_a_secretary_sees_overdue_then_this_months_tasks_each_with_its_submit_button(
    sec_a_client, task_monthly
):
    page = _cards(sec_a_client)
    rows = _task_rows(page)

    # Org A on 2020-03-10: January and February overdue, March due this month; nothing of org B.
    assert len(rows) == 3
    assert "2020年1月" in rows[0] and "已逾期 39 天" in rows[0]
    assert "2020年2月" in rows[1] and "2020年3月" in rows[2]
    for row, period in zip(rows, ("2020-M01", "2020-M02", "2020-M03"), strict=True):
        assignment = Assignment.objects.get(
            task=task_monthly, period=period, organization__name__contains="税务局"
        )
        assert reverse("ledger:record_submit", args=[assignment.pk]) in row
    assert "已逾期 2 · 被退回 0 · 本月到期 1" in page


def test_a_returned_record_offers_its_correction_after_the_open_tasks(
    sec_a_client, record_a, committee_staff, task_monthly
):
    services.record_review(record=record_a, user=committee_staff, accept=False, comment="请补充签到表")

    rows = _task_rows(_cards(sec_a_client))

    assert "请补充签到表" in rows[-1]
    assert reverse("ledger:record_edit", args=[record_a.pk]) in rows[-1]
    assert "被退回 1" in _cards(sec_a_client)


def test_a_task_of_a_closed_quarter_has_no_submit_button_and_comes_last(
    sec_a_client, committee_staff, make_rows, org_a, task_monthly
):
    (december,) = make_rows(1, org_a, period="2019-M12", due=date(2019, 12, 31))
    services.period_close(period="2019-Q4", user=committee_staff)

    rows = _task_rows(_cards(sec_a_client))

    # Overdue longest, but read-only: after January, February and March, and no button the service refuses.
    assert len(rows) == 4
    assert rows[-1].startswith(f'{december.pk}"') and "已关账" in rows[-1]
    assert "data-submit-task" not in rows[-1]
    assert all("data-submit-task" in row for row in rows[:-1])


def test_the_secretarys_counts_match_the_list_they_open(sec_a_client, make_rows, org_a, task_monthly):
    make_rows(12, org_a)  # twelve more due in March

    page = _cards(sec_a_client)

    assert '<span class="badge rounded-pill text-bg-danger">15</span>' in page
    assert len(_task_rows(page)) == 10
    assert "还有 5 项，查看全部任务" in page


def test_staff_see_the_review_queue_and_overdue_cards(staff_client, task_monthly, record_a):
    page = _cards(staff_client)

    assert 'data-home="review"' in page
    assert "待审核记录" in page and "逾期任务" in page
    assert '<div class="display-6">1</div>' in page
    assert '<div class="display-6">4</div>' in page
    assert "data-submit-task" not in page


def test_the_reporting_client_sees_this_years_summary(reporting_browser, task_monthly):
    page = _cards(reporting_browser)

    assert 'data-home="summary"' in page
    assert "2020年台账完成情况" in page
    assert "基层组织建设" in page and "0/24 · 0.0%" in page
    assert "data-submit-task" not in page and "待审核记录" not in page


def test_a_party_member_gets_no_ledger_part_at_all(client, member, task_monthly):
    client.force_login(member)

    page = _cards(client)

    assert page.strip() == ""
