"""The service_day import kind: a good file (names linked to the roster, counts kept), a bad file (sheet /
row / column, nothing written), and a second import of the same file that changes nothing."""

from __future__ import annotations

from datetime import date

import pytest

from activities.imports import get_kind, import_records
from activities.models import AttendanceStatus, ServiceDay, ServiceDayTheme
from partybuild.legacy_excel import ImportFailed
from tests.activities.imports.conftest import write_workbook

pytestmark = pytest.mark.django_db

HEADERS = [
    "日期",
    "党组织",
    "联系村(社区)",
    "主题",
    "应到人数",
    "实到人数",
    "请假人数",
    "参加人员",
    "主要内容",
]


def _rows():
    return [
        [
            "2019-03-05",
            "市税务局党支部",
            "红枫湖镇右七村",
            "志愿服务",
            4,
            3,
            1,
            "张伟、李娜、王强",
            "政策宣讲",
        ],
        ["2019年4月9日", "市财政局", None, "自选：垃圾分类宣传", 12, 10, None, None, None],
        ["2019.5.7", "中共清镇市税务局支部委员会", "右七村", "学习教育", "4人", "4", "0", None, "学习党章"],
    ]


def test_it_imports_service_days_linking_named_attendees_and_changes_nothing_the_second_time(
    org_a, org_b, roster_a, tmp_path
):
    path = write_workbook(tmp_path / "服务日.xlsx", HEADERS, _rows(), title="2019年党员服务日开展情况")

    report = import_records(get_kind("service_day"), path)

    assert report.new == 3
    first = ServiceDay.objects.get(organization=org_a, held_on=date(2019, 3, 5))
    assert (first.theme, first.place, first.expected, first.present, first.on_leave) == (
        ServiceDayTheme.VOLUNTEER,
        "红枫湖镇右七村",
        4,
        3,
        1,
    )
    assert set(first.attendance.values_list("member__name", "status")) == {
        ("张伟", AttendanceStatus.PRESENT),
        ("李娜", AttendanceStatus.PRESENT),
        ("王强", AttendanceStatus.PRESENT),
    }
    custom = ServiceDay.objects.get(organization=org_b)
    assert (custom.theme, custom.theme_text, custom.present, custom.attendance.count()) == (
        ServiceDayTheme.CUSTOM,
        "垃圾分类宣传",
        10,
        0,
    )

    again = import_records(get_kind("service_day"), path)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 3)


def test_a_changed_row_updates_its_day(org_a, org_b, roster_a, tmp_path):
    import_records(get_kind("service_day"), write_workbook(tmp_path / "a.xlsx", HEADERS, _rows()))
    rows = _rows()
    rows[0][5], rows[0][7] = 2, "张伟、李娜"

    report = import_records(get_kind("service_day"), write_workbook(tmp_path / "b.xlsx", HEADERS, rows))

    assert (report.updated, report.unchanged) == (1, 2)
    first = ServiceDay.objects.get(organization=org_a, held_on=date(2019, 3, 5))
    assert first.present == 2 and first.attendance.count() == 2


def test_it_refuses_a_bad_file_cell_by_cell_and_writes_nothing(org_a, roster_a, tmp_path):
    rows = [
        ["2019-03-05", "市税务局党支部", None, "志愿服务", 4, 3, 1, "张伟", None],
        ["2019-03-06", "不存在的支部", None, "学习教育", 4, 3, None, None, None],
        ["2019-03-07", "市税务局党支部", None, "学习教育", 3, 4, None, None, None],
        ["2019-03-08", "市税务局党支部", None, "学习教育", 4, 2, None, "张伟、赵六", None],
        ["2019-03-09", "市税务局党支部", None, None, "四", 2, None, None, None],
    ]
    path = write_workbook(tmp_path / "bad.xlsx", HEADERS, rows)

    with pytest.raises(ImportFailed) as failed:
        import_records(get_kind("service_day"), path)

    problems = [str(p) for p in failed.value.problems]
    text = "\n".join(problems)
    assert "第3行" in text and "党组织" in text
    assert any("第4行" in p and "实到人数" in p and "多于应到人数" in p for p in problems), problems
    assert any("第5行" in p and "参加人员" in p and "赵六" in p for p in problems), problems
    assert any("第6行" in p and "主题" in p for p in problems), problems
    assert any("第6行" in p and "应到人数" in p for p in problems), problems
    assert all("Sheet1" in p for p in problems), problems
    assert not ServiceDay.objects.exists()


def test_editing_an_imported_day_without_names_keeps_its_counts(
    org_a, org_b, roster_a, committee_staff, tmp_path
):
    from tests.conftest import browser_as

    import_records(get_kind("service_day"), write_workbook(tmp_path / "a.xlsx", HEADERS, _rows()))
    day = ServiceDay.objects.get(organization=org_b)
    client = browser_as(committee_staff)

    assert "data-counts-only" in client.get(f"/activities/service-days/{day.pk}/edit/").content.decode()
    response = client.post(
        f"/activities/service-days/{day.pk}/edit/",
        {"held_on": "2019-04-09", "theme": "custom", "theme_text": "垃圾分类宣传", "content": "补充内容"},
    )

    assert response.status_code == 302
    day.refresh_from_db()
    assert (day.expected, day.present, day.content) == (12, 10, "补充内容")
