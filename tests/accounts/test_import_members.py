"""Importing the member roster: bulk writes with history, masked ID numbers, de-duplication."""

from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from accounts.imports.common import legacy_import
from accounts.imports.members import MemberResource
from accounts.models import Member, MemberClass, PartyStanding
from partybuild.legacy_excel import ImportFailed
from tests.accounts.excel_helpers import MEMBER_HEADER, MEMBER_SAMPLE, ORG_SAMPLE, make_workbook

pytestmark = pytest.mark.django_db

SAMPLE_ID = "52018119681028120X"  # 夏建玉, first row of the sample
BRANCH = "中共清镇市税务局支部委员会"


@pytest.fixture
def sample_orgs():
    call_command("import_organizations", str(ORG_SAMPLE))


def counts():
    return Member.objects.count(), Member.history.count()


def test_it_imports_the_sample_roster_with_masked_ids_and_classes(sample_orgs, capsys):
    call_command("import_members", str(MEMBER_SAMPLE))
    assert Member.objects.count() == 60
    person = Member.objects.get(name="夏建玉")
    assert person.id_number_masked == "520181************"
    assert person.organization.name == "中共清镇市人力资源和社会保障局支部委员会"
    assert (person.member_class, person.category_label) == (MemberClass.NORMAL, "在职党员")
    assert person.birth_date == date(1968, 10, 28)
    assert Member.objects.get(name="曹涛涛").member_class == MemberClass.ELDERLY
    assert Member.objects.get(name="贾萍英").member_class == MemberClass.MOBILE
    out = capsys.readouterr().out
    assert "新增 60、更新 0、未变 0" in out


def test_no_full_id_number_is_stored_anywhere_including_history(sample_orgs):
    call_command("import_members", str(MEMBER_SAMPLE))
    with connection.cursor() as cursor:
        for table in (Member._meta.db_table, Member.history.model._meta.db_table):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed table names
            dump = repr(cursor.fetchall())
            assert SAMPLE_ID not in dump and SAMPLE_ID[:-1] not in dump


def test_a_bulk_import_keeps_one_history_row_per_member(sample_orgs):
    call_command("import_members", str(MEMBER_SAMPLE))
    assert Member.history.filter(history_type="+").count() == 60
    assert Member.history.filter(name="夏建玉").get().organization.name.endswith("保障局支部委员会")


def test_reimporting_the_roster_changes_nothing(sample_orgs, capsys):
    call_command("import_members", str(MEMBER_SAMPLE))
    before = counts()
    call_command("import_members", str(MEMBER_SAMPLE))
    assert counts() == before
    assert "新增 0、更新 0、未变 60" in capsys.readouterr().out


def test_future_join_dates_are_warnings_not_errors(sample_orgs, capsys):
    call_command("import_members", str(MEMBER_SAMPLE))
    out = capsys.readouterr().out
    assert "提醒（已照原样导入，请核对）" in out
    assert "党员花名册/第16行/入党时间: 入党时间2027-04-01晚于今天，请核对" in out
    # The sample's made-up numbers are imported too, each listed for checking.
    assert "党员花名册/第2行/身份证号: 身份证号校验位不正确" in out
    assert Member.objects.get(name="马红").joined_on == date(2027, 4, 1)


def test_a_dry_run_writes_nothing(sample_orgs, capsys):
    call_command("import_members", str(MEMBER_SAMPLE), "--dry-run")
    assert counts() == (0, 0)
    assert "新增 60" in capsys.readouterr().out


def test_a_join_date_before_birth_is_listed_as_a_warning(tmp_path, org_a):
    path = make_workbook(
        tmp_path / "m.xlsx",
        {"花名册": [MEMBER_HEADER, [1, "李四", "男", "1980-01-01", "1979-01-01", BRANCH, "在职党员", None]]},
    )
    report = legacy_import(MemberResource(), path)
    assert report.new == 1
    assert ["入党时间1979-01-01早于出生日期1980-01-01" in str(w) for w in report.warnings] == [True]


