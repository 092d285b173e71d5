"""Reads of live scoring and 述职评议, already limited to what the user may see."""

from __future__ import annotations

from django.db.models import Case as CaseWhen
from django.db.models import CharField, Count, Exists, F, OuterRef, Q, QuerySet, When
from django.db.models.functions import Coalesce

from accounts import authz

from ..models import (
    Debrief,
    DebriefSession,
    Grade,
    RaterKind,
    RoundState,
    Score,
    ScoringReviewer,
    ScoringRound,
    ScoringTemplate,
)

GRADES = dict(Grade.choices)


def _invited(user, round_field: str) -> Exists:
    return Exists(ScoringReviewer.objects.filter(round_id=OuterRef(round_field), user_id=user.pk))


def templates_in_use() -> QuerySet[ScoringTemplate]:
    return ScoringTemplate.objects.filter(is_active=True).order_by("name")


def rounds_invited(user) -> QuerySet[ScoringRound]:
    """The rounds a user was invited to score, open ones first (the reviewer's list)."""
    return (
        ScoringRound.objects.filter(_invited(user, "pk"))
        .select_related("debrief_session")
        .annotate(subject_count=Count("subjects", distinct=True))
        .order_by("-state", "-created_at", "-pk")  # "open" sorts after "closed": descending puts it first
    )


def debrief_sessions_visible_to(user) -> QuerySet[DebriefSession]:
    """Staff: every session; invited reviewers: theirs; the reporting client: closed ones."""
    sessions = (
        DebriefSession.objects.select_related("round")
        .annotate(debrief_count=Count("debriefs", distinct=True))
        .order_by("-held_on", "-pk")
    )
    if authz.is_committee_staff(user):
        return sessions
    condition = Q(_invited(user, "round_id"))
    if authz.is_reporting(user):
        condition |= Q(round__state=RoundState.CLOSED)
    return sessions.filter(condition)


def debriefs_visible_to(user) -> QuerySet[Debrief]:
    """Staff and the secretaries of the debrief's org (and the orgs above it); the reporting client the
    debriefs of closed sessions. Each row carries its result: the session's scoring once closed, else the
    score recorded for an imported year."""
    condition = authz.write_scope(user).q("organization")
    if authz.is_reporting(user):
        condition |= Q(session__round__state=RoundState.CLOSED)
    return (
        Debrief.objects.filter(condition)
        .select_related("session", "session__round", "organization", "subject")
        .annotate(
            result_score=Coalesce(F("subject__result_score"), F("recorded_score")),
            result_rank=F("subject__result_rank"),
            result_grade=CaseWhen(
                When(subject__result_grade__gt="", then=F("subject__result_grade")),
                default=F("recorded_grade"),
                output_field=CharField(),
            ),
        )
        .order_by("-session__held_on", "session_id", "seq", "pk")
    )


def scores_visible_to(user) -> QuerySet[Score]:
    """Staff: every score; a reviewer: their own; the reporting client: the scores of closed rounds."""
    scores = Score.objects.select_related("subject", "reviewer__user", "seat", "round")
    if authz.is_committee_staff(user):
        return scores
    condition = Q(reviewer__user_id=user.pk) if user.is_authenticated else Q(pk__in=[])
    if authz.is_reporting(user):
        condition |= Q(round__state=RoundState.CLOSED)
    return scores.filter(condition)


def rater_label(user) -> str:
    return user.display_name or user.get_full_name() or user.username


def round_progress(round: ScoringRound) -> dict:
    """Who has scored whom: subjects, raters and the scored pairs (three queries whatever the size)."""
    subjects = list(
        round.subjects.order_by("seq", "pk").values(
            "pk", "label", "result_score", "result_rank", "result_grade", "result_count"
        )
    )
    by_seat = round.rater_kind == RaterKind.SEATS
    if by_seat:
        raters = [
            {"id": pk, "label": str(number), "active": claimed is not None}
            for pk, number, claimed in round.seats.order_by("number").values_list(
                "pk", "number", "claimed_at"
            )
        ]
        pairs = round.scores.values_list("seat_id", "subject_id")
    else:
        raters = [
            {"id": r.pk, "label": rater_label(r.user), "active": True}
            for r in round.reviewers.select_related("user").order_by("pk")
        ]
        pairs = round.scores.values_list("reviewer_id", "subject_id")
    scored: dict[int, list[int]] = {}
    for rater_id, subject_id in pairs:
        scored.setdefault(rater_id, []).append(subject_id)
    subject_counts: dict[int, int] = {}
    for subject_ids in scored.values():
        for subject_id in subject_ids:
            subject_counts[subject_id] = subject_counts.get(subject_id, 0) + 1
    for rater in raters:
        rater["scored"] = sorted(scored.get(rater["id"], []))
        rater["done"] = len(rater["scored"]) == len(subjects) and bool(subjects)
    closed = round.state == RoundState.CLOSED
    return {
        "state": round.state,
        "closed": closed,
        "by_seat": by_seat,
        "subjects": [
            {
                "id": s["pk"],
                "label": s["label"],
                "scored": subject_counts.get(s["pk"], 0),
                **(
                    {
                        "score": None if s["result_score"] is None else str(s["result_score"]),
                        "rank": s["result_rank"],
                        "grade": s["result_grade"],
                        "grade_display": str(GRADES.get(s["result_grade"], "")),
                    }
                    if closed
                    else {}
                ),
            }
            for s in subjects
        ],
        "raters": raters,
        "scores": sum(len(v) for v in scored.values()),
        "raters_done": sum(1 for r in raters if r["done"]),
    }


def users_who_may_score():
    """Candidates for an invitation: active users holding the reviewer or the committee-staff role today
    (the service asks the matrix again for each one invited)."""
    from django.utils import timezone

    from accounts.models import Role, RoleAssignment, User

    today = timezone.localdate()
    holders = RoleAssignment.objects.filter(
        Q(starts_on__isnull=True) | Q(starts_on__lte=today),
        Q(ends_on__isnull=True) | Q(ends_on__gte=today),
        role__in=[Role.REVIEWER, Role.COMMITTEE_STAFF],
    ).values("user_id")
    return User.objects.filter(is_active=True, pk__in=holders).order_by("username")


def my_scores(round: ScoringRound, **rater) -> dict[int, Score]:
    """One rater's scores in a round, by subject id (`reviewer=` or `seat=`)."""
    return {score.subject_id: score for score in round.scores.filter(**rater)}
