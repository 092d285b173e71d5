"""The `forum` and `selection` import kinds: a good file, a bad file (Chinese sheet/row/column errors,
nothing written), and a second import of the same file that changes nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from activities.imports import get_kind, import_records
from activities.models import Candidate, CandidateStage, Forum, Selection, SelectionKind
from partybuild.legacy_excel import ImportFailed
from tests.activities.imports.conftest import write_workbook
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

FORUM_HEADERS = ["日期", "党组织", "主讲人", "题目", "参加人数", "参加人员"]
SELECTION_HEADERS = ["年度", "评选", "类别", "名称", "推荐党组织", "阶段", "得分"]


@pytest.fixture
def book(tmp_path):
    counter = iter(range(100))

    def make(headers, rows, **kwargs):
        return write_workbook(tmp_path / f"f{next(counter)}.xlsx", headers, rows, **kwargs)

    return make


def _problems(kind, path) -> list[str]:
    with pytest.raises(ImportFailed) as failed:
        import_records(get_kind(kind), path)
    return [str(p) for p in failed.value.problems]


def test_it_imports_forums_joint_ones_with_each_org_and_changes_nothing_the_second_time(
    committee_staff, org_a, org_b, book
):
    speaker = MemberFactory(organization=org_a, name="王讲")
    MemberFactory(organization=org_a, name="甲")
    MemberFactory(organization=org_b, name="乙")
    path = book(
        FORUM_HEADERS,
        [
            ["2019-03-20", "市税务局党支部", "王讲", "我是党员，我在岗位上", 32, ""],
            [
                "2019年6月18日",
                "市税务局党支部、市财政局党支部",
                "王讲、外请专家",
                "联合讲坛",
                "45人",
                "甲、乙",
            ],
        ],
        title="2019年“我是党员”主题讲坛登记表",
    )
    report = import_records(get_kind("forum"), path, actor=committee_staff)
    assert (report.new, report.updated, report.unchanged) == (2, 0, 0)
    joint = Forum.objects.get(topic="联合讲坛")
    assert set(joint.organizations.all()) == {org_a, org_b}
    assert joint.organization == org_a and joint.attendance == 45
    assert list(joint.speakers.all()) == [speaker] and joint.speaker_names == "王讲、外请专家"
    assert set(joint.attendees.values_list("name", flat=True)) == {"甲", "乙"}
    again = import_records(get_kind("forum"), path, actor=committee_staff)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 2)
    assert Forum.objects.count() == 2


def test_it_refuses_a_bad_forum_file_cell_by_cell_and_writes_nothing(committee_staff, org_a, book):
    path = book(
        FORUM_HEADERS,
        [
            ["2019-03-20", "市税务局党支部", "王讲", "好讲坛", 30, ""],
            ["2019-13-40", "不存在的支部", "", "坏讲坛", "很多", "查无此人"],
        ],
    )
    problems = _problems("forum", path)
    text = "\n".join(problems)
    assert all("Sheet1" in p and "第" in p for p in problems)
    for column in ("日期", "党组织", "主讲人", "参加人数"):
        assert column in text
    assert not Forum.objects.exists()


def test_it_imports_selections_with_kind_categories_stages_and_scores_idempotently(
    committee_staff, org_a, org_b, book
):
    MemberFactory(organization=org_a, name="王讲")
    path = book(
        SELECTION_HEADERS,
        [
            [2019, "2019年上半年“我是党员”主题讲坛", "", "王讲", "市税务局党支部", "表彰", 95.5],
            [2019, "2019年上半年“我是党员”主题讲坛", "", "赵讲", "市财政局党支部", "推荐", ""],
            [2019, "2019年度“双十佳”评选", "科室窗口", "办税服务厅", "市税务局党支部", "表彰", ""],
            [2019, "2019年度“双十佳”评选", "个人标兵", "李标兵", "市财政局党支部", "入选", "88"],
        ],
    )
    report = import_records(get_kind("selection"), path, actor=committee_staff)
    assert report.new == 4
    speakers = Selection.objects.get(name__contains="主题讲坛")
    assert speakers.kind == SelectionKind.FORUM_SPEAKERS
    double = Selection.objects.get(name__contains="双十佳")
    assert double.kind == SelectionKind.DOUBLE_TOP_TEN
    wang = Candidate.objects.get(name="王讲")
    assert wang.stage == CandidateStage.AWARDED and wang.score == Decimal("95.50") and wang.member is not None
    assert Candidate.objects.get(name="办税服务厅").category.name == "科室窗口"
    again = import_records(get_kind("selection"), path, actor=committee_staff)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 4)
    assert Candidate.objects.count() == 4 and Selection.objects.count() == 2


def test_it_refuses_a_bad_selection_file_and_writes_nothing(committee_staff, org_a, book):
    path = book(
        SELECTION_HEADERS,
        [
            [2019, "2019年度双十佳", "科室窗口", "办税服务厅", "市税务局党支部", "表彰", ""],
            ["去年", "2019年度双十佳", "科室窗口", "窗口二", "无此支部", "优秀", "九十"],
        ],
    )
    text = "\n".join(_problems("selection", path))
    for column in ("年度", "推荐党组织", "阶段", "得分"):
        assert column in text
    assert not Selection.objects.exists() and not Candidate.objects.exists()
    assert date(2019, 1, 1)  # dates are not part of this kind
