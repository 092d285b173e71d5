"""The review queue as staff use it: an order to choose, filters kept through a decision, photos shown
in the page, and the period typed the way people say it."""

from datetime import date
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ledger import services
from ledger.models import Assignment, RecordState

from .conftest import PNG

pytestmark = pytest.mark.django_db


def _queue(client, **params) -> str:
    response = client.get(reverse("ledger:review_queue"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_reviewer_chooses_newest_first(staff_client, record_a, record_b):
    oldest = _queue(staff_client)
    newest = _queue(staff_client, sort="newest")

    assert oldest.index("3月5日开展主题党日活动") < oldest.index("3月6日开展主题党日活动")
    assert newest.index("3月6日开展主题党日活动") < newest.index("3月5日开展主题党日活动")
    assert '<option value="newest" selected>' in newest


@pytest.mark.parametrize("typed", ["2020年3月", "2020年第1季度", "2020年一季度", "2020-03", "2020-M03"])
def test_it_accepts_the_period_as_people_type_it(staff_client, record_a, typed):
    page = _queue(staff_client, period=typed)

    assert "3月5日开展主题党日活动" in page
    assert "data-period-error" not in page


def test_a_period_that_excludes_the_record_hides_it_and_the_box_shows_the_label(staff_client, record_a):
    page = _queue(staff_client, period="2020-Q2")

    assert "3月5日开展主题党日活动" not in page
    assert 'value="2020年第2季度"' in page  # what people read, not the code


def test_an_unreadable_period_is_explained_in_chinese(staff_client, record_a):
    page = _queue(staff_client, period="三月份")

    assert "data-period-error" in page and "无法识别期间“三月份”" in page and "2026年第3季度" in page


def test_the_period_picker_offers_the_labels_people_read(staff_client):
    page = _queue(staff_client)

    assert '<datalist id="period-suggestions">' in page
    assert "2020-M" not in page.split('<datalist id="period-suggestions">')[1].split("</datalist>")[0]
    assert "季度" in page.split('<datalist id="period-suggestions">')[1].split("</datalist>")[0]


def test_the_filters_and_order_survive_a_decision(staff_client, record_a, record_b, org_a):
    params = {"organization": org_a.pk, "sort": "newest"}
    page = _queue(staff_client, **params)
    detail_url = page.split("data-review-link")[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    detail = staff_client.get(detail_url).content.decode()
    next_value = detail.split('name="next" value="')[1].split('"')[0].replace("&amp;", "&")

    response = staff_client.post(
        reverse("ledger:record_review", args=[record_a.pk]), {"decision": "accept", "next": next_value}
    )

    assert response.status_code == 302
    kept = parse_qs(urlparse(response.url).query)
    assert urlparse(response.url).path == reverse("ledger:review_queue")
    assert kept["organization"] == [str(org_a.pk)] and kept["sort"] == ["newest"]
    record_a.refresh_from_db()
    assert record_a.state == RecordState.ACCEPTED


def test_a_decision_never_redirects_to_an_address_from_the_form(staff_client, record_a):
    response = staff_client.post(
        reverse("ledger:record_review", args=[record_a.pk]),
        {"decision": "accept", "next": "https://evil.example/"},
    )

    assert response.status_code == 302
    target = urlparse(response.url)
    assert target.netloc == "" and target.path == reverse("ledger:review_queue")


def _with_photo(assignment, user, name):
    return services.record_submit(
        assignment=assignment,
        user=user,
        content=f"{name}活动",
        done_on=date(2020, 1, 10),
        participants=5,
        files=[SimpleUploadedFile(f"{name}.png", PNG, content_type="image/png")],
    )


def test_the_queue_shows_photos_inline_and_opens_them_in_a_lightbox(staff_client, assignment_a, secretary_a):
    record = _with_photo(assignment_a, secretary_a, "合影")
    attachment = record.attachments.get()
    url = reverse("ledger:attachment_download", args=[attachment.pk])

    page = _queue(staff_client)

    assert f'<img class="pb-thumb" src="{url}"' in page
    assert "data-lightbox-box" in page and "js/ledger-gallery.js" in page
    # The thumbnail's address shows the photo in the page rather than downloading it.
    shown = staff_client.get(url)
    assert shown.status_code == 200
    assert not shown.get("Content-Disposition", "").startswith("attachment")


def test_the_queue_with_photos_runs_the_same_queries_for_more_rows(
    staff_client, task_monthly, org_a, secretary_a
):
    months = Assignment.objects.filter(task=task_monthly, organization=org_a).order_by("due_date")
    _with_photo(months[0], secretary_a, "一月")
    with CaptureQueriesContext(connection) as one:
        _queue(staff_client)
    for assignment in months[1:6]:
        _with_photo(assignment, secretary_a, assignment.period)
    with CaptureQueriesContext(connection) as six:
        page = _queue(staff_client)

    assert page.count('class="pb-thumb"') == 6
    assert len(six) == len(one)
