"""The record kinds bulletin, reminder_talk and debrief: a good file, a bad file (sheet/row/column, nothing
written), and a second import of the same file that changes nothing."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from accounts.models import Notification
from accounts.services.people import secretary_term_create
from activities.imports import get_kind, import_records
from activities.models import (
    Bulletin,
    BulletinMark,
    BulletinReceipt,
    BulletinState,
    Debrief,
    DebriefKind,
    DebriefSession,
    Letter,
    Rectification,
    ReminderReason,
    ReminderTalk,
    ScoringTemplate,
)
from partybuild.legacy_excel import ImportFailed
from tests.activities.scoring_world import make_template

pytestmark = pytest.mark.django_db

BULLETIN_HEADERS = ["期号", "日期", "类型", "标题", "涉及党组织", "表扬/提醒/批评"]
REMINDER_HEADERS = [
    "约谈日期",
    "党组织",
    "书记",
    "约谈原因",
    "约谈人",
    "整改事项",
    "整改期限",
    "函告",
    "函告文号",
    "函告日期",
]
DEBRIEF_HEADERS = ["年度", "述职日期", "类型", "党组织", "书记", "得分", "等次"]


def _import(kind, path, **kwargs):
    return import_records(get_kind(kind), path, **kwargs)


def _problems(kind, path) -> list[str]:
    with pytest.raises(ImportFailed) as failed:
        _import(kind, path)
    return [str(p) for p in failed.value.problems]


# ---------------------------------------------------------------- bulletin


def test_it_imports_bulletins_under_their_own_numbers_without_notifying_anyone(
    org_a, org_b, secretary_a, workbook
):
    path = workbook(
        BULLETIN_HEADERS,
        [
            [
                "第3期",
                "2019年5月6日",
                "通报",
                "关于一季度台账逾期情况的通报",
                "市税务局、市财政局党支部",
                "批评",
            ],
            [
                7,
                "2019-11-2",
                "工作提醒",
                "关于做好年终述职准备的提醒",
                "市税务局党支部、市财政局",
                "表扬、提醒",
            ],
            [1, "2020-01-10", "通报", "关于2019年度考核结果的通报", None, None],
        ],
        title="2019—2020年通报登记表",
    )
    report = _import("bulletin", path)
    assert (report.new, report.updated, report.unchanged) == (3, 0, 0)
    third = Bulletin.objects.get(year=2019, number=3)
    assert (third.kind, third.state, third.issued_on) == (
        "bulletin",
        BulletinState.PUBLISHED,
        date(2019, 5, 6),
    )
    assert dict(third.named_orgs.values_list("organization", "mark")) == {
        org_a.pk: BulletinMark.CRITICISE,
        org_b.pk: BulletinMark.CRITICISE,
    }
    seventh = Bulletin.objects.get(year=2019, number=7)
    assert dict(seventh.named_orgs.values_list("organization", "mark")) == {
        org_a.pk: BulletinMark.PRAISE,
        org_b.pk: BulletinMark.REMIND,
    }
    assert Bulletin.objects.get(year=2020, number=1).title == "关于2019年度考核结果的通报"
    # Published before the portal: no receipts, no notifications for the secretary of a named org.
    assert not BulletinReceipt.objects.exists()
    assert not Notification.objects.filter(user=secretary_a).exists()

    again = _import("bulletin", path)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 3)
    assert Bulletin.objects.count() == 3
    assert third.history.count() == 1  # nothing saved again


def test_a_reimported_bulletin_with_a_corrected_title_updates_the_same_number(org_a, workbook):
    _import("bulletin", workbook(BULLETIN_HEADERS, [[3, "2019-05-06", "通报", "旧标题", "市税务局", "提醒"]]))
    report = _import(
        "bulletin", workbook(BULLETIN_HEADERS, [[3, "2019-05-06", "通报", "新标题", "市税务局", "提醒"]])
    )
    assert report.updated == 1
    assert list(Bulletin.objects.values_list("number", "title")) == [(3, "新标题")]


def test_it_refuses_a_bad_bulletin_file_cell_by_cell_and_writes_nothing(org_a, workbook):
    path = workbook(
        BULLETIN_HEADERS,
        [
            [1, "2019-03-01", "通报", "好的一行", "市税务局", "表扬"],
            ["第X期", "2019-04-01", "通知", "期号和类型都不对", "市税务局", "表扬"],
            [2, "2019-04-01", "通报", "不存在的支部", "市税务局、不存在的支部", "提醒"],
            [4, "2019-04-01", "通报", "标记数不对", "市税务局、市财政局", "表扬、提醒、批评"],
            [5, "2019-04-01", "通报", "标记不对", "市税务局", "警告"],
            [1, "2019-12-01", "通报", "同一年第1期又一次", None, None],
        ],
        sheet="通报",
    )
    problems = _problems("bulletin", path)
    assert any(p.startswith("工作表“通报”第3行第A列(期号)") for p in problems), problems
    assert any(p.startswith("工作表“通报”第3行第C列(类型)") for p in problems), problems
    assert any(p.startswith("工作表“通报”第4行第E列(涉及党组织)") and "不存在的支部" in p for p in problems)
    assert any(p.startswith("工作表“通报”第5行第F列(表扬/提醒/批评)") for p in problems), problems
    assert any(p.startswith("工作表“通报”第6行第F列(表扬/提醒/批评)") and "警告" in p for p in problems)
    assert any("第7行" in p and "与工作表“通报”第2行是同一条记录" in p for p in problems), problems
    assert not Bulletin.objects.exists()


# ---------------------------------------------------------------- reminder_talk


def test_it_imports_reminder_talks_with_items_and_a_letter_and_changes_nothing_the_second_time(
    org_a, org_b, secretary_a, workbook
):
    term = secretary_term_create(
        actor=None, organization=org_a, person_name="张三", started_on=date(2018, 1, 1)
    )
    path = workbook(
        REMINDER_HEADERS,
        [
            [
                "2019-06-10",
                "市税务局党支部",
                "张三",
                "抓党建不力",
                "工委书记、组织委员",
                "补齐三会一课记录；整改台账逾期问题",
                "2019-07-31",
                "是",
                "清直工委函〔2019〕3号",
                "2019年6月20日",
            ],
            [
                "2019-08-01",
                "市财政局",
                "王五",
                "换届工作拖延",
                "组织委员",
                "完成换届选举；报送换届材料",
                "2019-09-30；2019-10-15",
                "否",
                None,
                None,
            ],
        ],
    )
    report = _import("reminder_talk", path)
    assert report.new == 2
    first = ReminderTalk.objects.get(organization=org_a)
    assert (first.term, first.reason, first.talked_by) == (
        term,
        ReminderReason.WEAK_LEADERSHIP,
        "工委书记、组织委员",
    )
    assert list(first.rectifications.values_list("content", "deadline")) == [
        ("补齐三会一课记录", date(2019, 7, 31)),
        ("整改台账逾期问题", date(2019, 7, 31)),
    ]
    letter = Letter.objects.get(talk=first)
    assert (letter.number, letter.sent_on, letter.addressee) == (
        "清直工委函〔2019〕3号",
        date(2019, 6, 20),
        "市税务局党组（党委）",
    )
    second = ReminderTalk.objects.get(organization=org_b)
    assert (second.term, second.secretary_name, second.reason, second.reason_detail) == (
        None,
        "王五",
        ReminderReason.OTHER,
        "换届工作拖延",
    )
    assert [d for d in second.rectifications.values_list("deadline", flat=True)] == [
        date(2019, 9, 30),
        date(2019, 10, 15),
    ]
    assert not hasattr(second, "letter") or not Letter.objects.filter(talk=second).exists()
    assert not Notification.objects.filter(user=secretary_a).exists()  # a talk of 2019 pings no one

    again = _import("reminder_talk", path)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 2)
    assert Rectification.objects.count() == 4 and Letter.objects.count() == 1
    assert first.history.count() == 1


def test_it_refuses_a_bad_reminder_talk_file_and_writes_nothing(org_a, workbook):
    path = workbook(
        REMINDER_HEADERS,
        [
            ["2019-06-10", "市税务局", "张三", "履职不到位", "组织委员", "补齐记录", "2019-07-31"],
            ["2019-06-11", "市税务局", "张三", "履职不到位", "组织委员", "补齐记录", "2019-05-01"],
            [
                "2019-06-12",
                "市税务局",
                "张三",
                "履职不到位",
                "组织委员",
                "一项；两项",
                "2019-07-01；2019-07-02；2019-07-03",
            ],
            ["2019-06-13", "市税务局", "张三", "履职不到位", "组织委员", "补齐记录", None, "是", None, None],
            ["2019-06-14", "市税务局", None, "履职不到位", "组织委员", None, None, "否", "某某号"],
        ],
        sheet="约谈",
    )
    problems = _problems("reminder_talk", path)
    assert any(p.startswith("工作表“约谈”第3行第G列(整改期限)") and "早于约谈日期" in p for p in problems)
    assert any(p.startswith("工作表“约谈”第4行第G列(整改期限)") and "2项整改事项" in p for p in problems)
    assert any(p.startswith("工作表“约谈”第5行第G列(整改期限)") for p in problems), problems
    assert any(p.startswith("工作表“约谈”第5行第I列(函告文号)") for p in problems), problems
    assert any(p.startswith("工作表“约谈”第5行第J列(函告日期)") for p in problems), problems
    assert any(p.startswith("工作表“约谈”第6行第C列(书记)") and "为空" in p for p in problems), problems
    assert any(p.startswith("工作表“约谈”第6行第H列(函告)") for p in problems), problems
    assert not ReminderTalk.objects.exists() and not Rectification.objects.exists()


# ---------------------------------------------------------------- debrief


def test_it_imports_debriefs_into_one_session_per_year_and_kind_with_recorded_results(org_a, org_b, workbook):
    make_template()
    term = secretary_term_create(
        actor=None, organization=org_a, person_name="张三", started_on=date(2018, 1, 1)
    )
    path = workbook(
        DEBRIEF_HEADERS,
        [
            [2019, "2019-12-20", "向工委述职", "市税务局党支部", "张三", 92.5, "好"],
            [2019, "2019-12-20", "向工委述职", "市财政局党支部", "王五", "78", "一般"],
            [2019, "2019-07-05", "半年测评", "市税务局", "张三", None, "较好"],
        ],
    )
    report = _import("debrief", path)
    assert report.new == 3
    assert sorted(DebriefSession.objects.values_list("year", "kind")) == [
        (2019, DebriefKind.TO_COMMITTEE),
        (2019, DebriefKind.MIDYEAR),
    ]
    session = DebriefSession.objects.get(kind=DebriefKind.TO_COMMITTEE)
    assert (session.held_on, session.title) == (date(2019, 12, 20), "2019年度向工委述职")
    zhang = Debrief.objects.get(session=session, organization=org_a)
    assert (zhang.term, zhang.recorded_score, zhang.recorded_grade) == (term, Decimal("92.50"), "good")
    wang = Debrief.objects.get(session=session, organization=org_b)
    assert (wang.term, wang.person_name, wang.recorded_score, wang.recorded_grade) == (
        None,
        "王五",
        Decimal("78.00"),
        "fair",
    )
    assert zhang.subject is not None  # a subject of the session's scoring round like any debrief

    again = _import("debrief", path)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 3)
    assert DebriefSession.objects.count() == 2 and Debrief.objects.count() == 3
    assert zhang.history.count() == 2  # the add and its subject link; nothing since

    corrected = workbook(DEBRIEF_HEADERS, [[2019, "2019-12-20", "向工委述职", "市税务局", "张三", 93, "好"]])
    assert _import("debrief", corrected).updated == 1
    zhang.refresh_from_db()
    assert zhang.recorded_score == Decimal("93.00")


def test_it_refuses_a_bad_debrief_file_and_writes_neither_sessions_nor_debriefs(org_a, workbook):
    make_template()
    path = workbook(
        DEBRIEF_HEADERS,
        [
            [2019, "2019-12-20", "向工委述职", "市税务局", "张三", 90, "好"],
            [2019, "2020-01-05", "向工委述职", "市财政局", "王五", 90, "好"],
            ["二〇一九", "2019-12-20", "年终考核", "市税务局", "李四", "九十", "优秀"],
            [2019, "2019-12-20", "向工委述职", "市税务局党支部", "张三", 91, "好"],
        ],
        sheet="述职",
    )
    problems = _problems("debrief", path)
    assert any(p.startswith("工作表“述职”第3行第B列(述职日期)") and "不在 2019 年度内" in p for p in problems)
    assert any(p.startswith("工作表“述职”第4行第A列(年度)") for p in problems), problems
    assert any(p.startswith("工作表“述职”第4行第C列(类型)") for p in problems), problems
    assert any(p.startswith("工作表“述职”第4行第F列(得分)") for p in problems), problems
    assert any(p.startswith("工作表“述职”第4行第G列(等次)") and "好、较好、一般、差" in p for p in problems)
    assert any("第5行" in p and "同一条记录" in p for p in problems), problems
    assert not DebriefSession.objects.exists() and not Debrief.objects.exists()


def test_a_debrief_file_without_a_scoring_template_is_refused_at_its_row(org_a, workbook):
    ScoringTemplate.objects.update(is_active=False)
    path = workbook(DEBRIEF_HEADERS, [[2019, "2019-12-20", "向工委述职", "市税务局", "张三"]])
    problems = _problems("debrief", path)
    assert any(p.startswith("工作表“Sheet1”第2行") and "评分模板" in p for p in problems), problems
    assert not DebriefSession.objects.exists()


def test_the_command_imports_each_new_kind(org_a, workbook):
    make_template()
    out = io.StringIO()
    path = workbook(DEBRIEF_HEADERS, [[2019, "2019-12-20", "向工委述职", "市税务局", "张三", 90, "好"]])
    call_command("import_records", "debrief", str(path), stdout=out)
    assert "述职评议导入完成：新增 1" in out.getvalue()
    path = workbook(BULLETIN_HEADERS, [[2, "2019-03-01", "工作提醒", "提醒", "市税务局", "提醒"]])
    call_command("import_records", "bulletin", str(path), stdout=out)
    path = workbook(REMINDER_HEADERS, [["2019-06-10", "市税务局", "张三", "整改缓慢", "组织委员"]])
    call_command("import_records", "reminder_talk", str(path), stdout=out)
    assert Debrief.objects.count() == Bulletin.objects.count() == ReminderTalk.objects.count() == 1
