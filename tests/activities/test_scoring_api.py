"""REST: debrief-sessions/, debriefs/, scores/ — reviewers post their own scores (again: an update),
staff read and close, the reporting client reads only published results, each list in constant queries."""

from __future__ import annotations

import pytest

from activities import services
from activities.models import Score
from tests.activities.scoring_world import make_reviewers, make_session, make_template, points
from tests.conftest import api_as
from tests.factories import make_org

pytestmark = pytest.mark.django_db
BASE = "/api/v1/activities"


@pytest.fixture
def session(committee_staff, org_a, org_b):
    session = make_session(committee_staff)
    for org, name in ((org_a, "王芳"), (org_b, "李强")):
        services.debrief_add(
            actor=committee_staff,
            session=session,
            organization=org,
            person_name=name,
            report_text="述职报告正文",
        )
    return session


@pytest.fixture
def invited(committee_staff, session, reviewer):
    services.scoring_reviewers_invite(actor=committee_staff, round=session.round, users=[reviewer])
    return reviewer


def _subject(session, index=0):
    return session.round.subjects.order_by("seq")[index]


def test_a_reviewer_posts_a_score_and_posting_again_updates_it(session, invited):
    client = api_as(invited)
    body = {"subject": _subject(session).pk, "points": points(session.round, 8, 4)}
    first = client.post(f"{BASE}/scores/", body, format="json")
    body["points"] = points(session.round, 9, 5)
    second = client.post(f"{BASE}/scores/", body, format="json")
    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json()["total"] == 94.0
    assert Score.objects.count() == 1


def test_a_score_out_of_range_is_a_chinese_400_and_nothing_is_stored(session, invited):
    body = {"subject": _subject(session).pk, "points": points(session.round, 12, 4)}
    response = api_as(invited).post(f"{BASE}/scores/", body, format="json")
    assert response.status_code == 400
    assert "0 到 10 之间的整数" in str(response.json())
    assert not Score.objects.exists()


def test_a_reviewer_not_invited_cannot_score_that_round(session, reviewer):
    body = {"subject": _subject(session).pk, "points": points(session.round, 8, 4)}
    response = api_as(reviewer).post(f"{BASE}/scores/", body, format="json")
    assert response.status_code == 400  # the subject is not among the rounds they were invited to
    assert not Score.objects.exists()


def test_reviewers_see_only_their_own_scores_and_sessions(committee_staff, session, invited):
    other = make_reviewers(1, "other")[0]
    services.scoring_reviewers_invite(actor=committee_staff, round=session.round, users=[other])
    for user in (invited, other):
        services.score_submit(
            round=session.round, subject=_subject(session), points=points(session.round, 5, 5), actor=user
        )
    mine = api_as(invited).get(f"{BASE}/scores/").json()["results"]
    assert [row["reviewer"] for row in mine] == [None]  # their own, and no names even of themselves
    assert len(api_as(committee_staff).get(f"{BASE}/scores/").json()["results"]) == 2
    outsider = make_reviewers(1, "outsider")[0]
    assert api_as(outsider).get(f"{BASE}/debrief-sessions/").json()["results"] == []
    assert api_as(outsider).get(f"{BASE}/debrief-sessions/{session.pk}/").status_code == 404


def test_the_reporting_client_reads_results_only_after_close(
    committee_staff, session, invited, reporting_client
):
    services.score_submit(
        round=session.round, subject=_subject(session), points=points(session.round, 8, 4), actor=invited
    )
    client = api_as(reporting_client)
    assert client.get(f"{BASE}/scores/").json()["results"] == []
    assert client.get(f"{BASE}/debriefs/").json()["results"] == []
    assert client.get(f"{BASE}/debrief-sessions/").json()["results"] == []

    assert api_as(committee_staff).post(f"{BASE}/debrief-sessions/{session.pk}/close/").status_code == 200
    debriefs = client.get(f"{BASE}/debriefs/").json()["results"]
    assert [(d["person_name"], d["score"], d["rank"], d["grade_display"]) for d in debriefs] == [
        ("王芳", 80.0, 1, "较好"),
        ("李强", None, None, ""),
    ]
    assert "report_text" not in debriefs[0] and "head_comment" not in debriefs[0]
    scores = client.get(f"{BASE}/scores/").json()["results"]
    assert [(s["total"], s["reviewer"]) for s in scores] == [(80.0, None)]


def test_a_secretary_reads_their_own_orgs_debrief_with_its_report(session, secretary_a, secretary_b):
    rows = api_as(secretary_a).get(f"{BASE}/debriefs/").json()["results"]
    assert [(r["person_name"], r["report_text"]) for r in rows] == [("王芳", "述职报告正文")]
    other = session.debriefs.get(person_name="王芳")
    assert api_as(secretary_b).get(f"{BASE}/debriefs/{other.pk}/").status_code == 404


def test_no_score_is_taken_after_close(committee_staff, session, invited):
    staff = api_as(committee_staff)
    assert staff.post(f"{BASE}/debrief-sessions/{session.pk}/close/").status_code == 200
    body = {"subject": _subject(session).pk, "points": points(session.round, 8, 4)}
    assert api_as(invited).post(f"{BASE}/scores/", body, format="json").status_code == 400
    assert staff.post(f"{BASE}/debrief-sessions/{session.pk}/close/").status_code == 409


def test_staff_create_a_session_and_add_debriefs(staff_api, org_a):
    created = staff_api.post(
        f"{BASE}/debrief-sessions/",
        {"year": 2019, "held_on": "2019-07-05", "kind": "midyear", "title": "2019年上半年测评"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert (created.json()["rater_kind"], created.json()["state"]) == ("seats", "open")
    debrief = staff_api.post(
        f"{BASE}/debriefs/",
        {"session": created.json()["id"], "organization": org_a.pk, "person_name": "王芳"},
        format="json",
    )
    assert debrief.status_code == 201, debrief.json()
    wrong_year = staff_api.post(
        f"{BASE}/debrief-sessions/",
        {"year": 2020, "held_on": "2019-07-05", "kind": "midyear", "title": "测评"},
        format="json",
    )
    assert wrong_year.status_code == 400 and "年度" in str(wrong_year.json())


def test_lists_take_the_same_number_of_queries_for_ten_times_the_rows(
    committee_staff, root_org, django_assert_max_num_queries
):
    def build(count: int) -> None:
        session = make_session(committee_staff, template=make_template(f"评分表{count}"))
        reviewers = make_reviewers(count, prefix=f"q{count}_")
        services.scoring_reviewers_invite(actor=committee_staff, round=session.round, users=reviewers)
        for i in range(count):
            org = make_org(
                root_org, f"中共清镇市测试{count}_{i}支部委员会", short_name=f"测试{count}_{i}支部"
            )
            debrief = services.debrief_add(
                actor=committee_staff, session=session, organization=org, person_name=f"书记{i}"
            )
            services.score_submit(
                round=session.round,
                subject=debrief.subject,
                points=points(session.round, 5, 5),
                actor=reviewers[i],
            )

    staff = api_as(committee_staff)
    counts = {}
    for n in (2, 20):
        build(n)
        counts[n] = {}
        for path in ("debrief-sessions", "debriefs", "scores"):
            with django_assert_max_num_queries(100) as captured:
                assert staff.get(f"{BASE}/{path}/?page_size=100").status_code == 200
            counts[n][path] = len(captured.captured_queries)
    assert counts[2] == counts[20]
