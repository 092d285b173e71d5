"""The service_post import kind: a good file, a bad file (sheet/row/column in Chinese, nothing written),
and a second import of the same file that changes nothing."""

from __future__ import annotations

from datetime import date

import pytest

from activities.imports import get_kind, import_records
from activities.models import ServicePost
from partybuild.legacy_excel import ImportFailed
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

HEADERS = ["党组织", "党员", "岗位名称", "服务承诺", "监督电话", "示范岗", "设岗时间"]


@pytest.fixture
def roster(org_a, org_b):
    MemberFactory(organization=org_a, name="周敏")
    MemberFactory(organization=org_a, name="李娜")
    MemberFactory(organization=org_b, name="吴刚")


def _import(path):
    return import_records(get_kind("service_post"), path)


def _rows():
    return [
        ["市税务局党支部", "周敏", "办税服务窗口", "首问负责", "0851-82511234", "是", "2019年3月1日"],
        ["市税务局", "李娜", "纳税咨询岗", "", "", "否", ""],
        ["市财政局党支部", "吴刚", "国库支付窗口", "限时办结", "0851-82519999", "2020年", "2019-05-06"],
    ]


def test_a_good_file_sets_up_the_posts_and_a_second_import_changes_nothing(roster, workbook):
    path = workbook(HEADERS, _rows(), title="2019年服务监督岗设岗情况")
    report = _import(path)
    assert (report.new, report.updated, report.unchanged) == (3, 0, 0)
    posts = {p.title: p for p in ServicePost.objects.select_related("member")}
    assert (posts["办税服务窗口"].member.name, posts["办税服务窗口"].model_year) == ("周敏", 2019)
    assert posts["办税服务窗口"].established_on == date(2019, 3, 1)
    assert not posts["纳税咨询岗"].is_model_post and posts["纳税咨询岗"].established_on is None
    assert (posts["国库支付窗口"].is_model_post, posts["国库支付窗口"].model_year) == (True, 2020)

    again = _import(path)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 3)
    assert ServicePost.objects.count() == 3


def test_a_changed_row_updates_its_post(roster, workbook):
    _import(workbook(HEADERS, _rows()))
    rows = _rows()
    rows[1][4] = "0851-1111111"
    report = _import(workbook(HEADERS, rows))
    assert (report.new, report.updated, report.unchanged) == (0, 1, 2)
    assert ServicePost.objects.get(title="纳税咨询岗").phone == "0851-1111111"


def test_a_bad_file_names_sheet_row_and_column_and_writes_nothing(roster, workbook):
    rows = _rows()
    rows[0][1] = "查无此人"
    rows[1][5] = "也许"
    rows[2][5] = "是"
    rows[2][6] = ""
    path = workbook(HEADERS, rows, sheet="设岗")
    with pytest.raises(ImportFailed) as failed:
        _import(path)
    problems = [str(p) for p in failed.value.problems]
    assert any("设岗" in p and "第2行" in p and "党员" in p and "查无此人" in p for p in problems), problems
    assert any("第3行" in p and "示范岗" in p and "“也许”不是可选的值" in p for p in problems), problems
    assert any("第4行" in p and "示范岗请注明命名年度" in p for p in problems), problems
    assert not ServicePost.objects.exists()


def test_a_missing_required_column_is_refused(roster, workbook):
    with pytest.raises(ImportFailed) as failed:
        _import(workbook(["党组织", "党员"], [["市税务局党支部", "周敏"]]))
    assert "岗位名称" in " ".join(str(p) for p in failed.value.problems)
    assert not ServicePost.objects.exists()
