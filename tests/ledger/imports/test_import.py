import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.test import TestCase

from ledger.imports.importer import ledger_import_file
from ledger.models import Assignment, Item, Plan, Task
from partybuild.legacy_excel import ImportFailed

from .conftest import SAMPLE, SAMPLE_EXPECTED


def _nothing_written():
    return not (Plan.objects.exists() or Item.objects.exists() or Task.objects.exists())


def _import(path, year=2020, **kwargs):
    # Run what the import queues on commit (the assignments), as the committed import would.
    with TestCase.captureOnCommitCallbacks(execute=True):
        return ledger_import_file(source=path, year=year, user=kwargs.pop("user", None), **kwargs)


def test_the_sample_ledger_gives_exactly_the_expected_items_tasks_deadlines_and_recurrences(orgs):
    expected = json.loads(SAMPLE_EXPECTED.read_text(encoding="utf-8"))

    call_command("import_ledger", str(SAMPLE), "--year", "2020")

    assert Item.objects.filter(plan__year=2020).count() == expected["items"]
    tasks = Task.objects.filter(item__plan__year=2020)
    assert tasks.count() == expected["tasks"]
    assert {t.title: (t.deadline.isoformat() if t.deadline else None) for t in tasks} == expected["deadlines"]
    assert {t.title: t.recurrence for t in tasks} == expected["recurrence"]


def test_the_sample_assigns_group_phrases_to_every_matching_org(orgs):
    _import(SAMPLE)

    task = Task.objects.get(title="组织党员集中学习")  # 各基层党支部, monthly
    assert [g.phrase for g in task.responsible_groups.all()] == ["各基层党支部"]
    assert set(task.assignments.values_list("organization_id", flat=True)) == {orgs["a"].pk, orgs["b"].pk}
    assert task.assignments.count() == 24
    march = task.assignments.get(organization=orgs["a"], period="2020-M03")
    assert march.due_date == date(2020, 3, 31)
    once = Task.objects.get(title="报送半年工作总结")
    assert set(once.assignments.values_list("period", "due_date")) == {("2020-Y", date(2020, 7, 10))}


@pytest.mark.parametrize(
    "header",
    [
        ["序  号", "重点工作", "工作任务", "牵头单位", "时间节点", "进展情况", "佐证材料", "备注"],
        ["序 号", "大项工作", "任务内容", "责任部门", "完成时间", "完成情况", "完成效果", "备注"],
        ["序号", "工作项目", "具体任务", "责任单位", "完成时限", "完成情况", "完成效果", "备注"],
    ],
)
def test_it_accepts_every_header_synonym(header, orgs, ledger_file):
    path = ledger_file(
        [[1, "组织建设", "开展支部标准化建设", "市税务局", "6月30日前", "", "建设方案", "重点"]],
        header=header,
    )

    _import(path)

    task = Task.objects.get()
    assert (task.item.title, task.title, task.deadline) == (
        "组织建设",
        "开展支部标准化建设",
        date(2020, 6, 30),
    )
    assert list(task.responsible_orgs.all()) == [orgs["a"]]
    assert task.standard == "建设方案"
    assert task.notes == "重点"


def test_it_skips_instruction_sheets_spacer_rows_and_footnotes(orgs, ledger_file):
    path = ledger_file(
        [
            [1, "组织建设", "开展支部标准化建设", "市税务局", "全年"],
            [None, None, None, None, None],
            [2, "党员教育", "讲党课", "市财政局", "每季度"],
            ["注：责任单位以最新机构设置为准"],
        ],
        extra_sheets=[("填表说明", [["请按模板填写"], ["序号", "工作项目", "具体任务"]])],
    )

    _import(path)

    assert sorted(Task.objects.values_list("title", flat=True)) == ["开展支部标准化建设", "讲党课"]


def test_a_wrong_file_type_is_refused_in_chinese_and_writes_nothing(orgs, tmp_path):
    path = tmp_path / "ledger.csv"
    path.write_text("序号,工作项目\n1,组织建设\n", encoding="utf-8")

    with pytest.raises(ImportFailed, match="不是 Excel 工作簿（.xlsx）.*另存为"):
        _import(path)
    assert _nothing_written()


def test_an_empty_file_is_refused(orgs, tmp_path):
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")

    with pytest.raises(ImportFailed, match="空文件"):
        _import(path)
    assert _nothing_written()


