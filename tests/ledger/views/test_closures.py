"""Quarter closing (staff) and the home page's stat cards."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from ledger import services
from ledger.models import PeriodClosure

pytestmark = pytest.mark.django_db


def test_only_staff_open_the_closing_page(sec_a_client):
    assert sec_a_client.get(reverse("ledger:period_list")).status_code == 403
    assert sec_a_client.post(reverse("ledger:period_close", args=["2020-Q1"])).status_code == 403
    assert not PeriodClosure.objects.exists()


def test_it_lists_the_four_quarters_as_open(staff_client):
    page = staff_client.get(reverse("ledger:period_list"), {"year": 2020}).content.decode()

    for index in range(1, 5):
        assert f"2020年第{index}季度" in page
    assert page.count("开放中") == 4
    assert "本年度还没有关账记录" in page


def test_closing_a_quarter_asks_for_confirmation(staff_client):
    page = staff_client.get(reverse("ledger:period_list"), {"year": 2020}).content.decode()

    assert 'data-confirm="确定关闭2020年第1季度吗？' in page


def test_it_closes_a_quarter(staff_client):
    response = staff_client.post(reverse("ledger:period_close", args=["2020-Q1"]), follow=True)

    page = response.content.decode()
    assert PeriodClosure.objects.get(period="2020-Q1").is_closed
    assert "2020年第1季度已关闭" in page
    assert page.count("开放中") == 3


def test_reopening_needs_a_reason(staff_client, committee_staff):
    services.period_close(period="2020-Q1", user=committee_staff)

    response = staff_client.post(reverse("ledger:period_reopen", args=["2020-Q1"]), {"reason": ""})

    assert response.status_code == 400
    assert "重新打开已关闭的季度必须填写原因" in response.content.decode()
    assert PeriodClosure.objects.get(period="2020-Q1").is_closed


def test_it_reopens_a_quarter_and_keeps_the_history(staff_client, committee_staff):
    services.period_close(period="2020-Q1", user=committee_staff)

    response = staff_client.post(
        reverse("ledger:period_reopen", args=["2020-Q1"]), {"reason": "补录3月主题党日记录"}, follow=True
    )

    page = response.content.decode()
    assert not PeriodClosure.objects.get(period="2020-Q1").is_closed
    assert "补录3月主题党日记录" in page
    assert "<td>关闭</td>" in page and "<td>重新打开</td>" in page


def test_closing_the_same_quarter_twice_says_so(staff_client, committee_staff):
    services.period_close(period="2020-Q1", user=committee_staff)

    response = staff_client.post(reverse("ledger:period_close", args=["2020-Q1"]), follow=True)

    assert "2020年第1季度已经关账" in response.content.decode()


def test_only_quarters_can_be_closed(staff_client):
    assert staff_client.post(reverse("ledger:period_close", args=["2020-M03"])).status_code == 404


def test_the_home_include_loads_the_cards_for_the_user():
    html = render_to_string("ledger/_home_cards.html")

    assert f'hx-get="{reverse("ledger:home_cards")}"' in html


def test_staff_cards_show_the_review_queue_and_overdue_counts(staff_client, task_monthly, record_a):
    page = staff_client.get(reverse("ledger:home_cards")).content.decode()

    assert "待审核记录" in page and "逾期任务" in page
    assert '<div class="display-6">1</div>' in page
    assert '<div class="display-6">4</div>' in page


def test_secretary_cards_show_their_own_due_and_overdue_counts(sec_a_client, task_monthly):
    response = sec_a_client.get(reverse("ledger:home_cards"))

    assert response.status_code == 200
    cards = {str(card["label"]): card["value"] for card in response.context["cards"]}
    # Org A only, on 2020-03-10: March is due this month; January and February are overdue.
    assert cards == {"本月待办": 1, "已逾期": 2, "被退回待修改": 0}
    page = response.content.decode()
    assert "本月待办" in page and '<div class="display-6">1</div>' in page
    assert '<div class="display-6">2</div>' in page
