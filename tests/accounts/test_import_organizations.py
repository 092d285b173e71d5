"""Importing the org tree from legacy workbooks: the command, re-imports, and every refusal."""

from datetime import date

import pytest
from django.core.management import CommandError, call_command

from accounts.imports.common import legacy_import
from accounts.imports.organizations import OrganizationResource
from accounts.models import Organization, OrgKind, Unit
from partybuild.legacy_excel import ImportFailed
from tests.accounts.excel_helpers import ORG_HEADER, ORG_SAMPLE, make_workbook

pytestmark = pytest.mark.django_db

ROOT = "中共清镇市直属机关工作委员会"


def counts():
    return Organization.objects.count(), Organization.history.count(), Unit.objects.count()


def parent_of(org):
    return Organization.objects.get(path=org.path[: -Organization.steplen])


def run(path, *args):
    call_command("import_organizations", str(path), *args)


def test_it_imports_the_sample_with_parents_kinds_units_and_dates(capsys):
    run(ORG_SAMPLE)
    assert Organization.objects.count() == 15
    branch = Organization.objects.get(name="中共清镇市委办第一支部委员会")
    assert parent_of(branch).name == "中共清镇市委办机关委员会"
    assert branch.kind == OrgKind.BRANCH and branch.unit.name == "市委办"
    assert branch.founded_on == date(2015, 6, 1)
    assert Organization.objects.get(name="市直机关工委办公室").kind == OrgKind.COMMITTEE_OFFICE
    assert Organization.objects.get(name="中共清镇市政府办机关委员会").kind == OrgKind.ORGAN_COMMITTEE
    assert Organization.objects.get(depth=1).name == ROOT
    assert "新增 15、更新 0、未变 0" in capsys.readouterr().out


def test_reimporting_the_same_file_changes_nothing(capsys):
    run(ORG_SAMPLE)
    before = counts()
    run(ORG_SAMPLE)
    assert counts() == before
    assert "新增 0、更新 0、未变 15" in capsys.readouterr().out


def test_a_dry_run_writes_nothing(capsys):
    run(ORG_SAMPLE, "--dry-run")
    assert counts() == (0, 0, 0)
    assert "试运行" in capsys.readouterr().out


def test_it_updates_a_changed_row_and_keeps_the_others(tmp_path, root_org):
    path = make_workbook(
        tmp_path / "o.xlsx",
        {
            "表": [
                ORG_HEADER,
                [1, "中共甲局支部委员会", "市直机关工委", "党支部", "甲局党支部", "甲局", "2001.05"],
            ]
        },
    )
    report = legacy_import(OrganizationResource(), path)
    assert report.new == 1
    path = make_workbook(
        tmp_path / "o.xlsx",
        {
            "表": [
                ORG_HEADER,
                [1, "中共甲局支部委员会", "市直机关工委", "党总支", "甲局党总支", "甲局", "2001.05"],
            ]
        },
    )
    report = legacy_import(OrganizationResource(), path)
    assert (report.new, report.updated) == (0, 1)
    org = Organization.objects.get(name="中共甲局支部委员会")
    assert org.kind == OrgKind.GENERAL_BRANCH and org.founded_on == date(2001, 5, 1)


def test_a_parent_listed_after_its_children_is_created_first(tmp_path, root_org):
    path = make_workbook(
        tmp_path / "o.xlsx",
        {
            "表": [
                ORG_HEADER,
                [1, "中共乙局第一支部委员会", "乙局机关党委", "支部", None, "乙局", None],
                [2, "中共乙局机关委员会", ROOT, "分党委", "乙局机关党委", "乙局", None],
            ]
        },
    )
    legacy_import(OrganizationResource(), path)
    child = Organization.objects.get(name="中共乙局第一支部委员会")
    assert parent_of(child).name == "中共乙局机关委员会"
    assert parent_of(child).kind == OrgKind.ORGAN_COMMITTEE