def test_an_unknown_branch_is_refused_with_suggestions_and_nothing_is_written(tmp_path, org_a, capsys):
    path = make_workbook(
        tmp_path / "m.xlsx",
        {
            "花名册": [
                MEMBER_HEADER,
                [1, "李四", "男", "1980-01-01", "2001-07-01", "市税务局党支部", "在职党员", None],
                [2, "王五", "女", "1981-01-01", "2002-07-01", "中共清镇市税务局支部", "在职党员", None],
            ]
        },
    )
    with pytest.raises(CommandError):
        call_command("import_members", str(path))
    err = capsys.readouterr().err
    assert "花名册/第3行/所在党支部: 找不到党组织“中共清镇市税务局支部”" in err
    assert "相近的名称：中共清镇市税务局支部委员会" in err
    assert counts() == (0, 0)


def test_bad_dates_and_bad_id_numbers_are_errors_with_their_cells(tmp_path, org_a):
    path = make_workbook(
        tmp_path / "m.xlsx",
        {
            "花名册": [
                MEMBER_HEADER,
                [1, "李四", "男", "2019-02-30", "2001-07-01", BRANCH, "在职党员", None],
                [2, "王五", "女", "1981-01-01", "2019年13月1日", BRANCH, "在职党员", None],
                [3, "赵六", "女", "1982-01-01", "2003-07-01", BRANCH, "在职党员", "12345"],
            ]
        },
    )
    with pytest.raises(ImportFailed) as exc:
        legacy_import(MemberResource(), path)
    lines = [str(p) for p in exc.value.problems]
    assert lines == [
        "工作表“花名册”第2行第D列(出生日期)：日期“2019-02-30”不存在：2019年2月没有30日，请核对原始材料后改正",
        "工作表“花名册”第3行第E列(入党时间)：日期“2019年13月1日”有误：没有13月，请改为1至12月之间的正确日期",
        "工作表“花名册”第4行第H列(身份证号)：身份证号格式不正确：应为18位（最后一位可为X）或15位数字，请核对后重新填写",
    ]
    assert counts() == (0, 0)


def test_it_accepts_short_names_synonym_headers_and_probationary_members(tmp_path, org_a):
    path = make_workbook(
        tmp_path / "m.xlsx",
        {
            "说明": [["姓名", "所在党组织"], ["填写说明", "请填全称"]],
            "名单": [
                ["党员名单"],
                ["序 号", "党员姓名", "所在党组织", "出生年月", "党籍状态", "人员类别", "身份证号码"],
                [
                    1,
                    "孙七",
                    "市税务局党支部",
                    "1990.05",
                    "预备党员",
                    "流动党员",
                    "１２０１０１１９９００５０１００１Ｘ",
                ],
            ],
        },
    )
    report = legacy_import(MemberResource(), path)
    assert report.new == 1
    person = Member.objects.get()
    assert person.organization == org_a and person.birth_date == date(1990, 5, 1)
    assert person.standing == PartyStanding.PROBATIONARY and person.member_class == MemberClass.MOBILE
    assert person.id_number_masked == "120101************"


def test_without_id_numbers_name_branch_and_birth_date_identify_the_member(tmp_path, org_a):
    rows = [MEMBER_HEADER, [1, "李四", "男", "1980-01-01", "2001-07-01", BRANCH, "在职党员", None]]
    path = make_workbook(tmp_path / "m.xlsx", {"花名册": rows})
    legacy_import(MemberResource(), path)
    rows[1][6] = "年老体弱"
    path = make_workbook(tmp_path / "m.xlsx", {"花名册": rows})
    report = legacy_import(MemberResource(), path)
    assert (report.new, report.updated) == (0, 1)
    assert Member.objects.get().member_class == MemberClass.ELDERLY
    assert Member.history.count() == 2


def test_the_same_id_number_twice_in_one_file_is_refused(tmp_path, org_a):
    row = [1, "李四", "男", "1968-10-28", "1991-05-01", BRANCH, "在职党员", SAMPLE_ID]
    path = make_workbook(tmp_path / "m.xlsx", {"花名册": [MEMBER_HEADER, row, [2, *row[1:]]]})
    with pytest.raises(ImportFailed, match="身份证号与第2行相同"):
        legacy_import(MemberResource(), path)


def test_export_shows_only_masked_ids_under_chinese_headers(org_a):
    Member.objects.create(
        organization=org_a, name="李四", id_number_masked="520181********120X", category_label="在职党员"
    )
    dataset = MemberResource().export()
    row = dict(zip(dataset.headers, dataset[0], strict=True))
    assert row["身份证号"] == "520181********120X" and row["人员类别"] == "在职党员"
    assert row["所在党支部"] == BRANCH
