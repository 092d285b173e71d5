"""Period.parse_human: the period filter accepts what people type, not only the internal codes."""

import pytest

from partybuild.periods import Period


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("2026年7月", "2026-M07"),
        ("2026年07月", "2026-M07"),
        ("2026-07", "2026-M07"),
        ("2026.7", "2026-M07"),
        ("2026/7", "2026-M07"),
        ("２０２６年 ７月", "2026-M07"),  # full-width digits and a space, as a Chinese IME types them
        ("2026-M07", "2026-M07"),
        ("2026年第3季度", "2026-Q3"),
        ("2026年3季度", "2026-Q3"),
        ("2026年第三季度", "2026-Q3"),
        ("2026Q3", "2026-Q3"),
        ("2026-q3", "2026-Q3"),
        ("2026年上半年", "2026-H1"),
        ("2026年下半年", "2026-H2"),
        ("2026年", "2026-Y"),
        ("2026年度", "2026-Y"),
        ("2026年全年", "2026-Y"),
        ("2026", "2026-Y"),
    ],
)
def test_it_reads_the_labels_people_type(typed, code):
    assert Period.parse_human(typed).code == code


def test_it_reads_back_every_label_it_shows():
    for code in ("2026-M01", "2026-M12", "2026-Q1", "2026-Q4", "2026-H1", "2026-H2", "2026-Y"):
        period = Period.parse(code)
        assert Period.parse_human(period.label) == period


@pytest.mark.parametrize("typed", ["2026年13月", "2026年第5季度", "7月", "上半年", "abc", "", "2026-M13"])
def test_it_refuses_what_is_not_a_period_with_examples_in_chinese(typed):
    with pytest.raises(ValueError, match="请写成 2026年7月、2026年第3季度"):
        Period.parse_human(typed)
