"""Live scoring (现场评分): open a round, add subjects and raters, take scores, close with results.

Every write to a round's scores first locks the round's row, so a score and the close never cross: a
score either lands before the close (and counts) or finds the round closed (and is refused).
"""

from __future__ import annotations

import hashlib
import secrets
from decimal import Decimal, InvalidOperation

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max, Min, Sum, Window
from django.db.models.functions import Rank
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import authz
from accounts.audit import audit_log
from partybuild.exceptions import ConflictError, DomainError, PermissionDeniedError

from ..models import (
    RaterKind,
    RoundState,
    Score,
    ScoringReviewer,
    ScoringRound,
    ScoringSeat,
    ScoringSubject,
    ScoringTemplate,
)
from ..models.scoring import TRIM_FROM, cents

# Seat codes: 8 characters from 31 that cannot be mistaken for one another on paper (no 0/O, 1/I/L):
# 31^8 ≈ 8.5 × 10^11 codes, and the entry page is rate-limited.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8
MAX_SEATS = 300


def weighted_total(criteria: list[dict], points: dict) -> Decimal:
    """Σ points × weight / max_points over the criteria, in cents: between 0 and the sum of the weights."""
    total = sum(
        (Decimal(points[str(c["id"])]) * Decimal(c["weight"]) / c["max_points"] for c in criteria), Decimal(0)
    )
    return cents(total)


def trimmed_mean(count: int, total: Decimal, highest: Decimal, lowest: Decimal) -> Decimal:
    """The mean of `count` totals summing to `total`; with TRIM_FROM or more, without one highest and
    one lowest (`highest`, `lowest`). In cents."""
    if count >= TRIM_FROM:
        return cents((total - highest - lowest) / (count - 2))
    return cents(total / count)


def normalise_points(round: ScoringRound, points: dict) -> dict[str, int]:
    """Every criterion of the round, each a whole number 0…max_points; refuses anything else in Chinese."""
    clean: dict[str, int] = {}
    for criterion in round.criteria:
        key = str(criterion["id"])
        raw = points.get(key, points.get(criterion["id"]))
        if raw is None or str(raw).strip() == "":
            raise DomainError(_("请为“%(name)s”打分") % {"name": criterion["name"]}, field="points")
        try:
            value = Decimal(str(raw).strip())
        except InvalidOperation:
            value = None
        if value is None or value != value.to_integral_value() or not 0 <= value <= criterion["max_points"]:
            raise DomainError(
                _("“%(name)s”的得分须是 0 到 %(max)s 之间的整数，收到“%(raw)s”")
                % {"name": criterion["name"], "max": criterion["max_points"], "raw": raw},
                field="points",
            )
        clean[key] = int(value)
    extra = {str(k) for k in points} - set(clean)
    if extra:
        raise DomainError(
            _("评分项目不属于本轮评分：%(keys)s") % {"keys": "、".join(sorted(extra))}, field="points"
        )
    return clean


def _require(actor, permission: str, obj, message: str) -> None:
    if actor is not None and not authz.may(actor, permission, obj):
        raise PermissionDeniedError(message)


def _lock(round: ScoringRound) -> ScoringRound:
    return ScoringRound.objects.select_for_update().get(pk=round.pk)


def _refuse_closed(round: ScoringRound) -> None:
    if round.is_closed:
        raise ConflictError(_("评分已结束，评分结果不能再更改"))


@transaction.atomic
def scoring_round_open(*, actor, title: str, template: ScoringTemplate, rater_kind: str) -> ScoringRound:
    """Open a round with the template's criteria and thresholds as they are now."""
    _require(actor, "activities.add_scoringround", None, _("只有工委干部可以组织现场评分"))
    if rater_kind not in RaterKind.values:
        raise DomainError(_("评分方式只能是受邀评议人或座位码"), field="rater_kind")
    if not template.is_active:
        raise DomainError(
            _("评分模板“%(name)s”已停用，请选择其他模板") % {"name": template}, field="template"
        )
    rules = template.rules()
    if not rules["criteria"]:
        raise DomainError(_("评分模板“%(name)s”还没有评分项目，请先在管理后台添加") % {"name": template})
    round = ScoringRound(title=title, template=template, rules=rules, rater_kind=rater_kind, created_by=actor)
    round.full_clean()
    round.save()
    return round


