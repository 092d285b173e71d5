"""Every field a task has is read from the file and written by the import: one list (ledger.editable)."""

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from ledger.editable import TASK_FIELDS, TASK_RELATIONS
from ledger.imports.importer import ledger_import_file
from ledger.models import Task, TaskLevel
from ledger.services import task_update

HEADER = [
    "序号",
    "工作项目",
    "具体任务",
    "责任单位",
    "完成时限",
    "完成效果",
    "佐证材料",
    "分值",
    "责任层级",
    "备注",
]


def test_weight_level_and_evidence_reach_the_task_and_its_history(orgs, ledger_file, committee_staff):
    path = ledger_file(
        [
            [
                1,
                "组织建设",
                "开展支部标准化建设",
                "市税务局",
                "6月30日前",
                "全部达标",
                "建设方案、验收表",
                5,
                "支部落实",
                "重点",
            ],
            [
                2,
                "责任落实",
                "签订党建责任书",
                "市财政局",
                "3月底前",
                "签订率100%",
                "责任书扫描件",
                "2.5分",
                "党组牵头",
                None,
            ],
            [3, "责任落实", "开展述职评议", "市财政局", "全年", None, None, None, "机关党委负责", None],
        ],
        header=HEADER,
    )

    ledger_import_file(source=path, year=2020, user=committee_staff)

    build = Task.objects.get(title="开展支部标准化建设")
    assert (build.standard, build.evidence_expected) == ("全部达标", "建设方案、验收表")
    assert (build.weight, build.level, build.notes) == (Decimal("5"), TaskLevel.BRANCH, "重点")
    sign = Task.objects.get(title="签订党建责任书")
    assert (sign.weight, sign.level) == (Decimal("2.5"), TaskLevel.PARTY_GROUP)
    review = Task.objects.get(title="开展述职评议")
    assert (review.weight, review.level, review.evidence_expected) == (
        Decimal("1"),
        TaskLevel.ORGAN_COMMITTEE,
        "",
    )
    historical = Task.history.get(id=sign.pk)
    assert (historical.weight, historical.level, historical.evidence_expected) == (
        Decimal("2.5"),
        TaskLevel.PARTY_GROUP,
        "责任书扫描件",
    )


def test_a_file_with_only_an_evidence_column_keeps_it_as_the_standard_too(orgs, ledger_file):
    header = ["序号", "工作项目", "具体任务", "责任单位", "完成时限", "佐证材料"]
    path = ledger_file([[1, "组织建设", "开展支部标准化建设", "市税务局", "全年", "建设方案"]], header=header)

    ledger_import_file(source=path, year=2020, user=None)

    assert Task.objects.values_list("standard", "evidence_expected").get() == ("建设方案", "建设方案")


def test_a_bad_weight_or_level_is_an_error_at_its_cell(orgs, ledger_file, capsys):
    path = ledger_file(
        [
            [1, "组织建设", "开展支部标准化建设", "市税务局", "全年", None, None, "五分", None, None],
            [2, "组织建设", "开展党员教育", "市税务局", "全年", None, None, 3, "全体党员", None],
        ],
        header=HEADER,
    )

    with pytest.raises(CommandError):
        call_command("import_ledger", str(path), "--year", "2020")

    err = capsys.readouterr().err
    assert "第3行 分值: 分值“五分”不正确；请填写不小于0的数字，最多两位小数" in err
    assert "第4行 责任层级: 责任层级“全体党员”无法识别" in err
    assert not Task.objects.exists()


def test_the_field_list_is_every_field_of_a_task_but_its_item():
    editable = {
        f.name for f in Task._meta.get_fields() if f.concrete and not f.primary_key and f.name != "item"
    }

    assert set(TASK_FIELDS) | set(TASK_RELATIONS) == editable


def test_the_service_refuses_a_field_that_is_not_in_the_list(orgs, committee_staff, ledger_file):
    ledger_import_file(
        source=ledger_file([[1, "组织建设", "讲党课", "市税务局", "全年"]]), year=2020, user=None
    )

    with pytest.raises(TypeError, match="unknown task fields: \\['item_id'\\]"):
        task_update(task=Task.objects.get(), by=committee_staff, item_id=1)
