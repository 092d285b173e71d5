"""实绩档案 pages: the staff list and its Excel, one archive (print, Excel), the secretary's own only."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Role
from accounts.services.people import secretary_term_create
from activities import services
from tests.activities.test_archive import _closed_debrief, _reminder, _talk
from tests.conftest import browser_as
from tests.factories import UserFactory, make_org

pytestmark = pytest.mark.django_db

LIST = reverse("archives:archive_list")


def _vetting(staff, term):
    vetting = services.vetting_create(
        actor=staff,
        organization=term.organization,
        candidate=term.member,
        team_members="王五、赵六",
        visited_on=date(2020, 1, 2),
        finding_integrity="廉洁自律，未发现问题",
    )
    from activities.models import Vetting

    Vetting.objects.filter(pk=vetting.pk).update(
        term=term, conclusion="approved", approval_document="清机党〔2020〕3号", approved_on=date(2020, 1, 8)
    )
    return vetting


def test_the_staff_list_shows_the_years_archives_with_their_flags(staff_client, committee_staff, term, org_b):
    secretary_term_create(
        actor=committee_staff, organization=org_b, person_name="钱七", started_on=date(2020, 1, 1)
    )
    _talk(committee_staff, term)
    page = staff_client.get(LIST, {"year": 2020})
    assert page.status_code == 200
    body = page.content.decode()
    assert "2020年书记实绩档案" in body and "王芳" in body and "钱七" in body
    assert body.count('data-flag="no_talk"') == 1
    filtered = staff_client.get(LIST, {"year": 2020, "flag": "no_talk"}).content.decode()
    assert "钱七" in filtered and "王芳" not in filtered
    empty = staff_client.get(LIST, {"year": 2020, "q": "不存在的组织"}).content.decode()
    assert "没有符合条件的实绩档案" in empty


def test_the_staff_list_is_refused_to_a_secretary_and_the_reporting_client(own_client, reporting_client):
    assert own_client.get(LIST).status_code == 403
    assert browser_as(reporting_client).get(LIST).status_code == 403


def test_the_staff_list_reads_ten_terms_in_the_queries_of_one(staff_client, committee_staff, root_org):
    def add(start, count):
        for i in range(start, start + count):
            org = make_org(root_org, f"中共测试第{i}支部委员会")
            t = secretary_term_create(
                actor=committee_staff, organization=org, person_name=f"书记{i}", started_on=date(2020, 1, 1)
            )
            _reminder(committee_staff, t)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert staff_client.get(LIST, {"year": 2020}).status_code == 200
        return len(queries)

    add(0, 1)
    few = count()
    add(1, 9)
    assert count() == few


def test_a_secretary_reads_their_own_archive_and_gets_404_for_anyone_elses(
    own_client, committee_staff, term, org_a, org_b
):
    deputy = secretary_term_create(
        actor=committee_staff,
        organization=org_a,
        person_name="赵六",
        role="deputy",
        started_on=date(2020, 1, 1),
    )
    other = secretary_term_create(
        actor=committee_staff, organization=org_b, person_name="钱七", started_on=date(2020, 1, 1)
    )
    assert own_client.get(reverse("archives:archive_detail", args=[term.pk])).status_code == 200
    for pk in (deputy.pk, other.pk):
        assert own_client.get(reverse("archives:archive_detail", args=[pk])).status_code == 404
        assert own_client.get(reverse("archives:archive_download", args=[pk])).status_code == 404


def test_the_admin_roles_get_no_archive(term):
    admin = browser_as(UserFactory(username="sysadm", role=Role.SYSTEM_ADMIN))
    assert admin.get(reverse("archives:archive_detail", args=[term.pk])).status_code in (403, 404)


def test_vetting_findings_are_on_the_staff_page_not_the_secretarys(
    staff_client, own_client, committee_staff, term
):
    _vetting(committee_staff, term)
    url = reverse("archives:archive_detail", args=[term.pk])
    staff_page = staff_client.get(url).content.decode()
    own_page = own_client.get(url).content.decode()
    assert "清机党〔2020〕3号" in staff_page and "清机党〔2020〕3号" in own_page
    assert "廉洁自律，未发现问题" in staff_page
    assert "廉洁自律，未发现问题" not in own_page
    assert "css/archive-print.css" in staff_page and "data-print" in staff_page


def test_the_archive_page_is_read_in_a_constant_number_of_queries(staff_client, committee_staff, term):
    _talk(committee_staff, term)
    url = reverse("archives:archive_detail", args=[term.pk])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert staff_client.get(url).status_code == 200
        return len(queries)

    _reminder(committee_staff, term)
    _closed_debrief(committee_staff, term)
    few = count()
    for month in (4, 5, 6):
        _reminder(committee_staff, term, day=date(2020, month, 1), deadline=date(2020, month, 28))
    _closed_debrief(committee_staff, term, year=2021)
    assert count() == few


def test_the_archive_workbook_holds_the_talk_items_and_scores(staff_client, committee_staff, term):
    _vetting(committee_staff, term)
    _talk(committee_staff, term)
    _reminder(committee_staff, term)
    _closed_debrief(committee_staff, term)
    response = staff_client.get(reverse("archives:archive_download", args=[term.pk]))
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == ["基本情况", "通报", "提醒约谈与整改", "述职评议", "台账完成情况"]
    basics = {row[0]: row[1] for row in book["基本情况"].iter_rows(min_row=2, values_only=True)}
    assert basics["姓名"] == "王芳" and basics["批复文号"] == "清机党〔2020〕3号"
    assert basics["履职表态"] == "履职尽责，抓好党建" and basics["廉"] == "廉洁自律，未发现问题"
    items = list(book["提醒约谈与整改"].iter_rows(min_row=2, values_only=True))
    assert [(row[1], row[2]) for row in items] == [("履职不到位", "补齐会议记录")]
    [debrief] = list(book["述职评议"].iter_rows(min_row=2, values_only=True))
    assert (debrief[0], debrief[3], debrief[4], debrief[5]) == (2020, 100, 1, "好")


def test_the_secretarys_workbook_has_no_findings(own_client, committee_staff, term):
    _vetting(committee_staff, term)
    book = load_workbook(
        BytesIO(own_client.get(reverse("archives:archive_download", args=[term.pk])).content)
    )
    basics = {row[0] for row in book["基本情况"].iter_rows(min_row=2, values_only=True)}
    assert "廉" not in basics and "姓名" in basics


def test_the_year_workbook_has_one_row_per_term_with_its_figures(staff_client, committee_staff, term, org_b):
    secretary_term_create(
        actor=committee_staff, organization=org_b, person_name="钱七", started_on=date(2020, 1, 1)
    )
    _talk(committee_staff, term)
    _closed_debrief(committee_staff, term)
    _reminder(committee_staff, term)
    response = staff_client.get(LIST, {"year": 2020, "export": "xlsx"})
    assert response.status_code == 200
    assert "2020" in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.content)).active
    header, *rows = list(sheet.iter_rows(values_only=True))
    by_name = {row[header.index("姓名")]: dict(zip(header, row, strict=True)) for row in rows}
    assert set(by_name) == {"王芳", "钱七"}
    assert by_name["王芳"]["本年述职"] == "是" and by_name["王芳"]["整改事项"] == 1
    assert by_name["王芳"]["未销号"] == 1 and by_name["王芳"]["档案齐全"] == "否"
    assert by_name["钱七"]["任职谈话日期"] is None and by_name["钱七"]["本年述职"] == "否"


def test_the_secretarys_home_links_to_their_archive(own_client, term):
    body = own_client.get(reverse("ledger:home_cards")).content.decode()
    assert reverse("archives:archive_detail", args=[term.pk]) in body
