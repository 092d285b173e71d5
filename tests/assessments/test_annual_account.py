"""年度总账 (CONTRACT.md `reports/annual/{year}/`): every key, each definition, scoping, page and Excel."""

from __future__ import annotations

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from accounts.services.people import secretary_term_create
from activities import services as activities
from activities.models import BulletinKind, BulletinMark, DebriefKind
from assessments.annual import annual_account
from ledger import services as ledger
from ledger.models import Assignment
from tests.activities.scoring_world import make_session, make_template
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("Asia/Shanghai")
TODAY = date(2020, 3, 10)
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64

# CONTRACT.md's layout, key for key: the API must give exactly these (0 when nothing was recorded).
CONTRACT_LAYOUT = {
    "year": 0,
    "ledger": {"items": 0, "tasks": 0, "assignments": 0, "on_time": 0, "late": 0, "missing": 0},
    "vetting": {"units": 0, "candidates": 0, "people_interviewed": 0, "approved": 0},
    "appointment_talks": 0,
    "bulletins": 0,
    "reminder_talks": {"talks": 0, "rectifications": 0, "closed": 0},
    "letters": 0,
    "debriefs": {"secretaries": 0, "sessions": 0},
    "archives": 0,
    "service_posts": {"posts": 0, "model_posts": 0},
    "feedback": {"praise": 0, "complaints": 0},
    "service_days": {"held": 0, "attendance": 0, "orgs_every_month": 0},
    "forums": {"held": 0, "attendance": 0, "committee": {"nominated": 0, "selected": 0, "awarded": 0}},
    "pairing": {
        "orgs": 0,
        "members": 0,
        "households": 0,
        "people": 0,
        "visits": 0,
        "funds_yuan": 0,
        "goods_yuan": 0,
    },
    "selections": {"double_top_ten": {"sections": 0, "stars": 0}},
    "brands": {"submitted": 0, "recognised": 0, "exited": 0},
    "volunteers": {"teams": 0, "activities": 0},
    "meetings": {"held": 0, "attendance": 0},
}


def _shape(value):
    return {k: _shape(v) for k, v in value.items()} if isinstance(value, dict) else type(value).__name__


def test_the_api_gives_every_key_of_the_contract_as_a_number_for_an_empty_year(staff_api):
    response = staff_api.get("/api/v1/reports/annual/2019/")
    assert response.status_code == 200
    data = response.json()
    expected = {**_shape(CONTRACT_LAYOUT), "pairing": {**_shape(CONTRACT_LAYOUT["pairing"])}}
    expected["pairing"]["funds_yuan"] = expected["pairing"]["goods_yuan"] = "float"
    assert _shape(data) == expected
    assert data["year"] == 2019 and data["ledger"]["assignments"] == 0


def _submit(monkeypatch, assignment, user, when: datetime):
    with monkeypatch.context() as m:
        m.setattr("django.utils.timezone.now", lambda: when)
        return ledger.record_submit(
            assignment=assignment, user=user, content="已完成", done_on=date(2020, 1, 1)
        )


def test_the_ledger_block_counts_on_time_late_and_missing_as_the_contract_defines(
    monkeypatch, task_monthly, org_a, org_b, secretary_a, secretary_b, committee_staff
):
    """Org A: January on time (23:30 on the due day), February late. Org B: January returned, February
    nothing. On 10 March only January and February are due: 1 on time, 1 late, 2 missing."""
    month = {
        (org.pk, period): Assignment.objects.get(task=task_monthly, organization=org, period=period)
        for org in (org_a, org_b)
        for period in ("2020-M01", "2020-M02")
    }
    _submit(monkeypatch, month[org_a.pk, "2020-M01"], secretary_a, datetime(2020, 1, 31, 23, 30, tzinfo=TZ))
    _submit(monkeypatch, month[org_a.pk, "2020-M02"], secretary_a, datetime(2020, 3, 2, 9, 0, tzinfo=TZ))
    returned = _submit(
        monkeypatch, month[org_b.pk, "2020-M01"], secretary_b, datetime(2020, 1, 20, tzinfo=TZ)
    )
    ledger.record_review(record=returned, user=committee_staff, accept=False, comment="缺少照片")

    staff = annual_account(committee_staff, 2020, today=TODAY)["ledger"]
    assert staff == {"items": 1, "tasks": 1, "assignments": 24, "on_time": 1, "late": 1, "missing": 2}
    # A secretary's account is their own org's.
    mine = annual_account(secretary_a, 2020, today=TODAY)["ledger"]
    assert mine == {"items": 1, "tasks": 1, "assignments": 12, "on_time": 1, "late": 1, "missing": 0}
    assert annual_account(secretary_b, 2020, today=TODAY)["ledger"]["missing"] == 2