@transaction.atomic
def scoring_subject_add(*, actor, round: ScoringRound, label: str, target=None) -> ScoringSubject:
    _require(actor, "activities.change_scoringround", round, _("只有工委干部可以调整评分对象"))
    round = _lock(round)
    _refuse_closed(round)
    seq = (round.subjects.aggregate(m=Max("seq"))["m"] or 0) + 1
    subject = ScoringSubject(round=round, seq=seq, label=label)
    if target is not None:
        subject.content_type = ContentType.objects.get_for_model(target)
        subject.object_id = target.pk
    subject.full_clean()
    subject.save()
    return subject


@transaction.atomic
def scoring_reviewers_invite(*, actor, round: ScoringRound, users) -> list[ScoringReviewer]:
    """Invite users to score (the matrix says who may score at all: reviewers and committee staff)."""
    _require(actor, "activities.change_scoringround", round, _("只有工委干部可以邀请评议人"))
    round = _lock(round)
    _refuse_closed(round)
    if round.rater_kind != RaterKind.REVIEWERS:
        raise DomainError(_("本轮评分使用座位码，不邀请评议人账号"))
    invited = []
    for user in users:
        if not authz.may(user, "activities.add_score"):
            raise DomainError(
                _("“%(user)s”不是评议人或工委干部，不能受邀评分；请先为其分配“评议人”角色") % {"user": user},
                field="users",
            )
        reviewer, _created = ScoringReviewer.objects.get_or_create(round=round, user=user)
        invited.append(reviewer)
    return invited


@transaction.atomic
def scoring_seats_issue(*, actor, round: ScoringRound, count: int) -> list[ScoringSeat]:
    """Add `count` seats, numbered after the existing ones, each with a fresh random code."""
    _require(actor, "activities.change_scoringround", round, _("只有工委干部可以生成座位码"))
    round = _lock(round)
    _refuse_closed(round)
    if round.rater_kind != RaterKind.SEATS:
        raise DomainError(_("本轮评分由受邀评议人登录评分，不使用座位码"))
    existing = round.seats.count()
    if not 1 <= count <= MAX_SEATS - existing:
        raise DomainError(
            _("座位数须在 1 到 %(max)s 之间（本轮已有 %(n)s 个）")
            % {"max": MAX_SEATS - existing, "n": existing},
            field="count",
        )
    seats = [ScoringSeat(round=round, number=existing + i, code=new_seat_code()) for i in range(1, count + 1)]
    ScoringSeat.objects.bulk_create(seats)
    return list(round.seats.filter(number__gt=existing))


def new_seat_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


def normalise_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def _claim_key(browser_token: str) -> str:
    return hashlib.sha256(browser_token.encode()).hexdigest()


@transaction.atomic
def scoring_seat_claim(*, code: str, browser_token: str) -> ScoringSeat:
    """Hold the seat of `code` for one browser (its session's token). The same browser may enter the code
    again (a reload, a second tab); any other browser is refused."""
    seat = (
        ScoringSeat.objects.select_for_update()
        .select_related("round")
        .filter(code=normalise_code(code))
        .first()
    )
    if seat is None:
        raise DomainError(_("座位码不正确，请核对座位卡上的 8 位座位码"), field="code")
    if seat.round.is_closed:
        raise ConflictError(_("本轮评分已结束"))
    key = _claim_key(browser_token)
    if seat.claim_key and seat.claim_key != key:
        raise ConflictError(
            _("该座位码已在另一台手机上使用，每个座位码只能由一人使用；如有疑问请联系工作人员")
        )
    if not seat.claim_key:
        seat.claim_key = key
        seat.claimed_at = timezone.now()
        seat.save(update_fields=["claim_key", "claimed_at"])
    return seat


def seat_held_by(seat_id: int | None, browser_token: str | None) -> ScoringSeat | None:
    """The seat this browser holds, or None."""
    if not seat_id or not browser_token:
        return None
    return (
        ScoringSeat.objects.select_related("round")
        .filter(pk=seat_id, claim_key=_claim_key(browser_token))
        .first()
    )


