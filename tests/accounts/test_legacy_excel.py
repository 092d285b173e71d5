"""The shared legacy workbook reader: upload checks, header finding, merged cells, dates."""

from datetime import date, datetime

import pytest
from django.test import override_settings

from partybuild.legacy_excel import (
    ImportFailed,
    ImportProblem,
    check_upload,
    normalize_text,
    parse_date,
    parse_date_with_precision,
    read_table,
)
from tests.accounts.excel_helpers import ORG_SAMPLE, make_workbook, make_zip

SYNONYMS = {
    "seq": ["序号"],
    "name": ["党组织名称", "名称"],
    "kind": ["组织类别", "党总支类别"],
    "when": ["成立时间"],
}


def rows_of(path, required=frozenset({"name"})):
    return list(read_table(path, header_synonyms=SYNONYMS, required=set(required)))


class TestCheckUpload:
    def test_it_accepts_the_sample_workbook(self):
        check_upload(ORG_SAMPLE)

    def test_it_tells_an_xls_user_to_save_as_xlsx(self, tmp_path):
        path = tmp_path / "old.xls"
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
        with pytest.raises(ImportFailed) as exc:
            check_upload(path)
        assert ".xls" in exc.value.message and "另存为" in exc.value.message and ".xlsx" in exc.value.message

    def test_it_refuses_a_csv_file_saying_which_type_is_expected(self, tmp_path):
        path = tmp_path / "orgs.csv"
        path.write_text("序号,党组织名称\n1,中共某支部\n", encoding="utf-8")
        with pytest.raises(ImportFailed) as exc:
            check_upload(path)
        assert "CSV" in exc.value.message and "Excel 工作簿(*.xlsx)" in exc.value.message

    def test_it_refuses_a_text_file_renamed_to_xlsx(self, tmp_path):
        path = tmp_path / "renamed.xlsx"
        path.write_text("not a workbook", encoding="utf-8")
        with pytest.raises(ImportFailed) as exc:
            check_upload(path)
        assert "不是 Excel 工作簿（.xlsx）" in exc.value.message

    def test_it_refuses_a_zip_that_is_not_a_workbook(self, tmp_path):
        path = make_zip(tmp_path / "doc.xlsx", {"word/document.xml": b"<x/>"})
        with pytest.raises(ImportFailed, match="不是 Excel 工作簿"):
            check_upload(path)

    def test_it_refuses_an_oversized_upload_naming_the_limit(self):
        with pytest.raises(ImportFailed) as exc:
            check_upload(ORG_SAMPLE, max_bytes=1000)
        assert "超过上限" in exc.value.message and "拆成几个文件" in exc.value.message

    @override_settings(XLSX_MAX_ZIP_ENTRIES=5)
    def test_it_refuses_a_zip_with_too_many_entries(self, tmp_path):
        entries = {"xl/workbook.xml": b"<w/>"} | {f"xl/media/{i}.bin": b"x" for i in range(10)}
        path = make_zip(tmp_path / "many.xlsx", entries)
        with pytest.raises(ImportFailed) as exc:
            check_upload(path)
        assert "11个部件" in exc.value.message and "上限5个" in exc.value.message

    @override_settings(XLSX_MAX_UNCOMPRESSED_BYTES=1024 * 1024)
    def test_it_refuses_a_zip_that_expands_too_much(self, tmp_path):
        path = make_zip(
            tmp_path / "bomb.xlsx", {"xl/workbook.xml": b"<w/>", "xl/big.xml": b"0" * 3 * 1024 * 1024}
        )
        with pytest.raises(ImportFailed) as exc:
            check_upload(path)
        assert "解压后约3MB" in exc.value.message

    def test_it_checks_an_uploaded_file_object_and_rewinds_it(self):
        with open(ORG_SAMPLE, "rb") as fh:
            check_upload(fh)
            assert fh.tell() == 0


