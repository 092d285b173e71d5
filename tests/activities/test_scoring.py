"""Live scoring: one score per rater and subject, the trimmed mean, ranks and grades on close, nothing
changes after close (the service says so; the database refuses too), seat codes held by one browser."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from activities import services
from activities.models import DebriefKind, Grade, RoundState, Score
from partybuild.exceptions import ConflictError, DomainError, PermissionDeniedError
from tests.activities.scoring_world import make_reviewers, make_session, points

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(committee_staff, org_a, org_b):
    session = make_session(committee_staff)
    services.debrief_add(actor=committee_staff, session=session, organization=org_a, person_name="王芳")
    services.debrief_add(actor=committee_staff, session=session, organization=org_b, person_name="李强")
    return session


def _subjects(session):
    return list(session.round.subjects.order_by("seq"))


def _invite(staff, session, count):
    reviewers = make_reviewers(count)
    services.scoring_reviewers_invite(actor=staff, round=session.round, users=reviewers)
    return reviewers


def test_it_makes_each_debrief_a_subject_labelled_with_name_and_org(session):
    assert [s.label for s in _subjects(session)] == ["王芳（市税务局党支部）", "李强（市财政局党支部）"]
    assert _subjects(session)[0].target == session.debriefs.get(person_name="王芳")


def test_scoring_the_same_subject_again_updates_the_one_score(committee_staff, session):
    (reviewer,) = _invite(committee_staff, session, 1)
    first = _subjects(session)[0]
    _score, created = services.score_submit(
        round=session.round, subject=first, points=points(session.round, 8, 4), actor=reviewer
    )
    again, created_again = services.score_submit(
        round=session.round, subject=first, points=points(session.round, 10, 5), actor=reviewer
    )
    assert (created, created_again) == (True, False)
    assert Score.objects.filter(subject=first).count() == 1
    assert again.total == Decimal("100.00")


def test_the_weighted_total_follows_weights_and_maximum_points(committee_staff, session):
    (reviewer,) = _invite(committee_staff, session, 1)
    score, _created = services.score_submit(
        round=session.round, subject=_subjects(session)[0], points=points(session.round, 7, 3), actor=reviewer
    )
    assert score.total == Decimal("66.00")  # 7/10 × 60 + 3/5 × 40


@pytest.mark.parametrize("bad", [11, -1, "7.5", "八", ""])
def test_it_refuses_points_outside_the_criterion_range_in_chinese(committee_staff, session, bad):
    (reviewer,) = _invite(committee_staff, session, 1)
    with pytest.raises(DomainError) as error:
        services.score_submit(
            round=session.round,
            subject=_subjects(session)[0],
            points=points(session.round, bad, 3),
            actor=reviewer,
        )
    assert "工作实绩" in error.value.message
    assert not Score.objects.exists()


def test_a_user_who_was_not_invited_cannot_score(committee_staff, session, reviewer):
    with pytest.raises(PermissionDeniedError):
        services.score_submit(
            round=session.round,
            subject=_subjects(session)[0],
            points=points(session.round, 5, 5),
            actor=reviewer,
        )


def test_closing_with_five_reviewers_drops_the_highest_and_lowest_totals(committee_staff, session):
    reviewers = _invite(committee_staff, session, 5)
    first, second = _subjects(session)
    for reviewer, (a, b) in zip(reviewers, [(10, 5), (9, 5), (8, 4), (7, 4), (2, 1)], strict=True):
        services.score_submit(
            round=session.round, subject=first, points=points(session.round, a, b), actor=reviewer
        )
    for reviewer in reviewers[:4]:
        services.score_submit(
            round=session.round, subject=second, points=points(session.round, 9, 5), actor=reviewer
        )
    services.round_close(actor=committee_staff, round=session.round)
    first.refresh_from_db()
    second.refresh_from_db()
    # first: totals 100, 94, 80, 74, 20 → drop 100 and 20 → (94 + 80 + 74) / 3 = 82.67
    assert (first.result_score, first.result_count, first.result_trimmed) == (Decimal("82.67"), 5, True)
    # second: four reviewers, all 94: no trimming
    assert (second.result_score, second.result_count, second.result_trimmed) == (Decimal("94.00"), 4, False)
    assert (second.result_rank, second.result_grade) == (1, Grade.GOOD)
    assert (first.result_rank, first.result_grade) == (2, Grade.FAIRLY_GOOD)


def test_equal_scores_share_a_rank_and_the_next_rank_skips(committee_staff, org_a, org_b, root_org):
    from tests.factories import make_org

    session = make_session(committee_staff)
    orgs = [org_a, org_b, make_org(root_org, "中共清镇市教育局支部委员会", short_name="市教育局党支部")]
    for org, name in zip(orgs, ["甲", "乙", "丙"], strict=True):
        services.debrief_add(actor=committee_staff, session=session, organization=org, person_name=name)
    (reviewer,) = _invite(committee_staff, session, 1)
    for subject, (a, b) in zip(_subjects(session), [(8, 4), (9, 5), (8, 4)], strict=True):
        services.score_submit(
            round=session.round, subject=subject, points=points(session.round, a, b), actor=reviewer
        )
    services.round_close(actor=committee_staff, round=session.round)
    assert [s.result_rank for s in _subjects(session)] == [2, 1, 2]


def test_a_subject_nobody_scored_has_no_score_rank_or_grade(committee_staff, session):
    services.round_close(actor=committee_staff, round=session.round)
    first = _subjects(session)[0]
    assert (first.result_score, first.result_rank, first.result_grade, first.result_count) == (
        None,
        None,
        "",
        0,
    )


def test_nothing_changes_after_close(committee_staff, session):
    (reviewer,) = _invite(committee_staff, session, 1)
    first = _subjects(session)[0]
    services.score_submit(
        round=session.round, subject=first, points=points(session.round, 8, 4), actor=reviewer
    )
    services.round_close(actor=committee_staff, round=session.round)
    with pytest.raises(ConflictError, match="评分已结束"):
        services.score_submit(
            round=session.round, subject=first, points=points(session.round, 1, 1), actor=reviewer
        )
    with pytest.raises(ConflictError):
        services.round_close(actor=committee_staff, round=session.round)
    with pytest.raises(ConflictError):
        services.scoring_reviewers_invite(
            actor=committee_staff, round=session.round, users=make_reviewers(1, "late")
        )
    assert Score.objects.get(subject=first).total == Decimal("80.00")
    session.round.refresh_from_db()
    assert session.round.state == RoundState.CLOSED


def test_the_database_refuses_to_change_a_score_of_a_closed_round(committee_staff, session):
    (reviewer,) = _invite(committee_staff, session, 1)
    first = _subjects(session)[0]
    services.score_submit(
        round=session.round, subject=first, points=points(session.round, 8, 4), actor=reviewer
    )
    services.round_close(actor=committee_staff, round=session.round)
    for write in (
        lambda: Score.objects.filter(subject=first).update(total=Decimal("1.00")),
        lambda: Score.objects.create(
            round=session.round, subject=_subjects(session)[1], reviewer=reviewer_row(session), total=1
        ),
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            write()
    assert Score.objects.get(subject=first).total == Decimal("80.00")


def reviewer_row(session):
    return session.round.reviewers.get()


def test_the_database_keeps_one_score_per_reviewer_and_subject(committee_staff, session):
    (reviewer,) = _invite(committee_staff, session, 1)
    first = _subjects(session)[0]
    services.score_submit(
        round=session.round, subject=first, points=points(session.round, 8, 4), actor=reviewer
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Score.objects.create(round=session.round, subject=first, reviewer=reviewer_row(session), total=1)


def test_only_staff_close_a_round(session, reviewer):
    with pytest.raises(PermissionDeniedError):
        services.round_close(actor=reviewer, round=session.round)


def test_only_reviewers_and_staff_can_be_invited(committee_staff, session, secretary_a):
    with pytest.raises(DomainError, match="评议人"):
        services.scoring_reviewers_invite(actor=committee_staff, round=session.round, users=[secretary_a])


# --- seats -------------------------------------------------------------------------------------------


@pytest.fixture
def seat_session(committee_staff, org_a):
    session = make_session(committee_staff, kind=DebriefKind.TO_MEMBERS)
    services.debrief_add(actor=committee_staff, session=session, organization=org_a, person_name="王芳")
    return session


def test_seat_codes_are_random_unique_and_readable(committee_staff, seat_session):
    seats = services.scoring_seats_issue(actor=committee_staff, round=seat_session.round, count=40)
    codes = {seat.code for seat in seats}
    assert len(codes) == 40
    assert all(len(code) == 8 and not set(code) & set("01OIL") for code in codes)
    assert [seat.number for seat in seats] == list(range(1, 41))


def test_a_seat_code_works_in_one_browser_only(committee_staff, seat_session):
    (seat,) = services.scoring_seats_issue(actor=committee_staff, round=seat_session.round, count=1)
    held = services.scoring_seat_claim(code=seat.code_display.lower(), browser_token="browser-1")
    assert held.pk == seat.pk
    assert services.scoring_seat_claim(code=seat.code, browser_token="browser-1").pk == seat.pk  # a reload
    with pytest.raises(ConflictError, match="另一台手机"):
        services.scoring_seat_claim(code=seat.code, browser_token="browser-2")


def test_a_wrong_seat_code_is_refused_in_chinese(seat_session):
    with pytest.raises(DomainError, match="座位码不正确"):
        services.scoring_seat_claim(code="AAAA-BBBB", browser_token="x")


def test_a_seat_scores_each_subject_once(committee_staff, seat_session):
    (seat,) = services.scoring_seats_issue(actor=committee_staff, round=seat_session.round, count=1)
    subject = seat_session.round.subjects.get()
    for first in (6, 9):
        services.score_submit(
            round=seat_session.round, subject=subject, points=points(seat_session.round, first, 5), seat=seat
        )
    assert Score.objects.get(seat=seat).total == Decimal("94.00")


def test_a_committee_session_uses_reviewers_and_refuses_seats(committee_staff, session):
    with pytest.raises(DomainError, match="受邀评议人"):
        services.scoring_seats_issue(actor=committee_staff, round=session.round, count=3)
