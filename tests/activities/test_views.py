"""The six systems' portal pages: lists (filters, pagination, constant queries), the conclusion step,
谈话待办 (overdue in red), the secretary's home card, the 六项制度 menu, and the import flow."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from accounts.models import SecretaryRole, SecretaryTerm
from accounts.services.people import secretary_term_create
from activities import services
from activities.models import AppointmentTalk, Vetting, VettingConclusion
from tests.factories import MemberFactory, UserFactory

pytestmark = pytest.mark.django_db


def _vetting(org, name="李四", day=date(2019, 3, 1)) -> Vetting:
    candidate = MemberFactory(organization=org, name=name)
    return services.vetting_create(
        actor=None,
        organization=org,
        candidate=candidate,
        team_members="王五",
        visited_on=day,
        interviewed_count=9,
    )


def test_the_vetting_list_filters_by_year_org_and_conclusion(staff_client, org_a, org_b):
    mine = _vetting(org_a, "李四", date(2019, 3, 1))
    other = _vetting(org_b, "陈七", date(2019, 4, 1))
    old = _vetting(org_a, "赵八", date(2018, 4, 1))
    services.vetting_conclude(actor=None, vetting=other, conclusion=VettingConclusion.DEFERRED)
    url = reverse("activities:vetting_list")

    def shown(**params):
        html = staff_client.get(url, params).content.decode()
        return {v.pk for v in (mine, other, old) if f'data-vetting="{v.pk}"' in html}

    assert shown() == {mine.pk, other.pk, old.pk}
    assert shown(year=2019) == {mine.pk, other.pk}
    assert shown(q="财政局") == {other.pk}
    assert shown(conclusion="deferred") == {other.pk}
    assert shown(conclusion="pending", year=2019) == {mine.pk}
    assert "没有符合条件的考察记录" in staff_client.get(url, {"year": 2001}).content.decode()


def test_the_vetting_list_pages_with_a_constant_number_of_queries(
    staff_client, org_a, django_assert_max_num_queries
):
    url = reverse("activities:vetting_list")
    for i in range(3):
        _vetting(org_a, f"甲{i}")
    with CaptureQueriesContext(connection) as few:
        assert staff_client.get(url).status_code == 200
    for i in range(30):
        _vetting(org_a, f"乙{i}")
    with django_assert_max_num_queries(len(few)):
        response = staff_client.get(url)
    assert "第 1 / 2 页" in response.content.decode()


def test_a_secretary_and_the_reporting_client_cannot_open_the_vettings(
    sec_a_client, reporting_browser, org_a
):
    vetting = _vetting(org_a)
    for client in (sec_a_client, reporting_browser):
        assert client.get(reverse("activities:vetting_list")).status_code == 403
        assert client.get(reverse("activities:vetting_detail", args=[vetting.pk])).status_code == 403


def test_it_records_a_vetting_from_the_form_finding_the_candidate_by_name(staff_client, org_a):
    candidate = MemberFactory(organization=org_a, name="李四")
    response = staff_client.post(
        reverse("activities:vetting_create"),
        {
            "organization": org_a.pk,
            "candidate_name": "李四",
            "proposed_role": "secretary",
            "reason": "election",
            "visited_on": "2019-03-01",
            "team_members": "王五、赵六",
            "interviewed_count": 12,
            "interviewed_members": 8,
            "interviewed_public": 3,
            "interviewed_leaders": 1,
            "finding_morality": "政治坚定",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    vetting = Vetting.objects.get()
    assert (vetting.candidate, vetting.interviewed_count, vetting.finding_morality) == (
        candidate,
        12,
        "政治坚定",
    )


def test_the_form_says_in_chinese_when_the_candidate_is_not_on_the_roll(staff_client, org_a):
    response = staff_client.post(
        reverse("activities:vetting_create"),
        {
            "organization": org_a.pk,
            "candidate_name": "查无此人",
            "proposed_role": "secretary",
            "visited_on": "2019-03-01",
            "team_members": "王五",
            "interviewed_count": 1,
            "interviewed_members": 0,
            "interviewed_public": 0,
            "interviewed_leaders": 0,
        },
    )
    assert response.status_code == 200
    assert "找不到“查无此人”" in response.content.decode()
    assert not Vetting.objects.exists()


def test_the_conclusion_step_needs_confirmation_then_makes_the_term(staff_client, org_a):
    vetting = _vetting(org_a)
    url = reverse("activities:vetting_conclude", args=[vetting.pk])
    data = {"conclusion": "approved", "approval_document": "清直工委〔2019〕5号", "approved_on": "2019-03-20"}
    unconfirmed = staff_client.post(url, data)
    assert unconfirmed.status_code == 400
    assert not SecretaryTerm.objects.exists()
    assert staff_client.post(url, data | {"confirm": "on"}).status_code == 302
    vetting.refresh_from_db()
    assert vetting.term.started_on == date(2019, 3, 20)
    # Approved: the step is closed and the list offers no 作出结论 any more.
    assert staff_client.get(url).status_code == 302
    assert (
        reverse("activities:vetting_conclude", args=[vetting.pk])
        not in staff_client.get(reverse("activities:vetting_list")).content.decode()
    )


def _term(org, name, days_ago, member=None) -> SecretaryTerm:
    start = timezone.localdate() - timedelta(days=days_ago)
    return secretary_term_create(
        actor=None,
        organization=org,
        person_name=name,
        started_on=start,
        member=member,
        role=SecretaryRole.DEPUTY,
    )


def test_talks_due_lists_terms_without_a_talk_and_marks_the_overdue_red(staff_client, org_a, org_b):
    fresh = _term(org_a, "新书记", 5)
    late = _term(org_b, "老书记", 45)
    talked = _term(org_a, "已谈话", 10)
    services.appointment_talk_create(
        actor=None, term=talked, talked_on=timezone.localdate(), talked_by="工委书记"
    )
    html = staff_client.get(reverse("activities:talks_due")).content.decode()
    assert f'data-term="{fresh.pk}"' in html and f'data-term="{late.pk}"' in html
    assert f'data-term="{talked.pk}"' not in html
    assert f'data-term="{late.pk}" class="table-danger" data-overdue' in html
    assert f'data-term="{fresh.pk}" class="table-danger"' not in html


def test_staff_record_the_talk_and_it_leaves_the_due_list(staff_client, org_a):
    term = _term(org_a, "新书记", 5)
    response = staff_client.post(
        reverse("activities:talk_create", args=[term.pk]),
        {"talked_on": timezone.localdate().isoformat(), "talked_by": "工委书记", "pledge": "履职尽责"},
    )
    assert response.status_code == 302
    assert AppointmentTalk.objects.get(term=term).pledge == "履职尽责"
    assert f'data-term="{term.pk}"' not in staff_client.get(reverse("activities:talks_due")).content.decode()


def test_the_talk_list_pages_with_a_constant_number_of_queries(
    staff_client, org_a, django_assert_max_num_queries
):
    def talks(count, prefix):
        for i in range(count):
            term = _term(org_a, f"{prefix}{i}", 40)
            services.appointment_talk_create(
                actor=None, term=term, talked_on=timezone.localdate(), talked_by="工委"
            )

    talks(3, "甲")
    for i in range(3):
        _term(org_a, f"丁{i}", 40)
    with CaptureQueriesContext(connection) as few:
        staff_client.get(reverse("activities:talk_list"))
        staff_client.get(reverse("activities:talks_due"))
    talks(30, "乙")
    for i in range(30):
        _term(org_a, f"丙{i}", 40)
    with django_assert_max_num_queries(len(few)):
        staff_client.get(reverse("activities:talk_list"))
        staff_client.get(reverse("activities:talks_due"))


def test_the_secretary_sees_their_own_talk_due_on_the_home_page(client, org_a):
    person = MemberFactory(organization=org_a, name="王书记")
    user = UserFactory(username="wang", member=person)
    term = _term(org_a, "王书记", 40, member=person)  # the term makes them secretary of org A
    someone_else = _term(org_a, "别人", 40)
    client.force_login(user)
    html = client.get(reverse("ledger:home_cards")).content.decode()
    assert f'data-talk-due="{term.pk}"' in html
    assert "已超过30天" in html
    assert f'data-talk-due="{someone_else.pk}"' not in html
    services.appointment_talk_create(
        actor=None, term=term, talked_on=timezone.localdate(), talked_by="工委书记"
    )
    assert "data-talk-due" not in client.get(reverse("ledger:home_cards")).content.decode()


def test_staff_see_the_six_systems_menu_and_a_secretary_only_the_talks(staff_client, sec_a_client):
    staff_html = staff_client.get(reverse("home")).content.decode()
    assert "六项制度" in staff_html and reverse("activities:vetting_list") in staff_html
    secretary_html = sec_a_client.get(reverse("home")).content.decode()
    assert reverse("activities:vetting_list") not in secretary_html
    assert reverse("activities:talk_list") in secretary_html


def _upload(rows) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append(["谈话日期", "党组织", "书记", "谈话人", "履职表态"])
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "谈话.xlsx"
    return buffer


def test_the_import_flow_downloads_a_template_previews_then_writes_on_confirmation(
    staff_client, org_a, private_root
):
    term = _term(org_a, "张三", 20)
    template = staff_client.get(reverse("activities:import_template", args=["appointment_talk"]))
    assert [c.value for c in load_workbook(io.BytesIO(template.content)).worksheets[0][1]][:3] == [
        "谈话日期",
        "党组织",
        "书记",
    ]
    day = timezone.localdate().isoformat()
    preview = staff_client.post(
        reverse("activities:import_upload", args=["appointment_talk"]),
        {"file": _upload([[day, "市税务局党支部", "张三", "工委书记"]])},
    )
    html = preview.content.decode()
    assert "data-import-preview" in html and "新增 1" in html
    assert not AppointmentTalk.objects.exists()  # a preview writes nothing
    token = html.split('name="token" value="')[1].split('"')[0]
    confirmed = staff_client.post(
        reverse("activities:import_confirm", args=["appointment_talk"]), {"token": token}
    )
    assert confirmed.status_code == 302
    assert AppointmentTalk.objects.get().term == term
    # The token is spent: confirming twice imports nothing more and says the preview is gone.
    again = staff_client.post(
        reverse("activities:import_confirm", args=["appointment_talk"]), {"token": token}
    )
    assert again.status_code == 400


def test_the_import_preview_lists_problems_by_sheet_row_and_column(staff_client, org_a, private_root):
    response = staff_client.post(
        reverse("activities:import_upload", args=["appointment_talk"]),
        {"file": _upload([["2019-02-30", "市税务局党支部", "无名氏", "工委书记"]])},
    )
    html = response.content.decode()
    assert "data-import-problems" in html
    assert "工作表“Sheet”第2行第A列(谈话日期)" in html
    assert "data-import-confirm" not in html


def test_a_secretary_may_not_import(sec_a_client):
    assert sec_a_client.get(reverse("activities:import_upload", args=["vetting"])).status_code == 403
    assert sec_a_client.get(reverse("activities:import_template", args=["vetting"])).status_code == 403
