"""Staff plan pages: plans, items and tasks with progress; forms that call the ledger services."""

from datetime import date

import pytest
from django.urls import reverse

from accounts.models import OrgGroupRule
from ledger import services
from ledger.models import Assignment, Item, Plan, Task
from tests.ledger.conftest import queries_of

pytestmark = pytest.mark.django_db


def test_secretaries_cannot_open_the_plan_pages(sec_a_client, ledger_plan):
    assert sec_a_client.get(reverse("ledger:plan_list")).status_code == 403
    assert sec_a_client.get(reverse("ledger:plan_detail", args=[ledger_plan.pk])).status_code == 403


def test_the_reporting_client_reads_plans_but_cannot_create_one(reporting_browser, ledger_plan):
    assert "2020年机关党建工作台账" in reporting_browser.get(reverse("ledger:plan_list")).content.decode()
    assert reporting_browser.get(reverse("ledger:plan_create")).status_code == 403


def test_it_shows_an_empty_state_without_plans(staff_client):
    assert "还没有年度台账" in staff_client.get(reverse("ledger:plan_list")).content.decode()


def test_it_creates_a_plan(staff_client):
    response = staff_client.post(reverse("ledger:plan_create"), {"year": 2021, "title": "2021年台账"})

    plan = Plan.objects.get(year=2021)
    assert response.url == reverse("ledger:plan_detail", args=[plan.pk])


def test_it_refuses_a_second_plan_for_the_same_year_in_chinese(staff_client, ledger_plan):
    response = staff_client.post(reverse("ledger:plan_create"), {"year": 2020, "title": "重复"})

    assert "2020年度台账已存在" in response.content.decode()
    assert Plan.objects.count() == 1


def test_the_plan_page_shows_tasks_with_progress(
    staff_client, ledger_plan, task_monthly, record_a, committee_staff
):
    services.record_review(record=record_a, user=committee_staff, accept=True)

    page = staff_client.get(reverse("ledger:plan_detail", args=[ledger_plan.pk])).content.decode()

    assert "基层组织建设" in page and "开展主题党日活动" in page
    assert "每月" in page
    assert "市税务局党支部" in page and "市财政局党支部" in page
    # Progress per item, read from the summary tables: 1 of the 24 monthly assignments accepted.
    assert "已通过 1 / 应完成 24（4.2%）" in page


def test_a_task_naming_many_orgs_shows_how_many_not_every_name(
    staff_client, ledger_plan, ledger_item, committee_staff, root_org
):
    from ledger.views.plans import LISTED_ORG_NAMES
    from tests.factories import make_org

    orgs = [make_org(root_org, f"第{i}党支部") for i in range(LISTED_ORG_NAMES + 1)]
    services.task_create(item=ledger_item, title="全市性任务", by=committee_staff, responsible_orgs=orgs)
    services.task_create(
        item=ledger_item, title="两个支部的任务", by=committee_staff, responsible_orgs=orgs[:2]
    )

    page = staff_client.get(reverse("ledger:plan_detail", args=[ledger_plan.pk])).content.decode()

    assert f"逐一指定 {LISTED_ORG_NAMES + 1} 个党组织" in page
    assert "第0党支部、第1党支部" in page and "第10党支部" not in page


def test_it_adds_and_renames_an_item(staff_client, ledger_plan):
    staff_client.post(reverse("ledger:item_create", args=[ledger_plan.pk]), {"title": "党风廉政建设"})
    item = Item.objects.get(title="党风廉政建设")

    staff_client.post(reverse("ledger:item_edit", args=[item.pk]), {"title": "党风廉政建设和反腐败"})

    item.refresh_from_db()
    assert item.title == "党风廉政建设和反腐败"


def test_it_creates_a_task_and_splits_it_per_org(staff_client, ledger_item, org_a, org_b):
    response = staff_client.post(
        reverse("ledger:task_create", args=[ledger_item.pk]),
        {
            "title": "讲授专题党课",
            "recurrence": "quarterly",
            "weight": "2",
            "responsible_orgs": [org_a.pk, org_b.pk],
        },
    )

    task = Task.objects.get(title="讲授专题党课")
    assert response.status_code == 302
    assert Assignment.objects.filter(task=task).count() == 8
    assert "已分解为 8 项组织任务" in staff_client.get(response.url).content.decode()


def test_a_task_accepts_a_group_phrase_instead_of_orgs(staff_client, ledger_item, org_a, org_b):
    rule = OrgGroupRule.objects.get_or_create(phrase="各基层党支部", defaults={"kinds": ["branch"]})[0]

    staff_client.post(
        reverse("ledger:task_create", args=[ledger_item.pk]),
        {"title": "述职", "recurrence": "yearly", "weight": "1", "responsible_groups": [rule.pk]},
    )

    task = Task.objects.get(title="述职")
    assert set(task.assignments.values_list("organization", flat=True)) >= {org_a.pk, org_b.pk}


