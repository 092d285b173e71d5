"""Reads of the selections (评选), already limited to what the user may see, and their year-end figures."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, DecimalField, IntegerField, OuterRef, Q, QuerySet, Subquery

from accounts import authz
from accounts.authz import OrgScope

from ..models import (
    Candidate,
    CandidateStage,
    ScoringSubject,
    Selection,
    SelectionKind,
    SelectionRound,
)

REACHED_SELECTED = (CandidateStage.SELECTED, CandidateStage.AWARDED)


def selections_visible_to(user) -> QuerySet[Selection]:
    """Every selection for whoever has business data (the candidates inside are scoped); with counts."""
    if not authz.has_business_access(user):
        return Selection.objects.none()
    scope = authz.business_scope(user).q("candidates__organization")
    return Selection.objects.annotate(
        nominated=Count("candidates", filter=scope, distinct=True),
        selected=Count("candidates", filter=scope & Q(candidates__stage__in=REACHED_SELECTED), distinct=True),
        awarded=Count(
            "candidates", filter=scope & Q(candidates__stage=CandidateStage.AWARDED), distinct=True
        ),
    ).order_by("-year", "name", "pk")


def candidates_visible_to(user) -> QuerySet[Candidate]:
    """Staff and reporting: every candidate; a secretary: those of their org and the orgs below. Each row
    carries the result of the latest round that scored it (`round_score`, `round_rank`)."""
    scope = authz.business_scope(user)
    if scope.is_empty:
        return Candidate.objects.none()
    latest = ScoringSubject.objects.filter(
        content_type=ContentType.objects.get_for_model(Candidate), object_id=OuterRef("pk")
    ).order_by("-round_id")
    return (
        Candidate.objects.filter(scope.q("organization"))
        .select_related("selection", "category", "organization", "member")
        .annotate(
            round_score=Subquery(latest.values("result_score")[:1], output_field=DecimalField()),
            round_rank=Subquery(latest.values("result_rank")[:1], output_field=IntegerField()),
        )
        .order_by("selection", "category__seq", "-stage", "name", "pk")
    )


def selection_rounds(selection: Selection) -> QuerySet[SelectionRound]:
    return (
        SelectionRound.objects.filter(selection=selection)
        .select_related("round", "category")
        .annotate(subject_count=Count("round__subjects", distinct=True))
        .order_by("-pk")
    )


def _stage_counts(queryset: QuerySet[Candidate]) -> dict[str, int]:
    row = queryset.aggregate(
        nominated=Count("pk"),
        selected=Count("pk", filter=Q(stage__in=REACHED_SELECTED)),
        awarded=Count("pk", filter=Q(stage=CandidateStage.AWARDED)),
    )
    return {key: int(value or 0) for key, value in row.items()}


def forum_speakers_account(scope: OrgScope, year: int) -> dict[str, int]:
    """CONTRACT.md `forums.committee`: the year's forum-speaker selection(s): every candidate nominated,
    入选 or 表彰 selected, 表彰 awarded (a candidate's stage is the furthest it reached). One query."""
    return _stage_counts(
        Candidate.objects.filter(
            scope.q("organization"), selection__year=year, selection__kind=SelectionKind.FORUM_SPEAKERS
        )
    )


def selections_account(scope: OrgScope, year: int) -> dict:
    """CONTRACT.md `selections.double_top_ten`: awarded candidates by category (科室窗口 → sections,
    个人标兵 → stars). One query."""
    row = Candidate.objects.filter(
        scope.q("organization"),
        selection__year=year,
        selection__kind=SelectionKind.DOUBLE_TOP_TEN,
        stage=CandidateStage.AWARDED,
    ).aggregate(
        sections=Count("pk", filter=Q(category__name="科室窗口")),
        stars=Count("pk", filter=Q(category__name="个人标兵")),
    )
    return {"double_top_ten": {key: int(value or 0) for key, value in row.items()}}
