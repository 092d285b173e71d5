"""Selections (评选): 双十佳, the committee's half-year forum-speaker selection and any other.

Orgs nominate candidates (推荐) during the nomination window; a panel scores them on site with the
shared live-scoring mechanism (activities.models.scoring: a `SelectionRound` links a selection to a
ScoringRound whose subjects are candidates); staff then move the best on to 入选 and 表彰. A
candidate's stage is the furthest it reached; every change is kept in its history.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Member, Organization

from .scoring import ScoringRound


class SelectionKind(models.TextChoices):
    FORUM_SPEAKERS = "forum_speakers", _("主题讲坛主讲人评选")
    DOUBLE_TOP_TEN = "double_top_ten", _("双十佳评选")
    OTHER = "other", _("其他评选")


class CandidateStage(models.TextChoices):
    NOMINATED = "nominated", _("推荐")
    SELECTED = "selected", _("入选")
    AWARDED = "awarded", _("表彰")


# The order of the stages: a candidate moves one step at a time.
STAGE_ORDER = [CandidateStage.NOMINATED, CandidateStage.SELECTED, CandidateStage.AWARDED]


def next_stage(stage: str) -> str | None:
    index = STAGE_ORDER.index(stage)
    return STAGE_ORDER[index + 1] if index + 1 < len(STAGE_ORDER) else None


class Selection(models.Model):
    """One selection of a year: its name, kind, nomination window and categories."""

    year = models.PositiveSmallIntegerField(
        _("年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    name = models.CharField(_("评选"), max_length=200)
    kind = models.CharField(_("评选类型"), max_length=20, choices=SelectionKind.choices)
    description = models.TextField(_("评选说明"), blank=True)
    nominate_from = models.DateField(_("推荐开始日期"), null=True, blank=True)
    nominate_until = models.DateField(_("推荐截止日期"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("评选")
        verbose_name_plural = _("评选")
        ordering = ["-year", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["year", "name"], name="selection_name_once_a_year"),
        ]

    def __str__(self) -> str:
        return f"{self.year}年度{self.name}" if not self.name.startswith(str(self.year)) else self.name

    def get_absolute_url(self) -> str:
        return reverse("forums:selection_detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        if self.nominate_from and self.nominate_until and self.nominate_from > self.nominate_until:
            raise ValidationError({"nominate_until": _("推荐截止日期不能早于推荐开始日期")})

    def is_nominating(self, on=None) -> bool:
        """Whether secretaries may nominate on `on` (today): inside the window; no window means closed."""
        on = on or timezone.localdate()
        if self.nominate_from is None and self.nominate_until is None:
            return False
        return (self.nominate_from is None or self.nominate_from <= on) and (
            self.nominate_until is None or on <= self.nominate_until
        )


class SelectionCategory(models.Model):
    """A category of a selection (双十佳: 科室窗口, 个人标兵), with its quota when there is one."""

    selection = models.ForeignKey(
        Selection, verbose_name=_("评选"), on_delete=models.CASCADE, related_name="categories"
    )
    seq = models.PositiveSmallIntegerField(_("序号"), default=1)
    name = models.CharField(_("类别"), max_length=50)
    quota = models.PositiveSmallIntegerField(_("名额"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("评选类别")
        verbose_name_plural = _("评选类别")
        ordering = ["selection", "seq", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["selection", "name"], name="selection_category_once"),
        ]

    def __str__(self) -> str:
        return self.name


class Candidate(models.Model):
    """A candidate of a selection (a person, or a section / window), nominated by an org."""

    selection = models.ForeignKey(
        Selection, verbose_name=_("评选"), on_delete=models.PROTECT, related_name="candidates"
    )
    category = models.ForeignKey(
        SelectionCategory,
        verbose_name=_("类别"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="candidates",
    )
    name = models.CharField(_("名称"), max_length=100, help_text=_("人选姓名，或科室、窗口的名称"))
    organization = models.ForeignKey(
        Organization, verbose_name=_("推荐党组织"), on_delete=models.PROTECT, related_name="candidates"
    )
    member = models.ForeignKey(
        Member,
        verbose_name=_("党员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="candidacies",
    )
    deeds = models.TextField(_("推荐理由（主要事迹）"), blank=True)
    stage = models.CharField(
        _("阶段"),
        max_length=20,
        choices=CandidateStage.choices,
        default=CandidateStage.NOMINATED,
        db_index=True,
    )
    score = models.DecimalField(_("得分"), max_digits=7, decimal_places=2, null=True, blank=True)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("推荐人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("推荐时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("评选人选")
        verbose_name_plural = _("评选人选")
        ordering = ["selection", "category__seq", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["selection", "name"], name="candidate_once_per_selection"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.category_id and self.selection_id and self.category.selection_id != self.selection_id:
            raise ValidationError({"category": _("类别不属于该评选")})
        if self.member_id and self.organization_id:
            member_org = self.member.organization
            if not member_org.path.startswith(self.organization.path):
                raise ValidationError({"member": _("该党员不在推荐党组织（或其下级组织）的名册中")})


class SelectionRound(models.Model):
    """A live-scoring round of a selection: the candidates at `stage` (of one category, or all) scored."""

    selection = models.ForeignKey(
        Selection, verbose_name=_("评选"), on_delete=models.PROTECT, related_name="rounds"
    )
    round = models.OneToOneField(
        ScoringRound, verbose_name=_("评分轮次"), on_delete=models.PROTECT, related_name="selection_round"
    )
    stage = models.CharField(
        _("参评阶段"), max_length=20, choices=CandidateStage.choices, default=CandidateStage.NOMINATED
    )
    category = models.ForeignKey(
        SelectionCategory,
        verbose_name=_("类别"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rounds",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("评选评分轮次")
        verbose_name_plural = _("评选评分轮次")
        ordering = ["selection", "pk"]

    def __str__(self) -> str:
        return str(self.round)
