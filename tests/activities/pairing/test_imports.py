"""The import kinds household, pairing and visit: a good file, a bad file (a Chinese sheet/row/column error,
nothing written) and a second import of the same file that changes nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from activities.imports import get_kind, import_records
from activities.models import Household, Pairing, Visit
from partybuild.legacy_excel import ImportFailed
from tests.activities.imports.conftest import write_workbook
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

HOUSEHOLD_HEADERS = ["户主", "村(社区)", "家庭人口", "致贫原因"]
PAIRING_HEADERS = ["党组织", "党员", "户主", "村(社区)", "结对时间"]
VISIT_HEADERS = ["走访日期", "党员", "户主", "走访内容", "投入资金(元)", "物资折价(元)"]


@pytest.fixture
def workbook(tmp_path):
    counter = iter(range(1000))

    def make(headers, rows, **kwargs):
        return write_workbook(tmp_path / f"file{next(counter)}.xlsx", headers, rows, **kwargs)

    return make


def _import(kind, path, **kwargs):
    return import_records(get_kind(kind), path, **kwargs)


def _problems(kind, path) -> list[str]:
    with pytest.raises(ImportFailed) as failed:
        _import(kind, path)
    return [str(p) for p in failed.value.problems]


@pytest.fixture
def households_file(workbook):
    return workbook(
        HOUSEHOLD_HEADERS,
        [
            ["王大", "红枫村", 4, "因病"],
            ["陈二", "红枫村", "2人", "缺劳力"],
            ["刘三", "站街镇", 3, None],
        ],
        title="2019年建档立卡贫困户名单",
        sheet="贫困户",
    )


@pytest.fixture
def members(org_a, org_b):
    return {
        "李明": MemberFactory(organization=org_a, name="李明"),
        "赵强": MemberFactory(organization=org_a, name="赵强"),
        "孙丽": MemberFactory(organization=org_b, name="孙丽"),
    }


def test_it_imports_households_and_changes_nothing_the_second_time(households_file):
    report = _import("household", households_file)
    assert (report.new, report.updated, report.unchanged) == (3, 0, 0)
    chen = Household.objects.get(head_name="陈二")
    assert (chen.village, chen.people, chen.cause) == ("红枫村", 2, "缺劳力")
    again = _import("household", households_file)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 3)
    assert Household.objects.count() == 3


def test_it_refuses_a_bad_household_file_and_writes_nothing(workbook):
    path = workbook(
        HOUSEHOLD_HEADERS,
        [
            ["王大", "红枫村", 4, "因病"],
            [None, "红枫村", 2, None],
            ["刘三", "站街镇", "三口", None],
            ["周四", "站街镇", 0, None],
            ["王大", "红枫村", 5, None],
        ],
        sheet="贫困户",
    )
    problems = _problems("household", path)
    assert any(p.startswith("工作表“贫困户”第3行第A列(户主)") and "为空" in p for p in problems), problems
    assert any(p.startswith("工作表“贫困户”第4行第C列(家庭人口)") for p in problems), problems
    assert any(p.startswith("工作表“贫困户”第5行第C列(家庭人口)") and "至少" in p for p in problems), problems
    assert any(p.startswith("工作表“贫困户”第6行") and "同一条记录" in p for p in problems), problems
    assert not Household.objects.exists()


def test_it_imports_pairings_to_the_members_org_and_changes_nothing_the_second_time(
    households_file, members, org_a, org_b, workbook
):
    _import("household", households_file)
    path = workbook(
        PAIRING_HEADERS,
        [
            ["市税务局党支部", "李明", "王大", "红枫村", "2019.03.01"],
            ["市税务局", "赵强", "王大", "红枫村", "2020-02-01"],
            ["中共清镇市财政局支部委员会", "孙丽", "刘三", "站街镇", None],
        ],
        sheet="结对",
    )
    report = _import("pairing", path)
    assert (report.new, report.updated, report.unchanged) == (3, 0, 0)
    li = Pairing.objects.get(member=members["李明"])
    assert (li.organization, li.household.head_name, li.started_on) == (org_a, "王大", date(2019, 3, 1))
    assert Pairing.objects.get(member=members["孙丽"]).organization == org_b
    again = _import("pairing", path)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 3)
    assert Pairing.objects.count() == 3


def test_it_refuses_a_pairing_with_an_unknown_member_or_household_and_writes_nothing(
    households_file, members, workbook
):
    _import("household", households_file)
    path = workbook(
        PAIRING_HEADERS,
        [
            ["市税务局党支部", "李明", "王大", "红枫村", "2019-03-01"],
            ["市税务局党支部", "钱七", "王大", "红枫村", "2019-03-01"],
            ["市税务局党支部", "赵强", "王小", "红枫村", "2019-03-01"],
            ["不存在的党支部", "赵强", "王大", "红枫村", "2019-03-01"],
        ],
        sheet="结对",
    )
    problems = _problems("pairing", path)
    assert any(p.startswith("工作表“结对”第3行第B列(党员)") and "钱七" in p for p in problems), problems
    assert any(p.startswith("工作表“结对”第4行第C列(户主)") and "王小" in p for p in problems), problems
    assert any(p.startswith("工作表“结对”第5行第A列(党组织)") for p in problems), problems
    assert not Pairing.objects.exists()


@pytest.fixture
def paired(households_file, members, workbook):
    _import("household", households_file)
    _import(
        "pairing",
        workbook(
            PAIRING_HEADERS,
            [
                ["市税务局党支部", "李明", "王大", "红枫村", "2019-03-01"],
                ["市财政局党支部", "孙丽", "王大", "红枫村", "2019-01-01"],
                ["市财政局党支部", "孙丽", "刘三", "站街镇", "2019-01-01"],
            ],
        ),
    )


def test_it_imports_visits_with_their_money_and_changes_nothing_the_second_time(paired, members, workbook):
    path = workbook(
        VISIT_HEADERS,
        [
            ["2019-04-02", "李明", "王大", "送米面油", "500", "120.5"],
            ["2019/5/1", "孙丽", "王大", "医保政策宣讲", None, "300元"],
            ["2019年6月1日", "孙丽", "刘三", "帮助春耕", "1,000.00", None],
        ],
        title="2019年走访记录",
        sheet="走访",
    )
    report = _import("visit", path)
    assert (report.new, report.updated, report.unchanged) == (3, 0, 0)
    visit = Visit.objects.get(member=members["李明"])
    assert (visit.funds, visit.goods, visit.visited_on) == (
        Decimal("500"),
        Decimal("120.5"),
        date(2019, 4, 2),
    )
    assert visit.pairing.household.head_name == "王大"
    assert Visit.objects.get(household__head_name="刘三").funds == Decimal("1000")
    again = _import("visit", path)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 3)
    assert Visit.objects.count() == 3


def test_a_reimported_visit_with_a_corrected_amount_updates_it(paired, members, workbook):
    _import("visit", workbook(VISIT_HEADERS, [["2019-04-02", "李明", "王大", "送米面油", "500", None]]))
    report = _import(
        "visit", workbook(VISIT_HEADERS, [["2019-04-02", "李明", "王大", "送米面油", "800", None]])
    )
    assert (report.new, report.updated) == (0, 1)
    assert Visit.objects.get().funds == Decimal("800")


def test_it_refuses_a_visit_naming_an_unknown_member_or_household_and_writes_nothing(paired, workbook):
    path = workbook(
        VISIT_HEADERS,
        [
            ["2019-04-02", "李明", "王大", "送米面油", "500", None],
            ["2019-04-03", "钱七", "王大", "送米面油", "500", None],
            ["2019-04-04", "李明", "王小", "送米面油", "500", None],
            ["2019-01-05", "李明", "王大", "结对之前", None, None],
            ["2019-04-06", "李明", "王大", None, "五百", None],
        ],
        sheet="走访",
    )
    problems = _problems("visit", path)
    assert any(p.startswith("工作表“走访”第3行第B列(党员)") and "钱七" in p for p in problems), problems
    assert any(p.startswith("工作表“走访”第4行第C列(户主)") and "王小" in p for p in problems), problems
    assert any(p.startswith("工作表“走访”第5行第A列(走访日期)") and "结对期间" in p for p in problems), (
        problems
    )
    assert any(p.startswith("工作表“走访”第6行第E列(投入资金(元))") for p in problems), problems
    assert not Visit.objects.exists()
