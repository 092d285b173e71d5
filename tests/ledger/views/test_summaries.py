"""季度小结/年度汇总 and the overdue list: tables, chart data, Excel, the bulletin draft, and scoping."""

from datetime import date
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from ledger.models import Assignment, Item, Task
from ledger.services import rollup_rebuild
from tests.ledger.conftest import queries_of

pytestmark = pytest.mark.django_db


def _sheet(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return [list(row) for row in load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True)]


def test_it_summarises_the_year_per_org_for_committee_staff(staff_client, task_monthly, org_a, org_b):
    page = staff_client.get(reverse("ledger:summary"), {"year": 2020, "by": "org"}).content.decode()

    assert "全委汇总" in page
    assert "中共清镇市税务局支部委员会" in page and "中共清镇市财政局支部委员会" in page
    assert "完成率" in page


def test_a_secretary_sees_only_their_own_subtree(sec_a_client, task_monthly):
    page = sec_a_client.get(reverse("ledger:summary"), {"year": 2020, "by": "org"}).content.decode()

    assert "本组织及下级组织" in page
    assert "中共清镇市税务局支部委员会" in page
    assert "中共清镇市财政局支部委员会" not in page


def test_it_summarises_one_quarter_by_period(staff_client, task_monthly):
    page = staff_client.get(reverse("ledger:summary"), {"year": 2020, "period": "2020-Q1", "by": "period"})
    text = page.content.decode()

    assert "2020年第1季度" in text
    assert ">2020年3月</td>" in text and ">2020年4月</td>" not in text


def test_it_feeds_the_bar_chart_from_local_echarts(staff_client, task_monthly):
    page = staff_client.get(reverse("ledger:summary"), {"year": 2020}).content.decode()

    assert 'id="summary-chart-data"' in page
    assert "/static/vendor/echarts/6.1.0/echarts.min.js" in page
    assert "http://" not in page and "https://" not in page


def test_it_shows_an_empty_state_for_a_year_without_tasks(staff_client):
    assert (
        "所选期间没有任务数据" in staff_client.get(reverse("ledger:summary"), {"year": 2019}).content.decode()
    )


def test_it_exports_the_summary_to_excel(staff_client, task_monthly, task_quarterly):
    response = staff_client.get(reverse("ledger:summary"), {"year": 2020, "by": "item", "export": "xlsx"})

    rows = _sheet(response)
    assert rows[0][:3] == ["名称", "应完成", "已通过"]
    assert rows[1][:2] == ["基层组织建设", 24]
    assert rows[2][:2] == ["党员教育管理", 8]


def test_the_excel_export_neutralises_formulas(staff_client, ledger_plan, org_a):
    item = Item.objects.create(plan=ledger_plan, title='=HYPERLINK("http://evil")', seq=9)
    task = Task.objects.create(item=item, title="任务")
    Assignment.objects.create(
        task=task, organization=org_a, period="2020-Y", period_start="2020-01-01", due_date="2020-12-31"
    )
    rollup_rebuild()  # written around the services: the summary table is rebuilt, as after a restore

    rows = _sheet(staff_client.get(reverse("ledger:summary"), {"year": 2020, "export": "xlsx"}))

    assert rows[1][0] == '\'=HYPERLINK("http://evil")'


def test_the_summary_runs_as_many_queries_for_50_tasks_as_for_5(staff_client, make_rows, org_a):
    def page():
        return queries_of(lambda: staff_client.get(reverse("ledger:summary"), {"year": 2020, "by": "period"}))

    make_rows(5, org_a)
    small, few = page()
    make_rows(45, org_a, period="2020-M03")
    large, many = page()

    assert 'data-label="应完成">5</td>' in small.content.decode()
    assert 'data-label="应完成">50</td>' in large.content.decode()
    assert many == few


def test_only_staff_open_the_overdue_list(sec_a_client):
    assert sec_a_client.get(reverse("ledger:overdue_list")).status_code == 403


def test_the_overdue_list_groups_tasks_by_org_with_days_overdue(staff_client, task_monthly, record_a):
    page = staff_client.get(reverse("ledger:overdue_list")).content.decode()

    assert "中共清镇市税务局支部委员会" in page and "中共清镇市财政局支部委员会" in page
    # January (due 01-31) is 39 days late on 2020-03-10, February (due 02-29) 10 days.
    assert ">39</td>" in page and ">10</td>" in page
    assert '<span class="badge text-bg-danger" data-overdue-total>4</span>' in page


