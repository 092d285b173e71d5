"""党员志愿服务 in three tiers (总队—支队—分队): teams, their members, and activities with each
participant's hours (what member points count as volunteer hours)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Member, Organization


class TeamTier(models.TextChoices):
    CORPS = "corps", _("总队")
    DETACHMENT = "detachment", _("支队")
    SQUAD = "squad", _("分队")


# The tier a team's parent must be (a 总队 has none).
PARENT_TIER = {TeamTier.DETACHMENT: TeamTier.CORPS, TeamTier.SQUAD: TeamTier.DETACHMENT}


class VolunteerTeam(models.Model):
    """A volunteer team: the committee's 总队, a unit's 支队, a branch's 分队."""

    name = models.CharField(_("队伍名称"), max_length=100)
    tier = models.CharField(_("层级"), max_length=20, choices=TeamTier.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级队伍"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("所属党组织"), on_delete=models.PROTECT, related_name="volunteer_teams"
    )
    leader = models.ForeignKey(
        Member,
        verbose_name=_("队长"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_volunteer_teams",
    )
    founded_on = models.DateField(_("成立日期"))
    dissolved_on = models.DateField(_("撤销日期"), null=True, blank=True)
    members = models.ManyToManyField(
        Member, verbose_name=_("队员"), through="VolunteerTeamMember", related_name="volunteer_teams"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("志愿服务队")
        verbose_name_plural = _("志愿服务队")
        ordering = ["tier", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="volunteer_team_name_per_org"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("brands:team_detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        expected = PARENT_TIER.get(self.tier)
        if expected is None and self.parent_id:
            raise ValidationError({"parent": _("总队没有上级队伍")})
        if expected is not None and (self.parent is None or self.parent.tier != expected):
            raise ValidationError(
                {
                    "parent": _("%(tier)s的上级队伍须是%(parent)s")
                    % {"tier": TeamTier(self.tier).label, "parent": expected.label}
                }
            )
        if self.dissolved_on and self.founded_on and self.dissolved_on < self.founded_on:
            raise ValidationError({"dissolved_on": _("撤销日期不能早于成立日期")})


class VolunteerTeamMember(models.Model):
    """A member on a team since a day."""

    team = models.ForeignKey(
        VolunteerTeam, verbose_name=_("队伍"), on_delete=models.CASCADE, related_name="memberships"
    )
    member = models.ForeignKey(Member, verbose_name=_("队员"), on_delete=models.PROTECT, related_name="+")
    joined_on = models.DateField(_("加入日期"))

    class Meta:
        verbose_name = _("志愿服务队队员")
        verbose_name_plural = _("志愿服务队队员")
        ordering = ["team_id", "joined_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["team", "member"], name="volunteer_member_once")]

    def __str__(self) -> str:
        return f"{self.team} {self.member}"

    @property
    def organization(self) -> Organization:
        return self.team.organization


class VolunteerActivity(models.Model):
    """A team's volunteer activity on a day, with each participant's hours."""

    team = models.ForeignKey(
        VolunteerTeam, verbose_name=_("志愿服务队"), on_delete=models.PROTECT, related_name="activities"
    )
    held_on = models.DateField(_("日期"))
    title = models.CharField(_("活动名称"), max_length=200)
    place = models.CharField(_("地点"), max_length=200, blank=True)
    content = models.TextField(_("活动内容"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("志愿服务活动")
        verbose_name_plural = _("志愿服务活动")
        ordering = ["-held_on", "-pk"]
        # The lists' order (newest first, then the key) read along an index, with or without a team: a page
        # and its count never sort every activity.
        indexes = [
            models.Index(fields=["-held_on", "-id"], name="volunteer_activity_recent"),
            models.Index(fields=["team", "-held_on", "-id"], name="volunteer_activity_team_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("brands:team_detail", kwargs={"pk": self.team_id})

    @property
    def organization(self) -> Organization:
        return self.team.organization


class VolunteerHours(models.Model):
    """One participant of an activity and the hours they served."""

    activity = models.ForeignKey(
        VolunteerActivity, verbose_name=_("志愿服务活动"), on_delete=models.CASCADE, related_name="hours"
    )
    member = models.ForeignKey(Member, verbose_name=_("党员"), on_delete=models.PROTECT, related_name="+")
    hours = models.DecimalField(
        _("服务时长（小时）"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("24"))],
    )

    class Meta:
        verbose_name = _("志愿服务时长")
        verbose_name_plural = _("志愿服务时长")
        ordering = ["activity_id", "pk"]
        constraints = [models.UniqueConstraint(fields=["activity", "member"], name="volunteer_hours_once")]
        # A team's hours (the tree's counts) add up from this index alone, never reading the rows.
        indexes = [models.Index(fields=["activity", "hours"], name="volunteer_hours_sum")]

    def __str__(self) -> str:
        return f"{self.member} {self.hours}"

    @property
    def organization(self) -> Organization:
        return self.activity.team.organization
