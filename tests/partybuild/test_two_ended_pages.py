"""Long lists read their later pages from the end (partybuild/pagination.py): same rows, small offsets."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Member
from partybuild.pagination import TwoEndedPaginator
from tests.factories import MemberFactory, make_org, make_root

pytestmark = pytest.mark.django_db


@pytest.fixture
def members():
    root = make_root()
    orgs = [make_org(root, f"第{i}支部") for i in range(3)]
    # Names repeat, so only the trailing id makes the order total.
    for i in range(23):
        MemberFactory(organization=orgs[i % 3], name=f"党员{i % 4}")
    return Member.objects.order_by("organization__path", "name", "id")


def test_it_gives_every_page_the_rows_plain_slicing_gives(members):
    expected = list(members.values_list("pk", flat=True))
    paginator = TwoEndedPaginator(members, 5)

    pages = [[m.pk for m in paginator.page(n)] for n in paginator.page_range]

    assert pages == [expected[i : i + 5] for i in range(0, 23, 5)]


def test_it_reads_the_last_page_backwards_with_a_small_offset(members):
    paginator = TwoEndedPaginator(members, 5)
    paginator.count  # noqa: B018 -- counted first, so the capture holds only the page's query

    with CaptureQueriesContext(connection) as captured:
        last = list(paginator.page(paginator.num_pages))

    sql = captured.captured_queries[-1]["sql"]
    assert len(last) == 3
    assert "DESC" in sql and "OFFSET" not in sql.upper()


def test_it_reads_forwards_when_the_order_is_not_total(members):
    by_name_only = Member.objects.order_by("name")
    paginator = TwoEndedPaginator(by_name_only, 5)
    paginator.count  # noqa: B018

    with CaptureQueriesContext(connection) as captured:
        list(paginator.page(paginator.num_pages))

    assert "DESC" not in captured.captured_queries[-1]["sql"]


def test_a_deep_page_reads_its_keys_first_and_gives_the_same_rows(members, monkeypatch):
    from partybuild import pagination

    monkeypatch.setattr(pagination, "DEFERRED_JOIN_AFTER", 5)
    expected = list(members.values_list("pk", flat=True))
    paginator = TwoEndedPaginator(members.select_related("organization"), 5)
    paginator.count  # noqa: B018

    with CaptureQueriesContext(connection) as captured:
        second = [m.pk for m in paginator.page(2)]
    pages = [[m.pk for m in paginator.page(n)] for n in paginator.page_range]

    assert second == expected[5:10]
    assert len(captured.captured_queries) == 2  # the keys, then those rows with their joins
    assert pages == [expected[i : i + 5] for i in range(0, 23, 5)]
