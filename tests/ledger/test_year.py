"""A new year from last year's plan (ledger.services.plan_copy), its page and its API action."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.audit.models import AuditEvent
from accounts.models import OrgGroupRule
from accounts.services import organization_update, organizations_merge
from ledger import services
from ledger.models import Assignment, Plan, Recurrence, Task, TaskLevel
from ledger.services.year import shift_date, shift_years_in_text
from partybuild.exceptions import DomainError, PermissionDeniedError
from tests.conftest import api_as, browser_as

THIS_YEAR = timezone.localdate().year
# A leap year ahead of today, so its plan may still be copied forward (no past years).
LEAP = next(y for y in range(THIS_YEAR, THIS_YEAR + 8) if y % 4 == 0 and (y % 100 or y % 400 == 0))


@pytest.fixture
def leap_plan(committee_staff, org_a, org_b):
    """A plan for a leap year: one task due on 29 February, one monthly owed by a group phrase."""
    plan = services.plan_create(
        year=LEAP, title=f"{LEAP}年机关党建工作台账", description="", by=committee_staff
    )
    item = services.item_create(plan=plan, title=f"{LEAP}年组织建设", seq=3, by=committee_staff)
    services.task_create(
        item=item,
        title="报送年度党建工作计划",
        by=committee_staff,
        standard=f"{LEAP}年2月底前报送，{LEAP + 1}年1月复盘",
        deadline=date(LEAP, 2, 29),
        deadline_text=f"{LEAP}年2月底前",
        recurrence=Recurrence.NONE,
        weight=Decimal("2.50"),
        evidence_expected="年度工作计划",
        level=TaskLevel.ORGAN_COMMITTEE,
        responsible_text="市税务局、市财政局",
        responsible_orgs=[org_a, org_b],
        notes="重点任务",
        seq=7,
    )
    services.task_create(
        item=item,
        title="三会一课",
        by=committee_staff,
        recurrence=Recurrence.MONTHLY,
        responsible_groups=["各基层党支部"],
    )
    return plan


def test_it_moves_29_february_to_the_28th_and_other_days_by_a_year():
    assert shift_date(date(2028, 2, 29), 1) == date(2029, 2, 28)
    assert shift_date(date(2027, 3, 31), 1) == date(2028, 3, 31)
    assert shift_date(None, 1) is None


def test_it_moves_the_plans_year_and_the_next_in_texts_but_no_other_number():
    text = "2026年3月底前，2027年1月复盘；参照2019年文件，编号20261"
    assert shift_years_in_text(text, 2026, 1) == "2027年3月底前，2028年1月复盘；参照2019年文件，编号20261"


def test_it_copies_items_and_tasks_with_every_field_and_moves_the_deadline(
    leap_plan, committee_staff, org_a, org_b
):
    copy = services.plan_copy(actor=committee_staff, source_plan=leap_plan, year=LEAP + 1)

    plan = Plan.objects.get(year=LEAP + 1)
    assert copy.plan == plan
    assert plan.title == f"{LEAP + 1}年机关党建工作台账"
    item = plan.items.get()
    assert (item.title, item.seq) == (f"{LEAP + 1}年组织建设", 3)
    task = item.tasks.get(title="报送年度党建工作计划")
    assert task.deadline == date(LEAP + 1, 2, 28)
    assert task.deadline_text == f"{LEAP + 1}年2月底前"
    assert task.standard == f"{LEAP + 1}年2月底前报送，{LEAP + 2}年1月复盘"
    assert (task.recurrence, task.weight, task.level, task.seq) == (
        Recurrence.NONE,
        Decimal("2.50"),
        TaskLevel.ORGAN_COMMITTEE,
        7,
    )
    assert (task.evidence_expected, task.responsible_text, task.notes) == (
        "年度工作计划",
        "市税务局、市财政局",
        "重点任务",
    )
    assert set(task.responsible_orgs.all()) == {org_a, org_b}
    monthly = item.tasks.get(title="三会一课")
    assert list(monthly.responsible_groups.values_list("phrase", flat=True)) == ["各基层党支部"]
    # The source plan is untouched.
    assert leap_plan.items.get().tasks.get(title="报送年度党建工作计划").deadline == date(LEAP, 2, 29)


def test_the_copy_gets_its_assignments_from_the_assignment_service(leap_plan, committee_staff, org_a, org_b):
    copy = services.plan_copy(actor=committee_staff, source_plan=leap_plan, year=LEAP + 1)

    once = Assignment.objects.filter(task__item__plan=copy.plan, task__title="报送年度党建工作计划")
    assert set(once.values_list("organization", "period", "due_date")) == {
        (org_a.pk, f"{LEAP + 1}-Y", date(LEAP + 1, 2, 28)),
        (org_b.pk, f"{LEAP + 1}-Y", date(LEAP + 1, 2, 28)),
    }
    monthly = Assignment.objects.filter(task__item__plan=copy.plan, task__title="三会一课")
    # Both test orgs are branches: 12 months each, all in the new year.
    assert monthly.count() == 24
    assert set(monthly.values_list("period_start__year", flat=True)) == {LEAP + 1}
    assert copy.assignments == once.count() + monthly.count() == 26
    assert (copy.items, copy.tasks) == (1, 2)


def test_it_refuses_a_year_that_already_has_a_plan_and_writes_nothing(leap_plan, committee_staff):
    services.plan_create(year=LEAP + 1, title="已有", description="", by=committee_staff)

    with pytest.raises(DomainError, match="已存在"):
        services.plan_copy(actor=committee_staff, source_plan=leap_plan, year=LEAP + 1)

    assert Plan.objects.get(year=LEAP + 1).items.count() == 0


def test_it_refuses_a_past_year(leap_plan, committee_staff):
    with pytest.raises(DomainError, match="只能为今年或以后的年度"):
        services.plan_copy(actor=committee_staff, source_plan=leap_plan, year=THIS_YEAR - 1)
    assert not Plan.objects.filter(year=THIS_YEAR - 1).exists()


def test_a_failure_half_way_leaves_no_plan_item_task_or_assignment(leap_plan, committee_staff, monkeypatch):
    from ledger.services import year

    calls = []
    original = year.task_create

    def fail_on_second(**kwargs):
        calls.append(kwargs["title"])
        if len(calls) == 2:
            raise DomainError("模拟中途失败")
        return original(**kwargs)

    monkeypatch.setattr(year, "task_create", fail_on_second)

    with pytest.raises(DomainError, match="模拟中途失败"):
        services.plan_copy(actor=committee_staff, source_plan=leap_plan, year=LEAP + 1)

    assert calls == ["报送年度党建工作计划", "三会一课"]
    assert not Plan.objects.filter(year=LEAP + 1).exists()
    assert not Task.objects.filter(item__plan__year=LEAP + 1).exists()
    assert not Assignment.objects.filter(period__startswith=str(LEAP + 1)).exists()


def test_only_committee_staff_copy_a_plan(leap_plan, secretary_a):
    with pytest.raises(PermissionDeniedError):
        services.plan_copy(actor=secretary_a, source_plan=leap_plan, year=LEAP + 1)
    assert not Plan.objects.filter(year=LEAP + 1).exists()


def test_a_merged_org_is_replaced_by_its_successor_and_a_closed_one_left_out(
    leap_plan, committee_staff, org_a, org_b, root_org
):
    from tests.factories import make_org

    org_c = make_org(root_org, "中共清镇市审计局支部委员会", short_name="市审计局党支部")
    task = Task.objects.get(item__plan=leap_plan, title="报送年度党建工作计划")
    task.responsible_orgs.add(org_c)
    # B's part of the source plan is closed history (due 29 Feb, Q1 closed): the task keeps naming B.
    services.period_close(period=f"{LEAP}-Q1", user=committee_staff)
    organizations_merge(actor=committee_staff, source=org_b, target=org_a, on_date=timezone.localdate())
    organization_update(actor=committee_staff, organization=org_c, is_active=False)

    preview = services.plan_copy_preview(leap_plan)
    copy = services.plan_copy(actor=committee_staff, source_plan=leap_plan, year=LEAP + 1)

    for result in (preview, copy):
        assert result.replaced == {org_b.name: org_a.name}
        assert result.dropped == [org_c.name]
    copied = Task.objects.get(item__plan=copy.plan, title="报送年度党建工作计划")
    assert list(copied.responsible_orgs.all()) == [org_a]
    assert set(Assignment.objects.filter(task=copied).values_list("organization", flat=True)) == {org_a.pk}


def test_the_copy_is_on_record_in_history_and_the_audit_trail(
    leap_plan, committee_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        copy = services.plan_copy(actor=committee_staff, source_plan=leap_plan, year=LEAP + 1)

    assert copy.plan.history.get().history_type == "+"
    assert all(
        task.history.filter(history_type="+").exists() for task in Task.objects.filter(item__plan=copy.plan)
    )
    event = AuditEvent.objects.get(action="plan.copy")
    assert event.detail["source_year"] == LEAP
    assert event.detail["tasks"] == 2


def test_the_plan_page_offers_the_copy_button_to_staff_only(leap_plan, staff_client, reporting_browser):
    url = f"/ledger/plans/{leap_plan.pk}/"
    assert "以此为模板新建下一年度" in staff_client.get(url).content.decode()
    assert "以此为模板新建下一年度" not in reporting_browser.get(url).content.decode()
    assert reporting_browser.get(f"/ledger/plans/{leap_plan.pk}/copy/").status_code == 403


def test_staff_copy_a_plan_from_its_page(leap_plan, staff_client):
    page = staff_client.get(f"/ledger/plans/{leap_plan.pk}/copy/")
    assert page.status_code == 200
    assert page.context["form"].initial["year"] == LEAP + 1

    response = staff_client.post(f"/ledger/plans/{leap_plan.pk}/copy/", {"year": LEAP + 1, "title": ""})

    plan = Plan.objects.get(year=LEAP + 1)
    assert response.status_code == 302 and response["Location"] == f"/ledger/plans/{plan.pk}/"
    followed = staff_client.get(response["Location"]).content.decode()
    assert "具体任务 2 项、任务分解 26 条" in followed


def test_the_page_says_why_a_year_is_refused(leap_plan, staff_client):
    response = staff_client.post(f"/ledger/plans/{leap_plan.pk}/copy/", {"year": LEAP, "title": ""})

    assert response.status_code == 200
    assert "已存在" in response.content.decode()
    assert Plan.objects.count() == 1


def test_the_api_copies_a_plan(leap_plan, staff_api):
    response = staff_api.post(f"/api/v1/ledger/plans/{leap_plan.pk}/copy/", {"year": LEAP + 1}, format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["plan"]["year"] == LEAP + 1
    assert (body["items"], body["tasks"], body["assignments"]) == (1, 2, 26)
    assert Plan.objects.filter(year=LEAP + 1).exists()


def test_the_api_refuses_a_bad_year_and_secretaries(leap_plan, staff_api, secretary_a):
    bad = staff_api.post(f"/api/v1/ledger/plans/{leap_plan.pk}/copy/", {"year": 1900}, format="json")
    assert bad.status_code == 400 and "year" in bad.json()
    refused = api_as(secretary_a).post(
        f"/api/v1/ledger/plans/{leap_plan.pk}/copy/", {"year": LEAP + 1}, format="json"
    )
    assert refused.status_code == 403
    assert Plan.objects.count() == 1


def test_group_rules_are_shared_not_copied(leap_plan, committee_staff):
    before = OrgGroupRule.objects.count()
    services.plan_copy(actor=committee_staff, source_plan=leap_plan, year=LEAP + 1)
    assert OrgGroupRule.objects.count() == before


def test_a_secretary_cannot_open_the_copy_page(leap_plan, secretary_a):
    assert browser_as(secretary_a).get(f"/ledger/plans/{leap_plan.pk}/copy/").status_code == 403
