from datetime import date, datetime

import pytest

from ledger.imports.deadlines import parse_deadline
from ledger.models import Recurrence


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (datetime(2019, 3, 31), date(2019, 3, 31)),
        (date(2019, 3, 31), date(2019, 3, 31)),
        ("2019年3月31日", date(2019, 3, 31)),
        ("2019.3.31", date(2019, 3, 31)),
        ("2019/3/31", date(2019, 3, 31)),
        ("2019-03-31", date(2019, 3, 31)),
        ("２０１９年３月３１日", date(2019, 3, 31)),
        ("3月底前", date(2019, 3, 31)),
        ("２月底前", date(2019, 2, 28)),
        ("6月30日前", date(2019, 6, 30)),
        ("12月20日前", date(2019, 12, 20)),
        ("全年", date(2019, 12, 31)),
        ("年底前", date(2019, 12, 31)),
        ("2019年5月", date(2019, 5, 31)),
    ],
)
def test_it_reads_each_written_deadline_as_a_one_off_date(cell, expected):
    result = parse_deadline(cell, year=2019)

    assert result.deadline == expected
    assert result.recurrence == Recurrence.NONE


@pytest.mark.parametrize(
    ("cell", "recurrence"),
    [
        ("每月", Recurrence.MONTHLY),
        ("每季度", Recurrence.QUARTERLY),
        ("每半年", Recurrence.HALF_YEARLY),
        ("每年", Recurrence.YEARLY),
        (" 每季度 ", Recurrence.QUARTERLY),
    ],
)
def test_it_reads_a_rhythm_as_a_recurrence_without_a_date(cell, recurrence):
    result = parse_deadline(cell, year=2020)

    assert result.recurrence == recurrence
    assert result.deadline is None
    assert result.text == cell.strip()


def test_it_keeps_the_original_text_of_the_deadline():
    assert parse_deadline("3月底前", year=2020).text == "3月底前"


@pytest.mark.parametrize("cell", ["2月30日", "2019年2月30日", "2019.2.30", "13月1日前"])
def test_it_refuses_a_date_that_cannot_exist(cell):
    with pytest.raises(ValueError, match="不存在|没有13月"):
        parse_deadline(cell, year=2019)


def test_it_refuses_text_it_cannot_read_and_lists_the_accepted_forms():
    with pytest.raises(ValueError, match="无法识别完成时限“尽快”；可写成：.*3月底前"):
        parse_deadline("尽快", year=2020)


def test_it_refuses_a_date_outside_the_ledger_year():
    with pytest.raises(ValueError, match="不在2020年度台账内"):
        parse_deadline("2018年3月31日", year=2020)


def test_it_treats_an_empty_cell_as_no_deadline():
    result = parse_deadline(None, year=2020)

    assert (result.deadline, result.recurrence) == (None, Recurrence.NONE)
