"""Selections: nomination scoping and window, scoring on the shared live-scoring mechanism, promotion by
stage (with history), and the annual figures."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from activities import services as shared
from activities.models import (
    Candidate,
    CandidateStage,
    RaterKind,
    ScoringSubject,
    SelectionKind,
)
from activities.selectors import selections as selectors
from activities.services import selections as services
from partybuild.exceptions import ConflictError, PermissionDeniedError
from tests.activities.scoring_world import make_reviewers, make_template, points

pytestmark = pytest.mark.django_db


def _open_selection(staff, **kw):
    today = timezone.localdate()
    return services.selection_create(
        actor=staff,
        year=today.year,
        name=kw.pop("name", f"{today.year}年上半年“我是党员”主题讲坛主讲人评选"),
        nominate_from=today - timedelta(days=1),
        nominate_until=today + timedelta(days=10),
        **kw,
    )


def test_the_kind_follows_the_name_and_double_top_ten_gets_its_two_categories(committee_staff):
    speakers = _open_selection(committee_staff)
    double = services.selection_create(actor=committee_staff, year=2019, name="2019年度“双十佳”评选")
    other = services.selection_create(actor=committee_staff, year=2019, name="优秀党务工作者")
    assert speakers.kind == SelectionKind.FORUM_SPEAKERS
    assert double.kind == SelectionKind.DOUBLE_TOP_TEN
    assert list(double.categories.values_list("name", flat=True)) == ["科室窗口", "个人标兵"]
    assert other.kind == SelectionKind.OTHER


def test_a_secretary_nominates_only_for_their_own_org(committee_staff, secretary_a, org_a, org_b):
    selection = _open_selection(committee_staff)
    own = services.candidate_nominate(actor=secretary_a, selection=selection, organization=org_a, name="王一")
    assert own.stage == CandidateStage.NOMINATED and own.nominated_by == secretary_a
    with pytest.raises(PermissionDeniedError):
        services.candidate_nominate(actor=secretary_a, selection=selection, organization=org_b, name="赵二")
    assert list(Candidate.objects.values_list("name", flat=True)) == ["王一"]


def test_a_secretary_nominates_only_in_the_window_and_only_at_推荐(committee_staff, secretary_a, org_a):
    closed = services.selection_create(
        actor=committee_staff,
        year=2019,
        name="已截止的评选",
        nominate_from=date(2019, 5, 1),
        nominate_until=date(2019, 5, 31),
    )
    with pytest.raises(ConflictError):
        services.candidate_nominate(actor=secretary_a, selection=closed, organization=org_a, name="王一")
    # staff record a late nomination (or a past year's) any time
    services.candidate_nominate(actor=committee_staff, selection=closed, organization=org_a, name="王一")
    open_ = _open_selection(committee_staff)
    with pytest.raises(PermissionDeniedError):
        services.candidate_nominate(
            actor=secretary_a, selection=open_, organization=org_a, name="王二", stage=CandidateStage.AWARDED
        )


def test_secretaries_see_their_own_candidates_and_staff_all(
    committee_staff, secretary_a, secretary_b, org_a, org_b
):
    selection = _open_selection(committee_staff)
    mine = services.candidate_nominate(
        actor=secretary_a, selection=selection, organization=org_a, name="王一"
    )
    theirs = services.candidate_nominate(
        actor=secretary_b, selection=selection, organization=org_b, name="赵二"
    )
    assert list(selectors.candidates_visible_to(secretary_a)) == [mine]
    assert set(selectors.candidates_visible_to(committee_staff)) == {mine, theirs}
    counted = selectors.selections_visible_to(secretary_a).get(pk=selection.pk)
    assert counted.nominated == 1


def _score_all(round, reviewers, levels: dict[int, int]) -> None:
    for subject in round.subjects.all():
        for reviewer in reviewers:
            shared.score_submit(
                round=round,
                subject=subject,
                points=points(round, levels[subject.object_id], 5),
                actor=reviewer,
            )


def test_a_round_scores_the_candidates_with_the_shared_mechanism_and_the_top_move_on(
    committee_staff, org_a, org_b
):
    selection = _open_selection(committee_staff)
    candidates = [
        services.candidate_nominate(
            actor=committee_staff,
            selection=selection,
            organization=org_a if i % 2 else org_b,
            name=f"人选{i}",
        )
        for i in range(6)
    ]
    link = services.selection_round_open(
        actor=committee_staff, selection=selection, template=make_template(), rater_kind=RaterKind.REVIEWERS
    )
    subjects = ScoringSubject.objects.filter(round=link.round)
    assert {s.target for s in subjects} == set(candidates)  # one subject per candidate, pointing at it
    reviewers = make_reviewers(2)
    shared.scoring_reviewers_invite(actor=committee_staff, round=link.round, users=reviewers)
    levels = {c.pk: 10 - i for i, c in enumerate(candidates)}  # 人选0 best
    _score_all(link.round, reviewers, levels)
    with pytest.raises(ConflictError):  # ranks come after the close
        services.selection_promote_top(actor=committee_staff, selection_round=link, top=3)
    services.selection_round_close(actor=committee_staff, selection_round=link)
    assert Candidate.objects.get(pk=candidates[0].pk).score == Decimal("100.00")
    moved = services.selection_promote_top(actor=committee_staff, selection_round=link, top=3)
    assert moved == 3
    stages = dict(Candidate.objects.values_list("name", "stage"))
    assert [n for n, s in sorted(stages.items()) if s == CandidateStage.SELECTED] == [
        "人选0",
        "人选1",
        "人选2",
    ]
    # a second round of the selected ones, then 表彰 for the best one
    final = services.selection_round_open(
        actor=committee_staff,
        selection=selection,
        template=make_template("终评"),
        rater_kind=RaterKind.REVIEWERS,
        stage=CandidateStage.SELECTED,
    )
    assert final.round.subjects.count() == 3
    shared.scoring_reviewers_invite(actor=committee_staff, round=final.round, users=reviewers)
    _score_all(final.round, reviewers, levels)
    services.selection_round_close(actor=committee_staff, selection_round=final)
    services.selection_promote_top(actor=committee_staff, selection_round=final, top=1)
    winner = Candidate.objects.get(name="人选0")
    assert winner.stage == CandidateStage.AWARDED
    assert [h.stage for h in winner.history.order_by("history_date")] == ["nominated", "selected", "awarded"]


def test_promotion_moves_one_stage_at_a_time_and_is_staffs(committee_staff, secretary_a, org_a):
    selection = _open_selection(committee_staff)
    candidate = services.candidate_nominate(
        actor=secretary_a, selection=selection, organization=org_a, name="王一"
    )
    with pytest.raises(PermissionDeniedError):
        services.candidates_promote(
            actor=secretary_a, selection=selection, candidates=[candidate], to_stage=CandidateStage.SELECTED
        )
    with pytest.raises(ConflictError):
        services.candidates_promote(
            actor=committee_staff,
            selection=selection,
            candidates=[candidate],
            to_stage=CandidateStage.AWARDED,
        )
    services.candidates_promote(
        actor=committee_staff, selection=selection, candidates=[candidate], to_stage=CandidateStage.SELECTED
    )
    assert Candidate.objects.get(pk=candidate.pk).stage == CandidateStage.SELECTED


def test_the_annual_account_shows_the_speaker_selection_and_the_double_top_ten(
    staff_api, committee_staff, org_a
):
    speakers = services.selection_create(
        actor=committee_staff, year=2019, name="2019年上半年主题讲坛主讲人评选"
    )
    for i in range(5):
        stage = (
            [CandidateStage.AWARDED, CandidateStage.AWARDED, CandidateStage.SELECTED][i]
            if i < 3
            else "nominated"
        )
        services.candidate_nominate(
            actor=committee_staff, selection=speakers, organization=org_a, name=f"讲{i}", stage=stage
        )
    double = services.selection_create(actor=committee_staff, year=2019, name="2019年度双十佳评选")
    sections, stars = double.categories.order_by("seq")
    for i, (category, stage) in enumerate(
        [(sections, "awarded"), (sections, "nominated"), (stars, "awarded"), (stars, "awarded")]
    ):
        services.candidate_nominate(
            actor=committee_staff,
            selection=double,
            organization=org_a,
            name=f"双{i}",
            category=category,
            stage=stage,
        )
    body = staff_api.get("/api/v1/reports/annual/2019/").json()
    assert body["forums"]["committee"] == {"nominated": 5, "selected": 3, "awarded": 2}
    assert body["selections"] == {"double_top_ten": {"sections": 1, "stars": 2}}