def test_an_unknown_parent_is_refused_with_the_closest_names(tmp_path, org_a):
    path = make_workbook(
        tmp_path / "o.xlsx",
        {
            "表": [
                ["单位党组织信息表"],
                ORG_HEADER,
                [1, "中共丙局支部委员会", ROOT, "党支部", None, None, None],
                [2, "中共丁局支部委员会", "中共清镇市税务局支部委员", "党支部", None, None, None],
            ]
        },
        merges={"表": ["A1:G1"]},
    )
    before = counts()
    with pytest.raises(ImportFailed) as exc:
        legacy_import(OrganizationResource(), path)
    [problem] = exc.value.problems
    assert (problem.sheet, problem.row, problem.column, problem.header) == ("表", 4, "C", "上级党组织")
    assert "找不到上级党组织“中共清镇市税务局支部委员”" in problem.message
    assert "相近的名称：中共清镇市税务局支部委员会" in problem.message
    assert counts() == before


def test_the_command_prints_every_error_with_its_place_and_writes_nothing(tmp_path, root_org, capsys):
    path = make_workbook(
        tmp_path / "o.xlsx",
        {
            "表": [
                ORG_HEADER,
                [1, "中共戊局支部委员会", ROOT, "小组", None, None, None],
                [2, "中共己局支部委员会", ROOT, "党支部", None, None, "2019-02-30"],
                [3, "中共庚局支部委员会", ROOT, "党支部", None, None, "2019年13月1日"],
                [4, "中共辛局支部委员会", ROOT, "党支部", None, None, None],
            ]
        },
    )
    before = counts()
    with pytest.raises(CommandError, match="共3处问题，未写入任何数据"):
        run(path)
    err = capsys.readouterr().err
    assert "表/第2行/组织类别: 组织类别“小组”无法识别" in err
    assert "表/第3行/成立时间: 日期“2019-02-30”不存在" in err
    assert "表/第4行/成立时间: 日期“2019年13月1日”有误：没有13月" in err
    assert counts() == before


def test_a_wrong_file_type_is_refused_before_parsing(tmp_path, root_org, capsys):
    path = tmp_path / "orgs.csv"
    path.write_text("序号,党组织名称\n", encoding="utf-8")
    with pytest.raises(CommandError):
        run(path)
    assert "不是 Excel 工作簿（.xlsx）" in capsys.readouterr().err
    assert Organization.objects.count() == 1


def test_a_missing_required_column_is_named(tmp_path, root_org, capsys):
    path = make_workbook(
        tmp_path / "o.xlsx", {"表": [["序号", "党组织名称", "上级党组织"], [1, "中共甲", ROOT]]}
    )
    with pytest.raises(CommandError):
        run(path)
    assert "缺少必需的列“组织类别”（可用的列名：组织类别、党总支类别" in capsys.readouterr().err


def test_a_new_org_without_parent_must_be_the_committee(tmp_path, root_org):
    path = make_workbook(tmp_path / "o.xlsx", {"表": [ORG_HEADER, [1, "中共壬局支部委员会", None, "党支部"]]})
    with pytest.raises(ImportFailed, match="只有工委可以没有上级"):
        legacy_import(OrganizationResource(), path)


def test_duplicate_names_in_one_file_are_refused(tmp_path, root_org):
    path = make_workbook(
        tmp_path / "o.xlsx",
        {
            "表": [
                ORG_HEADER,
                [1, "中共癸局支部委员会", ROOT, "党支部"],
                [2, "中共癸局支部委员会", ROOT, "党支部"],
            ]
        },
    )
    with pytest.raises(ImportFailed, match="在第2行已出现过"):
        legacy_import(OrganizationResource(), path)
    assert not Organization.objects.filter(name="中共癸局支部委员会").exists()


def test_export_has_chinese_headers_and_parent_names(root_org, org_a):
    dataset = OrganizationResource().export()
    assert dataset.headers[:4] == ["党组织名称", "上级党组织", "组织类别", "简称"]
    row = dict(zip(dataset.headers, dataset[1], strict=True))
    assert row["上级党组织"] == ROOT and row["组织类别"] == "党支部"


def test_export_escapes_cells_that_would_run_as_formulas(root_org):
    Organization.objects.filter(pk=root_org.pk).update(short_name="=HYPERLINK(1)")
    dataset = OrganizationResource().export()
    assert dataset[0][3] == "'=HYPERLINK(1)"
