"""Period labels and years are read and written in one place (partybuild.periods), whoever shows them."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from ledger.api.serializers import ClosureSerializer
from ledger.models import PeriodClosure
from ledger.templatetags.ledger_tags import period_label as period_label_filter
from partybuild.periods import YEAR_MAX, YEAR_MIN, parse_year, period_label, year_label


@pytest.mark.parametrize(
    ("code", "label"),
    [
        ("2026-M09", "2026年9月"),
        ("2026-Q3", "2026年第3季度"),
        ("2026-H1", "2026年上半年"),
        ("2026-H2", "2026年下半年"),
        ("2026-Y", "2026年"),
        ("not-a-code", "not-a-code"),
        ("", ""),
    ],
)
def test_a_period_code_reads_as_people_write_it(code, label):
    assert period_label(code) == label
    assert period_label_filter(code) == label


def test_a_whole_year_reads_like_the_year_period():
    assert year_label(2026) == period_label("2026-Y") == "2026年"


@pytest.mark.django_db
def test_the_api_labels_a_closure_the_same_way():
    closure = PeriodClosure(period="2026-Q3", is_closed=True)

    assert ClosureSerializer(closure).data["label"] == "2026年第3季度"


@pytest.mark.django_db
def test_the_summary_page_names_a_whole_year_like_everywhere_else(staff_client):
    page = staff_client.get(reverse("ledger:summary"), {"year": 2020}).content.decode()

    assert "2020年 ·" in page and "2020年全年" not in page


@pytest.mark.parametrize("value", [2026, "2026", " 2026 ", "2026年", "2026年度", "２０２６"])
def test_a_year_is_read_however_people_write_it(value):
    assert parse_year(value) == 2026


@pytest.mark.parametrize(
    "value", ["", "abc", "20", "1999", "2101", "2026.5", None, True, "99999999999999999999"]
)
def test_anything_else_is_refused_with_what_to_write(value):
    with pytest.raises(ValueError, match=f"请填写{YEAR_MIN}至{YEAR_MAX}之间的四位年份"):
        parse_year(value)


@pytest.mark.django_db
def test_the_import_command_refuses_a_year_the_ledger_cannot_hold(tmp_path):
    with pytest.raises(CommandError, match="年度“1999”不正确"):
        call_command("import_ledger", str(tmp_path / "x.xlsx"), "--year", "1999")


@pytest.mark.django_db
def test_the_ledger_export_refuses_a_bad_year_with_the_same_message(staff_client):
    response = staff_client.get(reverse("ledger_imports:export"), {"year": "20x6"})

    assert response.status_code == 400
    assert "年度“20x6”不正确；请填写2000至2100之间的四位年份" in response.content.decode()


@pytest.mark.django_db
def test_a_page_given_a_bad_year_shows_this_year(staff_client):
    assert staff_client.get(reverse("ledger:summary"), {"year": "1999"}).status_code == 200
