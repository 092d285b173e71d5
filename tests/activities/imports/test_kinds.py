"""Each kind of CONTRACT.md's six-systems imports: a good file, a bad file (sheet/row/column, nothing
written), and a second import of the same file that changes nothing."""

from __future__ import annotations

from datetime import date

import pytest

from accounts.models import SecretaryRole, SecretaryTerm
from accounts.services.people import secretary_term_create
from activities.imports import get_kind, import_records
from activities.models import AppointmentTalk, Vetting, VettingConclusion
from partybuild.legacy_excel import ImportFailed
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

TERM_HEADERS = ["党组织", "姓名", "职务", "任职时间", "离任时间", "批复文号"]
VETTING_HEADERS = [
    "考察日期",
    "党组织",
    "候选人",
    "拟任职务",
    "考察原因",
    "考察组成员",
    "谈话人数",
    "考察结论",
    "批复文号",
    "批复日期",
]
TALK_HEADERS = ["谈话日期", "党组织", "书记", "谈话人", "履职表态"]


def _import(kind, path, **kwargs):
    return import_records(get_kind(kind), path, **kwargs)


def _problems(kind, path) -> list[str]:
    with pytest.raises(ImportFailed) as failed:
        _import(kind, path)
    return [str(p) for p in failed.value.problems]


# ---------------------------------------------------------------- secretary_term


def test_it_imports_terms_links_the_roster_and_changes_nothing_the_second_time(org_a, org_b, workbook):
    zhang = MemberFactory(organization=org_a, name="张三")
    path = workbook(
        TERM_HEADERS,
        [
            ["市税务局党支部", "张三", "书记", "2019年3月20日", None, "清直工委〔2019〕5号"],
            ["中共清镇市财政局支部委员会", "王五", "副书记", "2016.5.1", "2019/4/30", None],
        ],
        title="书记任职情况表",
    )
    report = _import("secretary_term", path)
    assert (report.new, report.updated, report.unchanged) == (2, 0, 0)
    zhang_term = SecretaryTerm.objects.get(organization=org_a)
    assert (zhang_term.member, zhang_term.role, zhang_term.started_on) == (
        zhang,
        "secretary",
        date(2019, 3, 20),
    )
    wang_term = SecretaryTerm.objects.get(organization=org_b)
    assert (wang_term.member, wang_term.role, wang_term.ended_on) == (None, "deputy", date(2019, 4, 30))

    again = _import("secretary_term", path)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 2)
    assert SecretaryTerm.objects.count() == 2
    assert zhang_term.history.count() == 1  # nothing was saved again


def test_it_refuses_a_bad_terms_file_cell_by_cell_and_writes_nothing(org_a, workbook):
    path = workbook(
        TERM_HEADERS,
        [
            ["市税务局党支部", "张三", "书记", "2019-03-20"],  # good, but the file has bad rows too
            ["市税务局党支部", "李四", "支委", "2019-03-20"],
            ["市税务局党支部", "王五", "书记", "2019-05-01", "2019-01-01"],
        ],
    )
    problems = _problems("secretary_term", path)
    assert any(p.startswith("工作表“Sheet1”第3行第C列(职务)") and "书记、副书记" in p for p in problems), (
        problems
    )
    assert any(p.startswith("工作表“Sheet1”第4行第E列(离任时间)") for p in problems), problems
    assert not SecretaryTerm.objects.exists()


# ---------------------------------------------------------------- vetting


def _vetting_row(**overrides):
    row = {
        "考察日期": "2019-03-01",
        "党组织": "市税务局党支部",
        "候选人": "李四",
        "拟任职务": "书记",
        "考察原因": "换届",
        "考察组成员": "王五、赵六",
        "谈话人数": 12,
        "考察结论": "同意",
        "批复文号": "清直工委〔2019〕5号",
        "批复日期": "2019年3月20日",
    } | overrides
    return [row[h] for h in VETTING_HEADERS]


def test_it_imports_vettings_an_approval_makes_the_term_and_ends_the_predecessor(org_a, workbook):
    old = secretary_term_create(
        actor=None, organization=org_a, person_name="老书记", started_on=date(2016, 1, 1)
    )
    li = MemberFactory(organization=org_a, name="李四")
    chen = MemberFactory(organization=org_a, name="陈七")
    path = workbook(
        VETTING_HEADERS,
        [
            _vetting_row(),
            _vetting_row(候选人="陈七", 拟任职务="副书记", 考察结论="暂缓", 批复文号=None, 批复日期=None),
        ],
    )
    report = _import("vetting", path)
    assert report.new == 2
    approved = Vetting.objects.get(candidate=li)
    assert approved.conclusion == VettingConclusion.APPROVED
    assert (approved.term.member, approved.term.started_on) == (li, date(2019, 3, 20))
    assert Vetting.objects.get(candidate=chen).conclusion == VettingConclusion.DEFERRED
    old.refresh_from_db()
    assert old.ended_on == date(2019, 3, 19)

    again = _import("vetting", path)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 2)
    assert SecretaryTerm.objects.count() == 2


