from bench.generate import make_workbook, org_spec
from ledger.imports.reader import HEADER_SYNONYMS, REQUIRED
from partybuild.legacy_excel import read_table


def test_the_bench_generator_writes_a_readable_ledger_with_merged_items(tmp_path):
    path = make_workbook(tmp_path / "bench.xlsx", rows=30)

    rows = list(read_table(path, header_synonyms=HEADER_SYNONYMS, required=REQUIRED))

    assert len(rows) == 30
    assert all(row["item"] and row["task"] and row["responsible"] for row in rows)
    assert rows[1]["item"] == rows[0]["item"]  # filled from the merged cell
    assert len(org_spec()) == 40
