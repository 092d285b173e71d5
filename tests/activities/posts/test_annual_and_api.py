"""The year-end account's `service_posts` and `feedback` blocks, the member-points source, and the
read-only REST lists (scoped)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from activities.models import Feedback
from activities.selectors.posts import member_model_posts
from activities.services.posts import feedback_submit

from .conftest import make_post

pytestmark = pytest.mark.django_db


def _left(post, kind: str, when: datetime) -> Feedback:
    item = feedback_submit(post=post, kind=kind, text="内容")
    Feedback.objects.filter(pk=item.pk).update(created_at=when)
    return item


@pytest.fixture
def year_2019(org_a, org_b):
    kept = make_post(org_a, "甲", established_on=date(2018, 5, 1), is_model_post=True, model_year=2019)
    make_post(org_a, "乙", established_on=date(2019, 6, 1))
    make_post(org_a, "丙", established_on=date(2018, 1, 1), active=False, ended_on=date(2019, 7, 1))
    make_post(org_a, "丁", established_on=date(2020, 2, 1), is_model_post=True, model_year=2020)
    other = make_post(org_b, "戊", established_on=None, is_model_post=True, model_year=2019)
    _left(kept, "praise", datetime(2019, 3, 1, 2, tzinfo=UTC))
    _left(kept, "complaint", datetime(2019, 4, 1, 2, tzinfo=UTC))
    _left(kept, "complaint", datetime(2020, 1, 2, 2, tzinfo=UTC))
    _left(other, "praise", datetime(2019, 9, 1, 2, tzinfo=UTC))
    return kept, other


def test_the_annual_account_counts_posts_at_the_years_end_and_the_years_feedback(staff_api, year_2019):
    data = staff_api.get("/api/v1/reports/annual/2019/").json()
    assert data["service_posts"] == {"posts": 3, "model_posts": 2}
    assert data["feedback"] == {"praise": 2, "complaints": 1}
    data = staff_api.get("/api/v1/reports/annual/2020/").json()
    assert data["service_posts"] == {"posts": 4, "model_posts": 1}
    assert data["feedback"] == {"praise": 0, "complaints": 1}


def test_a_secretary_gets_their_own_orgs_figures(secretary_a_api, year_2019):
    data = secretary_a_api.get("/api/v1/reports/annual/2019/").json()
    assert data["service_posts"] == {"posts": 2, "model_posts": 1}
    assert data["feedback"] == {"praise": 1, "complaints": 1}


def test_member_model_posts_names_the_holders_of_a_model_post_in_the_range(org_a, year_2019):
    kept, other = year_2019
    assert member_model_posts(date(2019, 1, 1), date(2019, 12, 31)) == {kept.member_id: 1, other.member_id: 1}
    assert member_model_posts(date(2019, 1, 1), date(2019, 3, 31), organization_ids=[org_a.pk]) == {
        kept.member_id: 1
    }
    assert list(member_model_posts(date(2020, 1, 1), date(2020, 3, 31)).values()) == [1]
    assert member_model_posts(date(2017, 1, 1), date(2017, 12, 31)) == {}


def test_the_rest_lists_are_read_only_and_scoped(
    secretary_a_api, staff_api, post_a, complaint_a, complaint_b
):
    posts = secretary_a_api.get("/api/v1/activities/service-posts/").json()["results"]
    assert [(p["title"], p["feedback_open"]) for p in posts] == [("办税服务窗口", 1)]
    feedback = secretary_a_api.get("/api/v1/activities/feedback/").json()["results"]
    assert [f["text"] for f in feedback] == ["窗口中午无人值守"]
    assert secretary_a_api.get(f"/api/v1/activities/feedback/{complaint_b.pk}/").status_code == 404
    assert len(staff_api.get("/api/v1/activities/feedback/", {"kind": "complaint"}).json()["results"]) == 2
    assert staff_api.post("/api/v1/activities/feedback/", {}, format="json").status_code == 405
    assert staff_api.post("/api/v1/activities/service-posts/", {}, format="json").status_code == 405


def test_the_reporting_client_reads_posts_but_not_feedback(reporting_client, post_a, complaint_a):
    from tests.conftest import api_as

    client = api_as(reporting_client)
    assert client.get("/api/v1/activities/service-posts/").status_code == 200
    assert client.get("/api/v1/activities/feedback/").status_code == 403