def test_an_approved_vetting_and_a_term_row_are_one_term_whichever_comes_first(org_a, org_b, workbook):
    MemberFactory(organization=org_a, name="李四")
    MemberFactory(organization=org_b, name="李四")
    term_row = ["市税务局党支部", "李四", "书记", "2019-03-20", None, None]
    # Term first, then the vetting: the approval becomes that term.
    _import("secretary_term", workbook(TERM_HEADERS, [term_row]))
    _import("vetting", workbook(VETTING_HEADERS, [_vetting_row()]))
    assert SecretaryTerm.objects.filter(organization=org_a).count() == 1
    term = SecretaryTerm.objects.get(organization=org_a)
    assert term.vetting.candidate.name == "李四"
    assert term.approval_document == "清直工委〔2019〕5号"
    # Vetting first, then the term row: the row finds the vetting's term and changes nothing.
    _import("vetting", workbook(VETTING_HEADERS, [_vetting_row(党组织="市财政局党支部")]))
    report = _import(
        "secretary_term", workbook(TERM_HEADERS, [["市财政局党支部", "李四", "书记", "2019-03-20"]])
    )
    assert report.unchanged == 1
    assert SecretaryTerm.objects.filter(organization=org_b).count() == 1


def test_it_refuses_a_bad_vetting_file_and_writes_neither_vettings_nor_terms(org_a, workbook):
    MemberFactory(organization=org_a, name="李四")
    path = workbook(
        VETTING_HEADERS,
        [
            _vetting_row(),
            _vetting_row(候选人="查无此人", 考察日期="2019-04-01"),
            _vetting_row(考察日期="2019-05-01", 考察结论="通过", 谈话人数="十二"),
        ],
        sheet="考察",
    )
    problems = _problems("vetting", path)
    assert any(
        p.startswith("工作表“考察”第3行第C列(候选人)") and "找不到“查无此人”" in p for p in problems
    ), problems
    assert any(p.startswith("工作表“考察”第4行第H列(考察结论)") for p in problems), problems
    assert any(p.startswith("工作表“考察”第4行第G列(谈话人数)") for p in problems), problems
    assert not Vetting.objects.exists()
    assert not SecretaryTerm.objects.exists()


def test_a_service_refusal_names_its_row_and_rolls_back_the_rows_before_it(org_a, workbook):
    """The second approval for the same post and start date cannot take over: the service refuses it,
    the message points at the row, and the first row's vetting and term are gone too."""
    MemberFactory(organization=org_a, name="李四")
    MemberFactory(organization=org_a, name="陈七")
    path = workbook(VETTING_HEADERS, [_vetting_row(), _vetting_row(候选人="陈七")])
    problems = _problems("vetting", path)
    assert any("第3行" in p and "不能接替" in p for p in problems), problems
    assert not Vetting.objects.exists()
    assert not SecretaryTerm.objects.exists()


# ---------------------------------------------------------------- appointment_talk


def test_it_imports_talks_onto_the_terms_and_changes_nothing_the_second_time(org_a, workbook):
    term = secretary_term_create(
        actor=None,
        organization=org_a,
        person_name="张三",
        started_on=date(2019, 3, 20),
        role=SecretaryRole.SECRETARY,
    )
    path = workbook(
        TALK_HEADERS, [["2019年4月2日", "市税务局", "张三", "工委书记、组织委员", "抓党建是第一责任"]]
    )
    assert _import("appointment_talk", path).new == 1
    talk = AppointmentTalk.objects.get(term=term)
    assert (talk.talked_on, talk.talked_by, talk.pledge) == (
        date(2019, 4, 2),
        "工委书记、组织委员",
        "抓党建是第一责任",
    )
    again = _import("appointment_talk", path)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 1)
    assert talk.history.count() == 1


def test_it_refuses_a_talk_for_someone_without_a_term_and_writes_nothing(org_a, workbook):
    secretary_term_create(actor=None, organization=org_a, person_name="张三", started_on=date(2019, 3, 20))
    path = workbook(
        TALK_HEADERS,
        [
            ["2019-04-02", "市税务局党支部", "张三", "工委书记"],
            ["2019-04-02", "市税务局党支部", "无名氏", "工委书记"],
            ["2019-01-02", "市税务局党支部", "张三", None],
        ],
    )
    problems = _problems("appointment_talk", path)
    assert any(
        p.startswith("工作表“Sheet1”第3行第C列(书记)") and "没有无名氏的书记任职记录" in p for p in problems
    )
    assert any(p.startswith("工作表“Sheet1”第4行第D列(谈话人)") and "为空" in p for p in problems), problems
    assert any(p.startswith("工作表“Sheet1”第4行第A列(谈话日期)") for p in problems), problems
    assert not AppointmentTalk.objects.exists()


def test_the_id_number_column_tells_two_members_of_one_name_apart(org_a, workbook):
    from accounts.demo.people import _id_number
    from accounts.services.people import id_number_hash

    numbers = [_id_number(date(1980, 1, 1), 1, "男"), _id_number(date(1985, 6, 1), 2, "男")]
    first, second = (
        MemberFactory(organization=org_a, name="李四", id_number_hash=id_number_hash(n)) for n in numbers
    )
    headers = [*VETTING_HEADERS, "身份证号"]
    problems = _problems("vetting", workbook(headers, [_vetting_row() + [None]]))
    assert any("第C列(候选人)" in p and "请在“身份证号”列填写" in p for p in problems), problems
    _import("vetting", workbook(headers, [_vetting_row() + [numbers[1]]]))
    assert Vetting.objects.get().candidate == second
    assert not Vetting.objects.filter(candidate=first).exists()
