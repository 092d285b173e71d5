"""“我是党员”主题讲坛: a forum held by one org or jointly by several, with its speakers and attendance.

A joint forum is one row with several orgs (`ForumOrg`, the host among them): it counts once in the
year's figures and once for each of its orgs in the quarterly compliance grid.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Member, Organization


class Forum(models.Model):
    """One 主题讲坛: date, host org (and the orgs holding it jointly), topic, speakers, attendance."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("主办党组织"), on_delete=models.PROTECT, related_name="forums_hosted"
    )
    organizations = models.ManyToManyField(
        Organization,
        verbose_name=_("举办党组织"),
        through="ForumOrg",
        related_name="forums",
        help_text=_("联合举办时的全部党组织（含主办党组织）"),
    )
    held_on = models.DateField(_("日期"), db_index=True)
    topic = models.CharField(_("题目"), max_length=200)
    speaker_names = models.CharField(
        _("主讲人"), max_length=200, help_text=_("多人以“、”分隔；名册中的党员同时记入“主讲党员”")
    )
    speakers = models.ManyToManyField(
        Member, verbose_name=_("主讲党员"), blank=True, related_name="forum_speeches"
    )
    attendance = models.PositiveIntegerField(_("参加人数"))
    attendees = models.ManyToManyField(
        Member, verbose_name=_("参加党员"), blank=True, related_name="forums_attended"
    )
    venue = models.CharField(_("地点"), max_length=200, blank=True)
    content = models.TextField(_("主要内容"), blank=True)
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
        verbose_name = _("主题讲坛")
        verbose_name_plural = _("主题讲坛")
        ordering = ["-held_on", "-pk"]
        # The list's ordering (-held_on, -pk): a page is read along it, whatever the ties on a day.
        indexes = [models.Index(fields=["held_on", "id"], name="forum_held_id")]
        constraints = [
            models.UniqueConstraint(fields=["held_on", "speaker_names", "topic"], name="forum_natural_key"),
        ]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.topic}"

    def get_absolute_url(self) -> str:
        return reverse("forums:forum_detail", kwargs={"pk": self.pk})

    @property
    def ledger_activity_kind(self) -> str:
        """The ledger tasks this forum may fulfil (Task.activity_kind)."""
        return "forum"

    @property
    def ledger_activity_date(self):
        return self.held_on

    @property
    def quarter(self) -> int:
        return (self.held_on.month - 1) // 3 + 1


class ForumOrg(models.Model):
    """An org holding a forum (the host, or a co-host of a joint forum)."""

    forum = models.ForeignKey(
        Forum, verbose_name=_("主题讲坛"), on_delete=models.CASCADE, related_name="org_links"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("党组织"), on_delete=models.PROTECT, related_name="forum_links"
    )

    class Meta:
        verbose_name = _("讲坛举办党组织")
        verbose_name_plural = _("讲坛举办党组织")
        constraints = [
            models.UniqueConstraint(fields=["forum", "organization"], name="forum_org_once"),
        ]

    def __str__(self) -> str:
        return f"{self.forum} {self.organization}"