@pytest.fixture
def six_systems_year(committee_staff, org_a, org_b, private_root):
    """2020 in the six systems: org A has two vettings (one approved), a talk, a reminder talk with two
    items (one closed) and a letter; its secretary debriefs twice (two sessions); org B is named in a
    published bulletin. Records of 2019 and drafts, notices and rejected rows must not count."""
    staff = committee_staff
    li, chen = MemberFactory(organization=org_a, name="李四"), MemberFactory(organization=org_a, name="陈七")
    common = {"proposed_role": "secretary", "team_members": "王五、赵六"}
    approved = activities.vetting_create(
        actor=staff,
        organization=org_a,
        candidate=li,
        visited_on=date(2020, 3, 1),
        interviewed_count=10,
        **common,
    )
    activities.vetting_conclude(
        actor=staff, vetting=approved, conclusion="approved", approved_on=date(2020, 3, 5)
    )
    rejected = activities.vetting_create(
        actor=staff,
        organization=org_a,
        candidate=chen,
        visited_on=date(2020, 5, 1),
        interviewed_count=5,
        **common,
    )
    activities.vetting_conclude(actor=staff, vetting=rejected, conclusion="rejected")
    activities.vetting_create(
        actor=staff,
        organization=org_b,
        candidate=MemberFactory(organization=org_b),
        visited_on=date(2019, 5, 1),
        **common,
    )
    term = approved.__class__.objects.get(pk=approved.pk).term
    activities.appointment_talk_create(
        actor=staff, term=term, talked_on=date(2020, 3, 20), talked_by="工委书记"
    )
    secretary_term_create(
        actor=staff,
        organization=org_b,
        person_name="王五",
        started_on=date(2015, 1, 1),
        ended_on=date(2019, 12, 31),
    )
    talk = activities.reminder_talk_create(
        actor=staff,
        organization=org_a,
        term=term,
        reason="duty",
        talked_on=date(2020, 6, 1),
        talked_by="工委副书记",
        items=[
            {"content": "补齐会议记录", "deadline": date(2020, 7, 1)},
            {"content": "整改台账", "deadline": date(2020, 8, 1)},
        ],
    )
    first = talk.rectifications.order_by("seq").first()
    activities.rectification_report(
        actor=None,
        rectification=first,
        report="已补齐",
        files=[SimpleUploadedFile("记录.png", PNG, "image/png")],
    )
    activities.rectification_close(actor=staff, rectification=first)
    activities.letter_create(
        actor=staff,
        talk=talk,
        addressee="市税务局党组",
        number="清直工委函〔2020〕1号",
        sent_on=date(2020, 9, 1),
    )
    template = make_template("2020评分表")
    for kind, day in (
        (DebriefKind.TO_COMMITTEE, date(2020, 12, 20)),
        (DebriefKind.TO_MEMBERS, date(2020, 12, 28)),
    ):
        session = make_session(staff, kind=kind, template=template, held_on=day)
        activities.debrief_add(
            actor=staff, session=session, organization=org_a, person_name="李四", term=term
        )
    for kind, day in ((BulletinKind.BULLETIN, date(2020, 4, 1)), (BulletinKind.NOTICE, date(2020, 4, 2))):
        bulletin = activities.bulletin_create(
            actor=staff,
            kind=kind,
            issued_on=day,
            title="通报",
            body="正文",
            orgs=[(org_b, BulletinMark.PRAISE)],
        )
        activities.bulletin_publish(actor=staff, bulletin=bulletin)
    activities.bulletin_create(
        actor=staff,
        kind=BulletinKind.BULLETIN,
        issued_on=date(2020, 5, 1),
        title="草稿",
        orgs=[(org_b, BulletinMark.REMIND)],
    )


def test_the_six_systems_blocks_count_the_years_records(committee_staff, six_systems_year):
    account = annual_account(committee_staff, 2020, today=TODAY)
    assert account["vetting"] == {"units": 1, "candidates": 2, "people_interviewed": 15, "approved": 1}
    assert account["appointment_talks"] == 1
    assert account["bulletins"] == 1  # the notice and the draft are not numbered issues
    assert account["reminder_talks"] == {"talks": 1, "rectifications": 2, "closed": 1}
    assert account["letters"] == 1
    assert account["debriefs"] == {"secretaries": 1, "sessions": 2}
    assert account["archives"] == 1  # 李四's term; 王五's ended in 2019
    assert annual_account(committee_staff, 2019, today=TODAY)["archives"] == 1
    assert annual_account(committee_staff, 2019, today=TODAY)["vetting"]["candidates"] == 1


def test_a_secretary_gets_the_account_of_their_own_org(
    secretary_a, secretary_b, secretary_a_api, six_systems_year
):
    mine = secretary_a_api.get("/api/v1/reports/annual/2020/").json()
    assert mine["vetting"]["candidates"] == 2 and mine["letters"] == 1 and mine["bulletins"] == 0
    theirs = annual_account(secretary_b, 2020, today=TODAY)
    assert theirs["bulletins"] == 1 and theirs["vetting"]["candidates"] == 0 and theirs["letters"] == 0


def test_the_page_and_the_excel_file_show_the_same_figures(staff_client, six_systems_year):
    html = staff_client.get(reverse("assessments:annual_account", args=[2020])).content.decode()
    assert "2020年度总账" in html and "审批前考察" in html and "个别谈话人数" in html
    assert staff_client.get(reverse("assessments:annual_account_latest") + "?year=2020")["Location"].endswith(
        "/reports/annual/2020/"
    )
    response = staff_client.get(reverse("assessments:annual_account_download", args=[2020]))
    rows = {
        (r[0], r[1]): r[2]
        for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    }
    assert rows["审批前考察", "个别谈话人数"] == 15
    assert rows["提醒约谈", "已销号"] == 1
    assert rows["扶贫结对帮扶", "投入资金（元）"] == 0


def test_a_year_outside_the_calendar_is_not_found(staff_client, staff_api):
    assert staff_client.get("/reports/annual/1800/").status_code == 404
    assert staff_api.get("/api/v1/reports/annual/99999/").status_code == 404


def test_the_account_takes_the_same_queries_for_ten_times_the_records(
    committee_staff, staff_api, org_a, django_assert_max_num_queries
):
    counts = []
    for n in (2, 20):
        for i in range(n):
            activities.reminder_talk_create(
                actor=committee_staff,
                organization=org_a,
                secretary_name=f"书记{n}_{i}",
                reason="duty",
                talked_on=date(2020, 1, 1 + i),
                talked_by="工委",
                items=[{"content": "整改", "deadline": date(2020, 12, 1)}],
            )
        with django_assert_max_num_queries(40) as captured:
            assert staff_api.get("/api/v1/reports/annual/2020/").status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]
