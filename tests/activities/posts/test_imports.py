"""The service_post import kind: a good file, a bad file (sheet/row/column in Chinese, nothing written),
and a second import of the same file that changes nothing."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

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


def test_the_admin_and_the_list_page_offer_the_import_with_its_template(staff_client, post_a):
    template = reverse("activities:import_template", args=["service_post"])
    admin_page = staff_client.get(reverse("admin:activities_servicepost_import"))
    assert admin_page.status_code == 200 and template in admin_page.content.decode()
    assert template in staff_client.get(reverse("posts:post_list")).content.decode()
    download = staff_client.get(template)
    assert download.status_code == 200
    sheet = load_workbook(io.BytesIO(download.content)).worksheets[0]
    headers = [cell.value for row in sheet.iter_rows(max_row=5) for cell in row if cell.value]
    assert {"党组织", "党员", "岗位名称", "服务承诺", "监督电话", "示范岗", "设岗时间"} <= set(headers)
    changelist = staff_client.get(reverse("admin:activities_servicepost_changelist"))
    assert changelist.status_code == 200 and "办税服务窗口" in changelist.content.decode()
    assert staff_client.get(reverse("admin:activities_feedback_changelist")).status_code == 200


def test_a_secretary_imports_their_own_orgs_posts_from_the_portal_and_no_others(
    sec_a_client, secretary_a, roster, workbook
):
    upload = reverse("activities:import_upload", args=["service_post"])
    with workbook(HEADERS, _rows()).open("rb") as handle:
        refused = sec_a_client.post(upload, {"file": handle})
    problems = " ".join(refused.context["problems"])
    assert "第4行" in problems and "只有该党组织的书记或工委干部可以设立服务监督岗" in problems
    with workbook(HEADERS, _rows()[:2]).open("rb") as handle:
        preview = sec_a_client.post(upload, {"file": handle})
    assert preview.context["report"].new == 2 and not ServicePost.objects.exists()
    token = preview.context["token"]
    sec_a_client.post(reverse("activities:import_confirm", args=["service_post"]), {"token": token})
    assert sorted(ServicePost.objects.values_list("created_by__username", flat=True)) == ["sec_a", "sec_a"]
