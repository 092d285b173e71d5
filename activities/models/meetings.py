"""三会一课 (a branch's regular organisational life): 支部党员大会, 支委会, 党小组会, 党课 — with who came
from the roster, and the exemptions (免查) from the quarterly expected-vs-held check, kept as data.

A 主题党日 is not a meeting type: it is a service day (activities/service-days/), one model, one record.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Member, Organization


class MeetingType(models.TextChoices):
    GENERAL = "general", _("支部党员大会")
    COMMITTEE = "committee", _("支委会")
    GROUP = "group", _("党小组会")
    LECTURE = "lecture", _("党课")


# The ledger's task → activity-kind link (ledger Task.activity_kind) names meetings by these.
LEDGER_KINDS = {
    MeetingType.GENERAL: "meeting_general",
    MeetingType.COMMITTEE: "meeting_committee",
    MeetingType.GROUP: "meeting_group",
    MeetingType.LECTURE: "meeting_lecture",
}


class Meeting(models.Model):
    """One meeting of 三会一课: type, host and recorder, when and where, who came, what was decided."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("党组织"), on_delete=models.PROTECT, related_name="meetings"
    )
    meeting_type = models.CharField(_("会议类型"), max_length=20, choices=MeetingType.choices)
    held_on = models.DateField(_("实际时间"))
    held_time = models.TimeField(_("开始时刻"), null=True, blank=True)
    planned_on = models.DateField(_("计划时间"), null=True, blank=True)
    planned_time = models.TimeField(_("计划时刻"), null=True, blank=True)
    place = models.CharField(_("地点"), max_length=200, blank=True)
    host = models.CharField(_("主持人"), max_length=50, blank=True)
    recorder = models.CharField(_("记录人"), max_length=50, blank=True)
    expected_count = models.PositiveIntegerField(_("应到人数"), default=0)
    present_count = models.PositiveIntegerField(_("实到人数"), default=0)
    leave_count = models.PositiveIntegerField(_("请假人数"), default=0)
    outside_attendees = models.CharField(
        _("列席人员"), max_length=300, blank=True, help_text=_("本支部名册以外的参加人员，多人以“、”分隔")
    )
    agenda = models.TextField(_("会议议题"), blank=True)
    content = models.TextField(_("会议内容"), blank=True)
    resolutions = models.TextField(_("会议决议"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("三会一课")
        verbose_name_plural = _("三会一课")
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "meeting_type", "held_on"], name="meeting_one_per_type_and_day"
            ),
            models.CheckConstraint(
                condition=Q(present_count__lte=F("expected_count")), name="meeting_present_within_expected"
            ),
        ]
        indexes = [
            # Covering: the year-end account counts and sums the year's meetings from the index alone.
            models.Index(
                fields=["held_on", "meeting_type"],
                name="meeting_held_type",
                include=["present_count", "organization"],
            ),
            # The list's ordering (-held_on, -pk): a page is read along it, whatever the ties on a day.
            models.Index(fields=["held_on", "id"], name="meeting_held_id"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.get_meeting_type_display()} {self.held_on:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting_detail", args=[self.pk])

    def clean(self) -> None:
        errors = {}
        if self.present_count + self.leave_count > self.expected_count:
            errors["present_count"] = _("实到人数与请假人数之和（%(n)s）超过应到人数（%(e)s），请核对") % {
                "n": self.present_count + self.leave_count,
                "e": self.expected_count,
            }
        if self.planned_on and self.held_on and (self.held_on - self.planned_on).days > 366:
            errors["planned_on"] = _("计划时间与实际时间相差一年以上，请核对")
        if errors:
            raise ValidationError(errors)

    @property
    def ledger_activity_kind(self) -> str:
        """The ledger task kind this meeting fulfils (Task.activity_kind)."""
        return LEDGER_KINDS[MeetingType(self.meeting_type)]

    @property
    def ledger_activity_date(self) -> date:
        return self.held_on

    @property
    def absent_count(self) -> int:
        return max(self.expected_count - self.present_count - self.leave_count, 0)


class MeetingAttendanceStatus(models.TextChoices):
    PRESENT = "present", _("出席")
    LEAVE = "leave", _("请假")
    ABSENT = "absent", _("缺席")


class MeetingAttendance(models.Model):
    """Whether a member of the org's roster came to a meeting (present, on leave or absent)."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="attendance"
    )
    member = models.ForeignKey(
        Member, verbose_name=_("党员"), on_delete=models.PROTECT, related_name="meeting_attendance"
    )
    status = models.CharField(_("出席情况"), max_length=10, choices=MeetingAttendanceStatus.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("参会情况")
        verbose_name_plural = _("参会情况")
        ordering = ["meeting_id", "member__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="meeting_attendance_once"),
        ]
        indexes = [models.Index(fields=["member", "status"], name="meeting_attendance_member")]

    def __str__(self) -> str:
        return f"{self.member} {self.get_status_display()}"

    @property
    def organization(self) -> Organization:
        return self.meeting.organization


class MeetingExemption(models.Model):
    """免查: an org need not hold a meeting type (or any) in a date range, with the reason (staff keep it)."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("党组织"), on_delete=models.PROTECT, related_name="meeting_exemptions"
    )
    meeting_type = models.CharField(
        _("会议类型"),
        max_length=20,
        choices=MeetingType.choices,
        blank=True,
        help_text=_("不选则全部会议类型免查"),
    )
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    reason = models.CharField(_("免查原因"), max_length=200)
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
        verbose_name = _("三会一课免查")
        verbose_name_plural = _("三会一课免查")
        ordering = ["-starts_on", "organization_id", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="meeting_exemption_range"),
        ]

    def __str__(self) -> str:
        what = self.get_meeting_type_display() if self.meeting_type else _("全部会议")
        return f"{self.organization} {what} {self.starts_on:%Y-%m-%d}—{self.ends_on:%Y-%m-%d}"

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("结束日期不能早于开始日期")})

    def covers(self, meeting_type: str, start: date, end: date) -> bool:
        """Whether this exemption touches [start, end] for `meeting_type`."""
        return (
            (not self.meeting_type or self.meeting_type == meeting_type)
            and self.starts_on <= end
            and self.ends_on >= start
        )
