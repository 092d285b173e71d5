"""党员服务日 / 主题党日 ("4+x"): a branch's monthly day of service in its linked village or community,
with who was expected, present and on leave (picked from the roster) and photos. A 主题党日 is this one
model, never a meeting type."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Member, Organization
from ledger.evidence import EvidenceFile
from ledger.filetypes import stored_extension
from ledger.models import ActivityFill
from partybuild.storage import private_storage


class ServiceDayTheme(models.TextChoices):
    STUDY = "study", _("学习教育")
    DELIBERATION = "deliberation", _("民主议事")
    VOLUNTEER = "volunteer", _("志愿服务")
    CULTURE = "culture", _("文体活动")
    CUSTOM = "custom", _("自选")


class ServiceDay(models.Model):
    """One 党员服务日 / 主题党日 of an org: when, where, on what theme, who came, what was done."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("党组织"), on_delete=models.PROTECT, related_name="service_days"
    )
    held_on = models.DateField(_("日期"))
    place = models.CharField(_("联系村(社区)"), max_length=120, blank=True)
    theme = models.CharField(_("主题"), max_length=20, choices=ServiceDayTheme.choices)
    theme_text = models.CharField(
        _("自选主题"), max_length=100, blank=True, help_text=_("主题为“自选”时填写")
    )
    content = models.TextField(_("主要内容"), blank=True)
    expected = models.PositiveIntegerField(_("应到人数"), default=0)
    present = models.PositiveIntegerField(_("实到人数"), default=0)
    on_leave = models.PositiveIntegerField(_("请假人数"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    # The ledger assignments this day filled (ledger.services.fills), for the page and the API.
    fills = GenericRelation(ActivityFill, content_type_field="activity_type", object_id_field="activity_id")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("党员服务日")
        verbose_name_plural = _("党员服务日")
        ordering = ["-held_on", "-pk"]
        indexes = [
            # Covering (present): the year-end account counts and sums the year's days from the index alone.
            models.Index(
                fields=["held_on", "organization"], name="service_day_held_org", include=["present"]
            ),
            # The list's ordering (-held_on, -pk): a page is read along it, whatever the ties on a day.
            models.Index(fields=["held_on", "id"], name="service_day_held_id"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "held_on", "theme"], name="service_day_one_per_theme_and_day"
            ),
            models.CheckConstraint(
                condition=models.Q(present__lte=models.F("expected")), name="service_day_present_le_expected"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.held_on:%Y-%m-%d} {self.theme_label}"

    def get_absolute_url(self) -> str:
        return reverse("days:service_day_detail", args=[self.pk])

    @property
    def theme_label(self) -> str:
        if self.theme == ServiceDayTheme.CUSTOM and self.theme_text:
            return f"{ServiceDayTheme.CUSTOM.label}：{self.theme_text}"
        return str(self.get_theme_display())

    @property
    def ledger_activity_kind(self) -> str:
        """The `Task.activity_kind` this activity fulfils (ledger.services.fills)."""
        return "service_day"

    @property
    def ledger_activity_date(self) -> date:
        return self.held_on

    @property
    def ledger_fill_text(self) -> str:
        """The 完成情况 of a ledger record this day fills."""
        where = f"（{self.place}）" if self.place else ""
        text = f"{self.held_on:%Y-%m-%d}{where}{self.theme_label}，实到{self.present}人"
        return f"{text}。{self.content}" if self.content else text

    @property
    def ledger_participants(self) -> int:
        return self.present

    def clean(self) -> None:
        errors = {}
        if self.theme == ServiceDayTheme.CUSTOM and not (self.theme_text or "").strip():
            errors["theme_text"] = _("主题为“自选”时，请填写自选主题")
        if self.held_on and self.held_on > timezone.localdate():
            errors["held_on"] = _("日期 %(d)s 晚于今天，请填写实际开展的日期") % {"d": self.held_on}
        if self.present > self.expected:
            errors["present"] = _("实到人数（%(p)s）不能多于应到人数（%(e)s）") % {
                "p": self.present,
                "e": self.expected,
            }
        elif self.present + self.on_leave > self.expected:
            errors["on_leave"] = _("实到与请假人数之和（%(n)s）不能多于应到人数（%(e)s）") % {
                "n": self.present + self.on_leave,
                "e": self.expected,
            }
        if errors:
            raise ValidationError(errors)


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("实到")
    ON_LEAVE = "on_leave", _("请假")
    EXPECTED = "expected", _("应到未到")


class ServiceDayAttendance(models.Model):
    """One member of the org's roster at a service day: expected, present or on leave (every row was
    expected)."""

    service_day = models.ForeignKey(
        ServiceDay, verbose_name=_("党员服务日"), on_delete=models.CASCADE, related_name="attendance"
    )
    member = models.ForeignKey(
        Member, verbose_name=_("党员"), on_delete=models.PROTECT, related_name="service_day_attendance"
    )
    status = models.CharField(
        _("出勤"), max_length=10, choices=AttendanceStatus.choices, default=AttendanceStatus.PRESENT
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("服务日出勤")
        verbose_name_plural = _("服务日出勤")
        ordering = ["service_day_id", "member__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["service_day", "member"], name="service_day_attendance_once")
        ]
        indexes = [models.Index(fields=["member", "status"], name="service_day_att_member")]

    def __str__(self) -> str:
        return f"{self.member} {self.get_status_display()}"

    @property
    def organization(self) -> Organization:
        return self.service_day.organization


def service_day_photo_upload_to(instance: ServiceDayPhoto, filename: str) -> str:
    """A random name with the extension of the checked type; the user's file name stays in the row."""
    extension = stored_extension(instance.content_type)
    return f"service_days/{timezone.localtime():%Y/%m}/{uuid4().hex}.{extension}"


class ServiceDayPhoto(EvidenceFile):
    """A photo (or other evidence file) of a service day (see ledger.evidence)."""

    service_day = models.ForeignKey(
        ServiceDay, verbose_name=_("党员服务日"), on_delete=models.CASCADE, related_name="photos"
    )
    file = models.FileField(_("文件"), storage=private_storage, upload_to=service_day_photo_upload_to)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("服务日照片")
        verbose_name_plural = _("服务日照片")
        ordering = ["uploaded_at", "pk"]

    @property
    def organization(self) -> Organization:
        return self.service_day.organization