@transaction.atomic
def score_submit(
    *, round: ScoringRound, subject: ScoringSubject, points: dict, actor=None, seat: ScoringSeat | None = None
) -> tuple[Score, bool]:
    """Record (or correct) one rater's score of one subject: an invited reviewer (`actor`) or a held seat.

    Idempotent: the same rater scoring the same subject again updates their one row. Returns the score
    and whether it was new."""
    round = _lock(round)
    if subject.round_id != round.pk:
        raise DomainError(_("评分对象不属于本轮评分"), field="subject")
    if (actor is None) == (seat is None):
        raise TypeError("score_submit takes an actor or a seat")
    rater: dict
    if seat is not None:
        if seat.round_id != round.pk:
            raise PermissionDeniedError(_("该座位码不属于本轮评分"))
        rater = {"seat": seat}
    else:
        if not authz.may(actor, "activities.score_scoringround", round):
            raise PermissionDeniedError(_("您未受邀参加本轮评分"))
        rater = {"reviewer": ScoringReviewer.objects.get(round=round, user=actor)}
    _refuse_closed(round)
    clean = normalise_points(round, points)
    values = {"round": round, "points": clean, "total": weighted_total(round.criteria, clean)}
    try:
        with transaction.atomic():
            score, created = Score.objects.update_or_create(subject=subject, **rater, defaults=values)
    except IntegrityError:
        # Another request of the same rater inserted first (possible only where the round lock is a no-op,
        # i.e. SQLite): that row is this rater's score, so update it.
        Score.objects.filter(subject=subject, **rater).update(**values, updated_at=timezone.now())
        score, created = Score.objects.get(subject=subject, **rater), False
    return score, created


def subject_results(round: ScoringRound) -> dict[int, dict]:
    """Per subject: raters, their totals' sum, highest and lowest — one GROUP BY — and the (trimmed) mean."""
    rows = (
        Score.objects.filter(round=round)
        .values("subject_id")
        .annotate(n=Count("id"), s=Sum("total"), hi=Max("total"), lo=Min("total"))
    )
    return {
        row["subject_id"]: {
            "count": row["n"],
            "score": trimmed_mean(row["n"], row["s"], row["hi"], row["lo"]),
            "trimmed": row["n"] >= TRIM_FROM,
        }
        for row in rows
    }


@transaction.atomic
def round_close(*, actor, round: ScoringRound) -> ScoringRound:
    """Close the round and store each subject's score, rank and grade. Nothing changes afterwards.

    Ranks: by score (in cents), highest first; equal scores share a rank and the next rank skips
    (1, 2, 2, 4); subjects with no score get no rank. Lists show equal ranks in the subjects' order."""
    _require(actor, "activities.close_scoringround", round, _("只有工委干部可以结束评分"))
    round = _lock(round)
    _refuse_closed(round)
    results = subject_results(round)
    subjects = list(round.subjects.all())
    for subject in subjects:
        result = results.get(subject.pk)
        subject.result_count = result["count"] if result else 0
        subject.result_score = result["score"] if result else None
        subject.result_trimmed = bool(result and result["trimmed"])
        subject.result_grade = round.grade_for(subject.result_score)
    ScoringSubject.objects.bulk_update(
        subjects, ["result_count", "result_score", "result_trimmed", "result_grade"]
    )
    ranks = dict(
        round.subjects.filter(result_score__isnull=False)
        .annotate(place=Window(Rank(), order_by=F("result_score").desc()))
        .values_list("pk", "place")
    )
    for subject in subjects:
        subject.result_rank = ranks.get(subject.pk)
    ScoringSubject.objects.bulk_update(subjects, ["result_rank"])
    round.state = RoundState.CLOSED
    round.closed_at = timezone.now()
    round.closed_by = actor
    round.save(update_fields=["state", "closed_at", "closed_by"])
    audit_log(
        "scoring.close",
        actor=actor,
        target=round,
        detail={"subjects": len(subjects), "scores": sum(r["count"] for r in results.values())},
    )
    return round
