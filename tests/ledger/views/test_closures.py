"""Quarter closing (staff) and the home page's stat cards."""

import pytest
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
    assert ">关闭</td>" in page and ">重新打开</td>" in page
    # The history names the quarter as people read it, never by its code.
    assert page.count("data-closure-period>2020年第1季度</td>") == 2
    assert "data-closure-period>2020-Q1" not in page


def test_closing_the_same_quarter_twice_says_so(staff_client, committee_staff):
    services.period_close(period="2020-Q1", user=committee_staff)

    response = staff_client.post(reverse("ledger:period_close", args=["2020-Q1"]), follow=True)

    assert "2020年第1季度已经关账" in response.content.decode()


def test_only_quarters_can_be_closed(staff_client):
    assert staff_client.post(reverse("ledger:period_close", args=["2020-M03"])).status_code == 404