def test_it_drafts_a_numbered_bulletin_naming_orgs_and_tasks(staff_client, task_monthly):
    page = staff_client.get(reverse("ledger:overdue_list"), {"draft": 1}).content.decode()

    assert "<textarea" in page
    assert "共有2个党组织的4项台账任务逾期未完成" in page
    assert "一、中共清镇市税务局支部委员会（2项）" in page
    assert "二、中共清镇市财政局支部委员会（2项）" in page
    assert "1. 开展主题党日活动（2020年1月，截止2020-01-31，已逾期39天，未提交）" in page


def test_the_overdue_list_has_an_empty_state(staff_client):
    assert "目前没有逾期任务" in staff_client.get(reverse("ledger:overdue_list")).content.decode()


def test_it_exports_the_overdue_list_to_excel(staff_client, task_monthly):
    rows = _sheet(staff_client.get(reverse("ledger:overdue_list"), {"export": "xlsx"}))

    assert rows[0] == ["党组织", "工作项目", "具体任务", "期间", "截止日期", "逾期天数", "状态"]
    assert len(rows) == 5
    assert rows[1][0] == "中共清镇市税务局支部委员会" and rows[1][5] == 39


def _overdue_page(client, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("ledger:overdue_list"), params)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_overdue_list_runs_the_same_queries_for_ten_times_the_rows(staff_client, make_rows, org_a, org_b):
    make_rows(3, org_a, period="2020-M02", due=date(2020, 2, 29))
    make_rows(3, org_b, period="2020-M02", due=date(2020, 2, 29))
    few, page = _overdue_page(staff_client, draft=1)
    assert page.count("批量任务") == 2 * 6  # each row in the list and in the draft

    make_rows(27, org_a, period="2020-M01", due=date(2020, 1, 31))
    make_rows(27, org_b, period="2020-M01", due=date(2020, 1, 31))
    many, page = _overdue_page(staff_client, draft=1)

    assert many == few
    assert "data-overdue-total>60</span>" in page


def test_the_overdue_list_is_paginated_and_keeps_its_filters(staff_client, make_rows, org_a, org_b):
    make_rows(60, org_a, period="2020-M02", due=date(2020, 2, 29))
    make_rows(5, org_b, period="2020-M02", due=date(2020, 2, 29))

    first = staff_client.get(reverse("ledger:overdue_list"), {"org": "税务局"}).content.decode()
    second = staff_client.get(reverse("ledger:overdue_list"), {"org": "税务局", "page": 2}).content.decode()

    assert first.count("批量任务") == 50 and second.count("批量任务") == 10
    assert "第 1 / 2 页，共 60 条" in first
    assert "?org=%E7%A8%8E%E5%8A%A1%E5%B1%80&amp;page=2" in first
    assert "中共清镇市财政局支部委员会" not in first + second


def test_the_overdue_list_filters_by_year_org_and_item(
    staff_client, task_monthly, task_quarterly, ledger_item_2
):
    by_item = staff_client.get(reverse("ledger:overdue_list"), {"item": ledger_item_2.pk}).content.decode()
    by_org = staff_client.get(reverse("ledger:overdue_list"), {"org": "财政局党支部"}).content.decode()
    other_year = staff_client.get(reverse("ledger:overdue_list"), {"year": 2020}).content.decode()

    # On 2020-03-10 the quarterly task (item 2) is not yet overdue; the monthly one is, for both orgs.
    assert "没有符合筛选条件的逾期任务" in by_item
    assert "data-overdue-total>2</span>" in by_org and "中共清镇市税务局支部委员会" not in by_org
    assert "data-overdue-total>4</span>" in other_year


def test_the_bulletin_draft_is_made_from_the_filtered_rows(staff_client, task_monthly):
    page = staff_client.get(reverse("ledger:overdue_list"), {"org": "财政局", "draft": 1}).content.decode()

    assert "共有1个党组织的2项台账任务逾期未完成" in page
    assert "一、中共清镇市财政局支部委员会（2项）" in page
    assert "税务局" not in page.split('id="bulletin-draft"')[1].split("</textarea>")[0]
    # The draft link and the Excel link carry the filter.
    assert "?org=%E8%B4%A2%E6%94%BF%E5%B1%80&amp;draft=1#draft" in page
    assert "?org=%E8%B4%A2%E6%94%BF%E5%B1%80&amp;export=xlsx" in page


def test_the_summary_export_ends_with_the_pages_total_row(staff_client, task_monthly, task_quarterly):
    rows = _sheet(staff_client.get(reverse("ledger:summary"), {"year": 2020, "by": "item", "export": "xlsx"}))
    page = staff_client.get(reverse("ledger:summary"), {"year": 2020, "by": "item"}).content.decode()

    assert rows[-1][:3] == ["合计", 32, 0]
    assert (
        '<td class="pb-stack-title">合计</td><td class="text-end pb-half" data-label="应完成">32</td>' in page
    )
