"""Live scoring on PostgreSQL (integration): simultaneous posts of one reviewer's score store one row,
and a close racing with scores leaves every score either counted or refused — never changed after."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from activities import services
from activities.models import Score
from tests.activities.scoring_world import make_reviewers, make_session, points
from tests.conftest import api_as

pytestmark = pytest.mark.integration
BASE = "/api/v1/activities"


def _at_once(work, count: int) -> list:
    start = threading.Barrier(count)
    results: list = [None] * count

    def run(index: int) -> None:
        try:
            start.wait()
            results[index] = work(index)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


@pytest.fixture
def session(transactional_db, committee_staff, org_a):
    session = make_session(committee_staff)
    services.debrief_add(actor=committee_staff, session=session, organization=org_a, person_name="王芳")
    return session


def test_it_runs_on_postgresql(transactional_db):
    assert connection.vendor == "postgresql"


def test_six_simultaneous_posts_of_one_reviewer_store_one_score(committee_staff, session):
    (reviewer,) = make_reviewers(1)
    services.scoring_reviewers_invite(actor=committee_staff, round=session.round, users=[reviewer])
    subject = session.round.subjects.get()
    phones = [api_as(reviewer) for _i in range(6)]
    bodies = [{"subject": subject.pk, "points": points(session.round, 4 + i, 5)} for i in range(6)]
    responses = _at_once(lambda i: phones[i].post(f"{BASE}/scores/", bodies[i], format="json"), 6)
    assert sorted(r.status_code for r in responses) == [200, 200, 200, 200, 200, 201]
    score = Score.objects.get(subject=subject)
    # The one row holds one of the posted scores, whole (never a mix of two posts).
    assert score.total in {r.json()["total"] for r in responses}


def test_scores_racing_a_close_are_counted_or_refused(committee_staff, session):
    reviewers = make_reviewers(5)
    services.scoring_reviewers_invite(actor=committee_staff, round=session.round, users=reviewers)
    subject = session.round.subjects.get()
    clients = [api_as(user) for user in reviewers] + [api_as(committee_staff)]

    def work(i: int):
        if i == 5:
            return clients[i].post(f"{BASE}/debrief-sessions/{session.pk}/close/")
        return clients[i].post(
            f"{BASE}/scores/", {"subject": subject.pk, "points": points(session.round, 8, 4)}, format="json"
        )

    responses = _at_once(work, 6)
    assert responses[5].status_code == 200
    stored = Score.objects.filter(subject=subject).count()
    accepted = sum(1 for r in responses[:5] if r.status_code == 201)
    assert stored == accepted
    subject.refresh_from_db()
    assert subject.result_count == stored  # every stored score counted in the result, none added after
