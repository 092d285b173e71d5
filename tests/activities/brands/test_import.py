"""The record kind `brand` (CONTRACT.md): a good file, a bad file (sheet/row/column, nothing written),
and a second import of the same file that changes nothing."""

from __future__ import annotations

import pytest

from activities.imports import get_kind, import_records
from activities.models import Brand, BrandStatus, BrandYear
from partybuild.legacy_excel import ImportFailed
from tests.activities.imports.conftest import write_workbook

pytestmark = pytest.mark.django_db

HEADERS = ["年度", "党组织", "品牌名称", "品牌口号", "状态"]


@pytest.fixture
def workbook(tmp_path):
    counter = iter(range(1000))

    def make(headers, rows, **kwargs):
        return write_workbook(tmp_path / f"brands{next(counter)}.xlsx", headers, rows, **kwargs)

    return make


def _import(path, actor=None):
    return import_records(get_kind("brand"), path, actor=actor)


def test_it_imports_brands_over_two_years_with_entry_and_exit(org_a, org_b, committee_staff, workbook):
    path = workbook(
        HEADERS,
        [
            ["2019年", "市税务局党支部", "红色税苑", "诚信纳税 服务为先", "认定"],
            [2019, "市财政局党支部", "阳光财政", "", "认定"],
            [2020, "市税务局党支部", "红色税苑", "", "认定"],
            [2020, "市财政局党支部", "阳光财政", "", "退出"],
            [2020, "市财政局党支部", "民生直通车", "民有所呼", "申报"],
        ],
        title="2019—2020年度党建品牌认定情况",
    )
    report = _import(path, actor=committee_staff)
    assert report.new == 5
    tax = Brand.objects.get(name="红色税苑")
    assert tax.organization == org_a and tax.slogan == "诚信纳税 服务为先"
    assert dict(BrandYear.objects.filter(brand__name="阳光财政").values_list("year", "status")) == {
        2019: BrandStatus.RECOGNISED,
        2020: BrandStatus.EXITED,
    }
    assert BrandYear.objects.get(brand__name="民生直通车").status == BrandStatus.SUBMITTED

    again = _import(path, actor=committee_staff)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 5)
    assert BrandYear.objects.count() == 5


def test_a_changed_status_updates_the_year(org_a, committee_staff, workbook):
    _import(workbook(HEADERS, [[2019, "市税务局党支部", "红色税苑", "", "申报"]]), actor=committee_staff)
    report = _import(
        workbook(HEADERS, [[2019, "市税务局党支部", "红色税苑", "", "认定"]]), actor=committee_staff
    )
    assert (report.new, report.updated) == (0, 1)
    assert BrandYear.objects.get().status == BrandStatus.RECOGNISED


def test_a_bad_file_names_sheet_row_and_column_and_writes_nothing(org_a, committee_staff, workbook):
    path = workbook(
        HEADERS,
        [
            [2019, "市税务局党支部", "红色税苑", "", "认定"],
            ["去年", "市税务局党支部", "书香机关", "", "认定"],
            [2019, "不存在的党支部", "民生直通车", "", "认定"],
            [2019, "市税务局党支部", "阳光财政", "", "优秀"],
            [2019, "市税务局党支部", "", "", "认定"],
        ],
        sheet="品牌",
    )
    with pytest.raises(ImportFailed) as failed:
        _import(path, actor=committee_staff)
    problems = [str(p) for p in failed.value.problems]
    for row, column in (("第3行", "年度"), ("第4行", "党组织"), ("第5行", "状态"), ("第6行", "品牌名称")):
        assert any("工作表“品牌”" in p and row in p and column in p for p in problems), (row, problems)
    assert not Brand.objects.exists() and not BrandYear.objects.exists()


def test_a_missing_header_is_named(org_a, committee_staff, workbook):
    with pytest.raises(ImportFailed) as failed:
        _import(
            workbook(["年度", "党组织", "品牌名称"], [[2019, "市税务局党支部", "红色税苑"]]),
            actor=committee_staff,
        )
    assert "状态" in "\n".join(str(p) for p in failed.value.problems)
