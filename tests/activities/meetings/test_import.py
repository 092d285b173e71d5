"""The `meeting` import kind: a good file (attendees matched to the roster), a bad file (sheet/row/column
errors naming an unknown attendee, nothing written), and a second import that changes nothing."""

from __future__ import annotations

from datetime import date, time

import pytest

from activities.imports import get_kind, import_records
from activities.models import Meeting, MeetingAttendanceStatus, MeetingType
from partybuild.legacy_excel import ImportFailed

pytestmark = pytest.mark.django_db

HEADERS = [
    "党组织",
    "会议类型",
    "实际时间",
    "计划时间",
    "地点",
    "主持人",
    "记录人",
    "应到人数",
    "实到人数",
    "请假人数",
    "参加人员",
    "会议议题",
    "会议内容",
    "会议决议",
]


def _good(org_b_name="市财政局"):
    return [
        [
            "市税务局党支部",
            "支部党员大会",
            "2019/2/3  14:30",
            "2019/2/1",
            "三楼会议室",
            "李明",
            "王红",
            4,
            3,
            1,
            "李明、王红、赵强",
            "学习党章",
            "集体学习党章",
            "无",
        ],
        [
            "市税务局",
            "支委会",
            "2019-03-10",
            None,
            None,
            None,
            None,
            3,
            3,
            None,
            None,
            "研究发展党员",
            None,
            None,
        ],
        [
            org_b_name,
            "党课",
            "2019年4月2日",
            None,
            None,
            None,
            None,
            10,
            9,
            0,
            None,
            "书记讲党课",
            None,
            None,
        ],
    ]


def test_it_imports_meetings_matching_attendees_to_the_roster_and_changes_nothing_the_second_time(
    org_a, org_b, roster_a, workbook
):
    path = workbook(HEADERS, _good(), title="2019年三会一课台账", sheet="三会一课")
    report = import_records(get_kind("meeting"), path)
    assert (report.new, report.updated, report.unchanged) == (3, 0, 0)
    general = Meeting.objects.get(meeting_type=MeetingType.GENERAL)
    assert general.held_on == date(2019, 2, 3) and general.held_time == time(14, 30)
    assert (general.expected_count, general.present_count, general.leave_count) == (4, 3, 1)
    names = set(
        general.attendance.filter(status=MeetingAttendanceStatus.PRESENT).values_list(
            "member__name", flat=True
        )
    )
    assert names == {"李明", "王红", "赵强"}
    assert Meeting.objects.get(meeting_type=MeetingType.LECTURE).organization == org_b
    again = import_records(get_kind("meeting"), path)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 3)
    assert Meeting.objects.count() == 3 and general.history.count() == 1


def test_a_changed_row_updates_its_meeting(org_a, org_b, roster_a, workbook):
    import_records(get_kind("meeting"), workbook(HEADERS, _good()))
    rows = _good()
    rows[1][11] = "研究发展党员和党费收缴"
    report = import_records(get_kind("meeting"), workbook(HEADERS, rows))
    assert (report.new, report.updated, report.unchanged) == (0, 1, 2)
    assert Meeting.objects.get(meeting_type=MeetingType.COMMITTEE).agenda == "研究发展党员和党费收缴"


def test_it_refuses_a_bad_file_naming_each_problem_and_writes_nothing(org_a, org_b, roster_a, workbook):
    rows = _good()
    rows[0][10] = "李明、张无忌"
    rows[1][1] = "主题党日"
    rows[2][8] = 12
    rows.append(
        ["市税务局", "支委会", "2019-13-01", None, None, None, None, "五人", 3, None, None, None, None, None]
    )
    path = workbook(HEADERS, rows, sheet="会议")
    with pytest.raises(ImportFailed) as failed:
        import_records(get_kind("meeting"), path)
    problems = [str(p) for p in failed.value.problems]
    assert any(p.startswith("工作表“会议”第2行第K列(参加人员)") and "张无忌" in p for p in problems), problems
    assert any(p.startswith("工作表“会议”第3行第B列(会议类型)") and "服务日" in p for p in problems), problems
    assert any(p.startswith("工作表“会议”第4行第I列(实到人数)") for p in problems), problems
    assert any(p.startswith("工作表“会议”第5行第C列(实际时间)") for p in problems), problems
    assert any(p.startswith("工作表“会议”第5行第H列(应到人数)") for p in problems), problems
    assert not Meeting.objects.exists()
