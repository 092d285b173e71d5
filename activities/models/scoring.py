"""Live scoring (现场评分), not tied to what is scored: debriefs use it, and so will the selections.

A template (kept as data, edited in the admin) names the criteria with their weights and maximum points
and the grade thresholds. A round copies them when it opens (later edits of the template never change a
round), lists its subjects and who scores: invited reviewers (accounts) or seats (one-time codes on
printed slips). One Score per rater per subject, enforced by the database; nothing changes after close.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

CENT = Decimal("0.01")
# Trimming: with at least this many raters a subject loses its highest and its lowest total.
TRIM_FROM = 5


def cents(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


class Grade(models.TextChoices):
    GOOD = "good", _("好")
    FAIRLY_GOOD = "fairly_good", _("较好")
    FAIR = "fair", _("一般")
    POOR = "poor", _("差")


class ScoringTemplate(models.Model):
    """A way of scoring: criteria (weights, maximum points) and the thresholds of 好/较好/一般/差."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    description = models.TextField(_("说明"), blank=True)
    good_from = models.DecimalField(_("“好”的最低分"), max_digits=6, decimal_places=2, default=Decimal(90))
    fairly_good_from = models.DecimalField(
        _("“较好”的最低分"), max_digits=6, decimal_places=2, default=Decimal(80)
    )
    fair_from = models.DecimalField(_("“一般”的最低分"), max_digits=6, decimal_places=2, default=Decimal(60))
    is_active = models.BooleanField(_("启用"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("评分模板")
        verbose_name_plural = _("评分模板")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if not (self.good_from >= self.fairly_good_from >= self.fair_from >= 0):
            raise ValidationError(_("等次分数线须满足：好 ≥ 较好 ≥ 一般 ≥ 0，请调整"))

    def rules(self) -> dict:
        """What a round copies when it opens: criteria and thresholds as plain data."""
        return {
            "criteria": [
                {"id": c.pk, "name": c.name, "weight": str(c.weight), "max_points": c.max_points}
                for c in self.criteria.order_by("seq", "pk")
            ],
            "good_from": str(self.good_from),
            "fairly_good_from": str(self.fairly_good_from),
            "fair_from": str(self.fair_from),
        }


class ScoringCriterion(models.Model):
    """One criterion of a template: scored 0…max_points, counting `weight` points of the total."""

    template = models.ForeignKey(
        ScoringTemplate, verbose_name=_("评分模板"), on_delete=models.CASCADE, related_name="criteria"
    )
    seq = models.PositiveSmallIntegerField(_("序号"), default=1)
    name = models.CharField(_("评分项目"), max_length=100)
    description = models.CharField(_("评分要点"), max_length=300, blank=True)
    weight = models.DecimalField(
        _("权重（分值）"), max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    max_points = models.PositiveSmallIntegerField(_("满分"), default=10, validators=[MinValueValidator(1)])
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("评分项目")
        verbose_name_plural = _("评分项目")
        ordering = ["template", "seq", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["template", "name"], name="scoring_criterion_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class RaterKind(models.TextChoices):
    REVIEWERS = "reviewers", _("受邀评议人登录评分")
    SEATS = "seats", _("座位码评分（无需账号）")


class RoundState(models.TextChoices):
    OPEN = "open", _("评分中")
    CLOSED = "closed", _("已结束")


class ScoringRound(models.Model):
    """One sitting of live scoring: its rules (copied from the template), subjects and raters."""

    title = models.CharField(_("名称"), max_length=200)
    template = models.ForeignKey(
        ScoringTemplate, verbose_name=_("评分模板"), on_delete=models.PROTECT, related_name="rounds"
    )
    rules = models.JSONField(_("评分规则"), default=dict, editable=False)
    rater_kind = models.CharField(_("评分方式"), max_length=20, choices=RaterKind.choices)
    state = models.CharField(_("状态"), max_length=20, choices=RoundState.choices, default=RoundState.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("评分轮次")
        verbose_name_plural = _("评分轮次")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_closed(self) -> bool:
        return self.state == RoundState.CLOSED

    @property
    def criteria(self) -> list[dict]:
        return self.rules.get("criteria", [])

    @property
    def max_total(self) -> Decimal:
        return cents(sum((Decimal(c["weight"]) for c in self.criteria), Decimal(0)))

    def grade_for(self, score: Decimal | None) -> str:
        if score is None:
            return ""
        for grade, key in ((Grade.GOOD, "good_from"), (Grade.FAIRLY_GOOD, "fairly_good_from")):
            if score >= Decimal(self.rules[key]):
                return grade
        return Grade.FAIR if score >= Decimal(self.rules["fair_from"]) else Grade.POOR

    def is_invited(self, user) -> bool:
        """Whether `user` is one of this round's invited reviewers (one query, cached per user object)."""
        if not (user and user.is_authenticated):
            return False
        cache = user.__dict__.setdefault("_scoring_invitations", {})
        if self.pk not in cache:
            cache[self.pk] = self.reviewers.filter(user_id=user.pk).exists()
        return cache[self.pk]


class ScoringSubject(models.Model):
    """What is scored in a round (a secretary's debrief, a candidate), with its result after close."""

    round = models.ForeignKey(
        ScoringRound, verbose_name=_("评分轮次"), on_delete=models.PROTECT, related_name="subjects"
    )
    seq = models.PositiveSmallIntegerField(_("顺序"), default=1)
    label = models.CharField(_("评分对象"), max_length=200)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    # Written once, when the round closes (activities.services.scoring.round_close).
    result_score = models.DecimalField(_("得分"), max_digits=7, decimal_places=2, null=True, blank=True)
    result_count = models.PositiveIntegerField(_("评分人数"), null=True, blank=True)
    result_trimmed = models.BooleanField(_("去掉最高分和最低分"), default=False)
    result_rank = models.PositiveIntegerField(_("名次"), null=True, blank=True)
    result_grade = models.CharField(_("等次"), max_length=20, choices=Grade.choices, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("评分对象")
        verbose_name_plural = _("评分对象")
        ordering = ["round", "seq", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "content_type", "object_id"],
                condition=Q(object_id__isnull=False),
                name="scoring_subject_once_per_round",
            ),
        ]

    def __str__(self) -> str:
        return self.label


class ScoringReviewer(models.Model):
    """An invited reviewer of a round: logs in and scores every subject once."""

    round = models.ForeignKey(
        ScoringRound, verbose_name=_("评分轮次"), on_delete=models.PROTECT, related_name="reviewers"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("评议人"), on_delete=models.PROTECT, related_name="+"
    )
    invited_at = models.DateTimeField(_("邀请时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("受邀评议人")
        verbose_name_plural = _("受邀评议人")
        ordering = ["round", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="scoring_reviewer_once_per_round"),
        ]

    def __str__(self) -> str:
        return str(self.user)


class ScoringSeat(models.Model):
    """A seat of a round scored without an account: a random one-time code printed on a slip.

    The first browser that enters the code holds the seat (`claim_key`, a hash of a token kept in that
    browser's session); the code does not work in any other browser."""

    round = models.ForeignKey(
        ScoringRound, verbose_name=_("评分轮次"), on_delete=models.PROTECT, related_name="seats"
    )
    number = models.PositiveSmallIntegerField(_("座位号"))
    code = models.CharField(_("座位码"), max_length=16, unique=True)
    claimed_at = models.DateTimeField(_("启用时间"), null=True, blank=True)
    claim_key = models.CharField(max_length=64, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["code", "claim_key"])

    class Meta:
        verbose_name = _("评分座位")
        verbose_name_plural = _("评分座位")
        ordering = ["round", "number"]
        constraints = [
            models.UniqueConstraint(fields=["round", "number"], name="scoring_seat_number_once_per_round"),
        ]

    def __str__(self) -> str:
        return _("%(number)s 号座位") % {"number": self.number}

    @property
    def code_display(self) -> str:
        return f"{self.code[:4]}-{self.code[4:]}"


class Score(models.Model):
    """One rater's score of one subject: points per criterion and their weighted total.

    At most one per (subject, reviewer) and per (subject, seat) — unique constraints, so a reload or
    a double tap updates the one row. The database refuses any change once the round is closed
    (a trigger, migration 0002)."""

    round = models.ForeignKey(
        ScoringRound, verbose_name=_("评分轮次"), on_delete=models.PROTECT, related_name="scores"
    )
    subject = models.ForeignKey(
        ScoringSubject, verbose_name=_("评分对象"), on_delete=models.PROTECT, related_name="scores"
    )
    reviewer = models.ForeignKey(
        ScoringReviewer,
        verbose_name=_("评议人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="scores",
    )
    seat = models.ForeignKey(
        ScoringSeat,
        verbose_name=_("座位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="scores",
    )
    points = models.JSONField(_("各项得分"), default=dict)
    total = models.DecimalField(_("加权总分"), max_digits=7, decimal_places=2)
    created_at = models.DateTimeField(_("首次评分时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("最后修改时间"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("评分")
        verbose_name_plural = _("评分")
        ordering = ["round", "subject", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject", "reviewer"],
                condition=Q(reviewer__isnull=False),
                name="score_once_per_reviewer_and_subject",
            ),
            models.UniqueConstraint(
                fields=["subject", "seat"],
                condition=Q(seat__isnull=False),
                name="score_once_per_seat_and_subject",
            ),
            models.CheckConstraint(
                condition=Q(reviewer__isnull=True, seat__isnull=False)
                | Q(reviewer__isnull=False, seat__isnull=True),
                name="score_by_a_reviewer_or_a_seat",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} {self.total}"