def test_a_workbook_with_a_header_but_no_rows_is_refused(orgs, ledger_file):
    with pytest.raises(ImportFailed, match="没有任何任务行"):
        _import(ledger_file([]))
    assert _nothing_written()


def test_a_missing_column_is_named_with_its_accepted_names(orgs, ledger_file):
    path = ledger_file(
        [[1, "组织建设", "讲党课", "全年"]], header=["序号", "工作项目", "具体任务", "完成时限"]
    )

    with pytest.raises(ImportFailed) as caught:
        _import(path)

    assert "缺少必需的列“责任单位”（可用的列名：责任单位、牵头单位、责任部门" in caught.value.message
    assert _nothing_written()


def test_an_unknown_unit_is_reported_at_its_cell_with_suggestions_and_nothing_is_written(orgs, ledger_file):
    path = ledger_file(
        [
            [1, "组织建设", "开展支部标准化建设", "市税务局", "全年"],
            [2, "党员教育", "讲党课", "市财政厅", "每季度"],
        ]
    )

    with pytest.raises(CommandError, match="共1处问题，未写入任何数据"):
        call_command("import_ledger", str(path), "--year", "2020")
    with pytest.raises(ImportFailed) as caught:
        _import(path)

    assert str(caught.value.problems[0]).startswith("工作表“2020年台账”第4行")
    from ledger.imports.reader import problem_line

    line = problem_line(caught.value.problems[0])
    assert line.startswith("工作表“2020年台账”第4行 责任单位: 找不到责任单位“市财政厅”")
    assert "相近的名称：市财政局" in line
    assert _nothing_written()


def test_an_impossible_date_is_an_error_not_a_guess(orgs, ledger_file):
    path = ledger_file([[1, "组织建设", "讲党课", "市税务局", "2月30日"]])

    with pytest.raises(ImportFailed) as caught:
        _import(path)

    from ledger.imports.reader import problem_line

    assert problem_line(caught.value.problems[0]) == (
        "工作表“2020年台账”第3行 完成时限: 完成时限“2月30日”不存在：2020年2月没有30日；请核对后改为实际日期"
    )
    assert _nothing_written()


def test_every_problem_in_the_file_is_listed_at_once(orgs, ledger_file):
    path = ledger_file(
        [
            [1, "组织建设", "讲党课", "无此单位", "2月30日"],
            [2, "党员教育", "", "市税务局", "全年"],
        ]
    )

    with pytest.raises(ImportFailed) as caught:
        _import(path)

    assert [(p.row, p.header) for p in caught.value.problems] == [
        (3, "完成时限"),
        (3, "责任单位"),
        (4, "具体任务"),
    ]


def test_importing_the_same_file_again_creates_nothing_new(orgs):
    _import(SAMPLE)
    before = (Item.objects.count(), Task.objects.count(), Assignment.objects.count(), Task.history.count())

    result = _import(SAMPLE)

    assert result.counts["tasks_created"] == 0
    assert result.counts["tasks_existing"] == 10
    assert (
        Item.objects.count(),
        Task.objects.count(),
        Assignment.objects.count(),
        Task.history.count(),
    ) == before


def test_a_dry_run_previews_but_writes_nothing(orgs, capsys):
    call_command("import_ledger", str(SAMPLE), "--year", "2020", "--dry-run")

    out = capsys.readouterr().out
    assert "预览：5个工作项目（新增5），10项任务（新增10）；未写入任何数据" in out
    assert "制定“一支部一品牌”创建方案 | 各基层党支部 | 2020-03-31" in out
    assert _nothing_written()


def test_every_created_row_has_a_history_row_with_the_importing_user(orgs, committee_staff):
    _import(SAMPLE, user=committee_staff)

    assert Item.history.filter(history_type="+").count() == 5
    assert Task.history.filter(history_type="+", history_user=committee_staff).count() == 10
    assert Assignment.history.count() == Assignment.objects.count() > 0
    historical = Task.history.get(title="组织党员集中学习")
    assert [row.orggrouprule.phrase for row in historical.responsible_groups.all()] == ["各基层党支部"]


def test_the_command_exits_non_zero_and_prints_each_problem(orgs, ledger_file, capsys):
    path = ledger_file([[1, "组织建设", "讲党课", "市税物局", "每月"]])

    with pytest.raises(CommandError):
        call_command("import_ledger", str(path), "--year", "2020")

    assert "工作表“2020年台账”第3行 责任单位: 找不到责任单位“市税物局”" in capsys.readouterr().err
