"""The org × period grids at size: the service-day grid (org × month) and the forum grid (org × quarter)
page their org rows 50 at a time, filter by name, kind and "only those with a period missed" in the
database, say how many orgs the filters give and how many missed, take the same number of queries
whatever the number of orgs and records, show a secretary only their org, and hand a large Excel file
to a background export job."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import ExportJob, ExportState, OrgKind
from activities.models import Forum, ForumOrg, ServiceDay
from tests.conftest import browser_as
from tests.factories import make_org

pytestmark = pytest.mark.django_db

YEAR = 2025  # a past year: every month and quarter is due
GRID = "/activities/service-days/grid/"
FORUMS = "/activities/forums/grid/"


def _branches(root_org, count, start=0):
    return [make_org(root_org, f"中共测试第{i:03d}支部委员会") for i in range(start, start + count)]


def _days(orgs, skip_every=5):
    """A service day in each month for every org, except that every `skip_every`-th org skips March."""
    rows = []
    for index, org in enumerate(orgs):
        for month in range(1, 13):
            if index % skip_every == 0 and month == 3:
                continue
            rows.append(ServiceDay(organization=org, held_on=date(YEAR, month, 8), theme="study"))
    ServiceDay.objects.bulk_create(rows)


def _forums(orgs, skip_every=5):
    """A forum each quarter for every org, except that every `skip_every`-th org skips the third."""
    for index, org in enumerate(orgs):
        for quarter in range(1, 5):
            if index % skip_every == 0 and quarter == 3:
                continue
            forum = Forum.objects.create(
                organization=org,
                held_on=date(YEAR, 3 * quarter - 1, 10),
                topic=f"讲坛{org.pk}-{quarter}",
                speaker_names="主讲",
                attendance=10,
            )
            ForumOrg.objects.create(forum=forum, organization=org)


def _orgs_on(html: str) -> list[int]:
    import re

    return [int(pk) for pk in re.findall(r'<tr data-org="(\d+)"', html)]


@pytest.fixture
def city(root_org):
    orgs = _branches(root_org, 55)
    _days(orgs)
    _forums(orgs)
    return orgs


@pytest.mark.parametrize("url", [GRID, FORUMS])
def test_page_two_shows_the_next_orgs_and_the_summary_counts_the_whole_set(url, city, committee_staff):
    client = browser_as(committee_staff)
    first = client.get(url, {"year": YEAR}).content.decode()
    second = client.get(url, {"year": YEAR, "page": 2}).content.decode()
    assert _orgs_on(first) == [o.pk for o in city[:50]]
    assert _orgs_on(second) == [o.pk for o in city[50:]]
    assert "第 2 / 2 页，共 55 条" in second
    if url == GRID:
        assert "共 55 个党组织，11 个有月份未开展" in first
    else:
        assert "共 55 个基层党组织，44 个四个季度均已开展，0 个全年未开展" in first


@pytest.mark.parametrize("url", [GRID, FORUMS])
def test_only_the_orgs_with_a_period_missed_and_a_name_search(url, city, committee_staff):
    client = browser_as(committee_staff)
    html = client.get(url, {"year": YEAR, "missing": "on"}).content.decode()
    skipped = [o.pk for i, o in enumerate(city) if i % 5 == 0]
    assert _orgs_on(html) == skipped
    # The summary still counts every org the other filters give (the whole set, not the page).
    assert ("共 55 个党组织，11 个有月份未开展" if url == GRID else "共 55 个基层党组织，44 个") in html
    named = client.get(url, {"year": YEAR, "org": "第007支部"}).content.decode()
    assert _orgs_on(named) == [city[7].pk]
    kind = client.get(url, {"year": YEAR, "kind": OrgKind.GENERAL_BRANCH}).content.decode()
    assert _orgs_on(kind) == []


def test_the_day_grid_marks_the_missed_month_on_the_page(city, committee_staff):
    html = browser_as(committee_staff).get(GRID, {"year": YEAR, "org": "第005支部"}).content.decode()
    assert 'data-missed="1"' in html and html.count("data-none") == 1


@pytest.mark.parametrize("url", [GRID, FORUMS])
def test_the_queries_stay_the_same_when_orgs_and_records_grow(url, root_org, committee_staff):
    from django.core.cache import cache

    client = browser_as(committee_staff)
    orgs = _branches(root_org, 5)
    _days(orgs)
    _forums(orgs)
    client.get(url, {"year": YEAR})

    def queries() -> int:
        cache.clear()  # the summary is computed again, as after a change
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, {"year": YEAR, "missing": "on"}).status_code == 200
        return len(captured.captured_queries)

    before = queries()
    more = _branches(root_org, 60, start=100)
    _days(more, skip_every=2)
    _forums(more, skip_every=2)
    assert queries() == before


@pytest.mark.parametrize("url", [GRID, FORUMS])
def test_a_secretary_sees_only_their_org_s_row(url, secretary_a, org_a, org_b):
    _days([org_a, org_b])
    _forums([org_a, org_b])
    html = browser_as(secretary_a).get(url, {"year": YEAR}).content.decode()
    assert _orgs_on(html) == [org_a.pk]


@pytest.mark.parametrize(
    ("url", "param", "kind"), [(GRID, "format", "service_day_grid"), (FORUMS, "export", "forum_grid")]
)
def test_a_large_excel_file_becomes_a_background_job_and_a_small_one_is_immediate(
    url, param, kind, city, committee_staff, settings, django_capture_on_commit_callbacks
):
    client = browser_as(committee_staff)
    params = {"year": YEAR, param: "xlsx", "missing": "on"}
    settings.EXPORT_INLINE_MAX_ROWS = 10  # 11 orgs missed a period
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(url, params)
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("export_detail", args=[job.pk])
    job.refresh_from_db()
    assert (job.kind, job.state, job.rows_total) == (kind, ExportState.DONE, 11)
    download = client.get(reverse("export_download", args=[job.pk]))
    from_job = load_workbook(BytesIO(b"".join(download.streaming_content))).active
    rows = list(from_job.iter_rows(min_row=2))
    assert [r[0].value for r in rows] == [o.name for i, o in enumerate(city) if i % 5 == 0]
    # March (column 3 of the day grid) and the third quarter (column 3 of the forum grid) are red.
    assert rows[0][3].fill.fgColor.rgb.endswith("F8D7DA")

    settings.EXPORT_INLINE_MAX_ROWS = 2000
    inline = client.get(url, params)
    assert "attachment" in inline["Content-Disposition"]
    book = load_workbook(BytesIO(inline.content)).active
    assert [[c.value for c in r] for r in book.iter_rows()] == [
        [c.value for c in r] for r in from_job.iter_rows()
    ]
    assert ExportJob.objects.count() == 1