class TestReadTable:
    def test_it_finds_the_header_under_a_merged_title_row(self):
        rows = list(
            read_table(
                ORG_SAMPLE,
                header_synonyms={"name": ["党组织名称"], "parent": ["上级党组织"]},
                required={"name"},
            )
        )
        assert len(rows) == 15
        assert rows[0].row == 3 and rows[0]["name"] == "中共清镇市直属机关工作委员会"
        assert rows[0].columns["parent"].letter == "C"

    def test_it_accepts_synonyms_and_spaces_inside_headers(self, tmp_path):
        path = make_workbook(
            tmp_path / "t.xlsx",
            {"表": [["序  号", " 名\u3000称 ", "党总支类别"], [1, "中共甲支部", "党支部"]]},
        )
        [row] = rows_of(path)
        assert row.values == {"seq": 1, "name": "中共甲支部", "kind": "党支部"}
        assert row.columns["name"].header == "名 称"

    def test_it_fills_merged_cells_down_and_across(self, tmp_path):
        path = make_workbook(
            tmp_path / "t.xlsx",
            {
                "表": [
                    ["序号", "名称", "组织类别"],
                    [1, "甲", "党支部"],
                    [None, "乙", None],
                    [2, "丙", "党总支"],
                ]
            },
            merges={"表": ["A2:A3", "C2:C3"]},
        )
        rows = rows_of(path)
        assert [(r["seq"], r["name"], r["kind"]) for r in rows] == [
            (1, "甲", "党支部"),
            (1, "乙", "党支部"),
            (2, "丙", "党总支"),
        ]

    def test_it_skips_instruction_sheets_spacer_rows_and_footnotes(self, tmp_path):
        path = make_workbook(
            tmp_path / "t.xlsx",
            {
                "填表说明": [["序号", "名称"], ["1", "这里是填表说明"]],
                "数据": [
                    ["党组织信息表"],
                    ["序号", "名称", "组织类别"],
                    [1, "甲", "党支部"],
                    [None, None, None],
                    [2, "乙", "党支部"],
                    ["注：成立时间只填年月"],
                    ["*带星号的列必填"],
                ],
            },
        )
        rows = rows_of(path)
        assert [(r.sheet, r.row, r["name"]) for r in rows] == [("数据", 3, "甲"), ("数据", 5, "乙")]

    def test_it_names_the_missing_required_column_and_its_synonyms(self, tmp_path):
        path = make_workbook(
            tmp_path / "t.xlsx", {"表": [["序号", "组织类别", "成立时间"], [1, "党支部", None]]}
        )
        with pytest.raises(ImportFailed) as exc:
            rows_of(path)
        assert str(exc.value.problems[0]) == (
            "工作表“表”第1行：缺少必需的列“党组织名称”（可用的列名：党组织名称、名称）；请在表头行补上这一列"
        )

    def test_it_says_no_header_was_found_when_no_sheet_has_one(self, tmp_path):
        path = make_workbook(tmp_path / "t.xlsx", {"表": [["甲", "乙"], [1, 2]]})
        with pytest.raises(ImportFailed, match="没有找到表头"):
            rows_of(path)

    def test_a_problem_points_at_sheet_row_and_column(self):
        problem = ImportProblem("日期不存在", sheet="花名册", row=5, column="G", header="入党时间")
        assert str(problem) == "工作表“花名册”第5行第G列(入党时间)：日期不存在"
        assert problem.as_line() == "花名册/第5行/入党时间: 日期不存在"


class TestParseDate:
    @pytest.mark.parametrize(
        "value",
        ["2019年3月31日", "2019.3.31", "2019/3/31", "2019-03-31", "２０１９年３月３１日", 43555, "20190331"],
    )
    def test_it_reads_the_common_written_forms(self, value):
        assert parse_date(value) == date(2019, 3, 31)

    def test_it_reads_date_cells(self):
        assert parse_date(datetime(2019, 3, 31, 0, 0)) == date(2019, 3, 31)

    @pytest.mark.parametrize("value", ["1969.01", "1969年1月", 1969.01])
    def test_it_reads_year_month_as_the_first_day_and_says_so(self, value):
        assert parse_date_with_precision(value) == (date(1969, 1, 1), "month")

    @pytest.mark.parametrize(
        ("value", "message"),
        [("2019-02-30", "2019年2月没有30日"), ("2019年13月1日", "没有13月"), (1969.1, "无法确定月份")],
    )
    def test_it_refuses_impossible_or_ambiguous_dates(self, value, message):
        with pytest.raises(ValueError, match=message):
            parse_date(value)

    def test_it_explains_the_accepted_forms_for_unreadable_text(self):
        with pytest.raises(ValueError, match="请写成 2019-03-31"):
            parse_date("三月底")


def test_normalize_text_turns_full_width_half_width_and_collapses_spaces():
    assert normalize_text("  ＡＢＣ　１２３  （甲）  ") == "ABC 123 (甲)"


def test_a_row_holding_only_the_tail_of_a_merged_range_is_a_spacer(tmp_path):
    path = make_workbook(
        tmp_path / "t.xlsx",
        {"表": [["序号", "名称"], [1, "甲"], [None, None], [None, None]]},
        merges={"表": ["A2:A4"]},
    )
    assert [(r.row, r["name"]) for r in rows_of(path)] == [(2, "甲")]


@pytest.mark.parametrize(
    "note_row",
    [
        [1, "注意：1、红色字段为必填字段，黑色字段为选填字段；2、请勿修改表头", None, None],
        [None, 2, None, "说明：日期请写成 1969.01"],
        [3, "填表说明：组织类别填写党支部、党总支或机关党委", None, None],
    ],
)
def test_a_numbered_row_holding_only_the_templates_note_is_not_data(tmp_path, note_row):
    path = make_workbook(
        tmp_path / "t.xlsx",
        {
            "表": [
                ["序号", "名称", "组织类别", "成立时间"],
                note_row,
                [4, "中共甲局支部委员会", "党支部", "2001.05"],
            ]
        },
        merges={"表": ["B2:D2"]} if note_row[0] == 1 else None,
    )
    assert [(r.row, r["name"]) for r in rows_of(path)] == [(3, "中共甲局支部委员会")]


def test_a_row_with_a_note_beside_real_values_is_still_data(tmp_path):
    path = make_workbook(
        tmp_path / "t.xlsx",
        {"表": [["序号", "名称", "组织类别"], [1, "中共乙局支部委员会", "说明：新建"]]},
    )
    assert [r["name"] for r in rows_of(path)] == ["中共乙局支部委员会"]