def test_a_task_without_responsible_orgs_is_refused_in_chinese(staff_client, ledger_item):
    response = staff_client.post(
        reverse("ledger:task_create", args=[ledger_item.pk]),
        {"title": "无人负责", "recurrence": "none", "weight": "1"},
    )

    assert "请至少选择一个责任组织或责任组织称谓" in response.content.decode()
    assert not Task.objects.filter(title="无人负责").exists()


def test_the_task_form_searches_orgs_instead_of_listing_them(staff_client, ledger_item, task_once, org_a):
    page = staff_client.get(reverse("ledger:task_create", args=[ledger_item.pk])).content.decode()

    # A city has 20,000 orgs: the new task's picker lists none of them, it asks the lookup as one types.
    assert 'data-org-search="/organizations/lookup/?active=1"' in page
    assert "中共清镇市税务局支部委员会" not in page
    # Editing shows the orgs already chosen, so they are saved again.
    page = staff_client.get(reverse("ledger:task_edit", args=[task_once.pk])).content.decode()
    assert (
        f'<option value="{org_a.pk}" selected>中共清镇市税务局支部委员会（市税务局党支部）</option>' in page
    )


def test_editing_a_task_regenerates_its_assignments(staff_client, task_once, org_a):
    response = staff_client.post(
        reverse("ledger:task_edit", args=[task_once.pk]),
        {
            "title": "完成支部换届选举",
            "recurrence": "none",
            "deadline": "2020-09-30",
            "weight": "1",
            "responsible_orgs": [org_a.pk],
        },
    )

    assert response.status_code == 302
    assignments = Assignment.objects.filter(task=task_once)
    assert [(a.organization_id, a.due_date) for a in assignments] == [(org_a.pk, date(2020, 9, 30))]


def test_the_task_edit_form_asks_for_confirmation(staff_client, task_once):
    page = staff_client.get(reverse("ledger:task_edit", args=[task_once.pk])).content.decode()

    assert "data-confirm=" in page


def test_the_plan_list_runs_as_many_queries_for_50_plans_as_for_5(staff_client):
    def page():
        return queries_of(lambda: staff_client.get(reverse("ledger:plan_list")))

    Plan.objects.bulk_create(Plan(year=1990 + i, title=f"{1990 + i}年台账") for i in range(5))
    small, few = page()
    Plan.objects.bulk_create(Plan(year=1995 + i, title=f"{1995 + i}年台账") for i in range(45))
    large, many = page()

    assert small.content.decode().count("年台账</a>") == 5
    assert large.content.decode().count("年台账</a>") == 20
    assert many == few


def test_the_plan_page_runs_as_many_queries_for_50_tasks_as_for_5(
    staff_client, ledger_plan, make_rows, org_a
):
    def page():
        return queries_of(lambda: staff_client.get(reverse("ledger:plan_detail", args=[ledger_plan.pk])))

    make_rows(5, org_a)
    small, few = page()
    make_rows(45, org_a, period="2020-M03")
    large, many = page()

    assert small.content.decode().count("批量任务") == 5
    assert large.content.decode().count("批量任务") == 50
    assert many == few


def test_the_staff_forms_render(staff_client, ledger_plan, ledger_item, task_once):
    pages = [
        reverse("ledger:plan_create"),
        reverse("ledger:item_create", args=[ledger_plan.pk]),
        reverse("ledger:item_edit", args=[ledger_item.pk]),
        reverse("ledger:task_create", args=[ledger_item.pk]),
        reverse("ledger:task_edit", args=[task_once.pk]),
    ]

    for url in pages:
        response = staff_client.get(url)
        assert response.status_code == 200, url
        assert "保存" in response.content.decode()


def test_the_task_edit_form_is_filled_with_the_task(staff_client, task_once):
    page = staff_client.get(reverse("ledger:task_edit", args=[task_once.pk])).content.decode()

    assert "完成支部换届选举" in page
    assert 'value="2020-06-30"' in page


def test_the_task_form_keeps_a_long_org_list_it_does_not_show(
    staff_client, ledger_plan, ledger_item, committee_staff, root_org, monkeypatch
):
    from ledger.forms import TaskForm
    from tests.factories import make_org

    monkeypatch.setattr(TaskForm, "LISTED_ORGS_LIMIT", 3)
    orgs = [make_org(root_org, f"第{i}党支部") for i in range(4)]
    task = services.task_create(
        item=ledger_item, title="全市性任务", by=committee_staff, responsible_orgs=orgs
    )
    url = reverse("ledger:task_edit", args=[task.pk])

    form = staff_client.get(url).content.decode()
    saved = staff_client.post(url, {"title": "全市性任务（修订）", "recurrence": "none", "weight": "1"})

    assert "逐一指定了 4 个责任组织" in form and "第3党支部" not in form
    assert saved.status_code == 302
    task.refresh_from_db()
    assert task.title == "全市性任务（修订）" and task.responsible_orgs.count() == 4
