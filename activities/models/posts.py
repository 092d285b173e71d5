"""服务监督岗: a serving member's post with a public plate (phone, mailbox, QR code), and what the public
leaves on its page (praise or complaints), answered and closed by the org's secretary or staff."""

from __future__ import annotations

import secrets
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Member, Organization

FEEDBACK_MAX_CHARS = 500
CONTACT_MAX_CHARS = 50


def public_code() -> str:
    """The code in a plate's QR URL: random, so the public pages cannot be walked post by post."""
    return secrets.token_urlsafe(9)


class ServicePostQuerySet(models.QuerySet):
    def existing_on(self, day: date) -> ServicePostQuerySet:
        """Set up by `day` (or with no date: before the records) and not stood down by then."""
        return self.filter(
            Q(established_on__isnull=True) | Q(established_on__lte=day),
            Q(ended_on__isnull=True) | Q(ended_on__gt=day),
        )

    def model_in(self, year: int) -> ServicePostQuerySet:
        """Named 示范岗 for `year`."""
        return self.filter(is_model_post=True, model_year=year)


class ServicePost(models.Model):
    """A 服务监督岗: a member's post, its pledge and public contacts; a 示范岗 in a named year."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("党组织"), on_delete=models.PROTECT, related_name="service_posts"
    )
    member = models.ForeignKey(
        Member, verbose_name=_("党员"), on_delete=models.PROTECT, related_name="service_posts"
    )
    title = models.CharField(_("岗位名称"), max_length=100)
    duties = models.TextField(_("岗位职责"), blank=True)
    pledge = models.TextField(_("服务承诺"), blank=True)
    phone = models.CharField(_("监督电话"), max_length=40, blank=True)
    mailbox = models.CharField(_("监督邮箱"), max_length=100, blank=True)
    is_model_post = models.BooleanField(_("示范岗"), default=False)
    model_year = models.PositiveSmallIntegerField(_("示范岗年度"), null=True, blank=True)
    established_on = models.DateField(_("设岗时间"), null=True, blank=True)
    active = models.BooleanField(_("在岗"), default=True)
    ended_on = models.DateField(_("撤岗时间"), null=True, blank=True)
    public_code = models.CharField(
        _("公开码"), max_length=16, unique=True, default=public_code, editable=False
    )
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

    objects = ServicePostQuerySet.as_manager()

    class Meta:
        verbose_name = _("服务监督岗")
        verbose_name_plural = _("服务监督岗")
        ordering = ["organization_id", "title", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "member", "title"], name="service_post_one_per_member_title"
            ),
            models.CheckConstraint(
                condition=Q(is_model_post=False) | Q(model_year__isnull=False),
                name="service_post_model_year_named",
            ),
        ]
        indexes = [
            models.Index(fields=["is_model_post", "model_year"], name="service_post_model"),
            # Feedback grouped by the post's org (counts page sorted by a figure): the post's org read
            # from the index, no table row per item.
            models.Index(fields=["id"], include=["organization"], name="service_post_org_cover"),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.member.name}）" if self.member_id else self.title

    def clean(self) -> None:
        errors = {}
        in_org = self.member_id and self.organization_id
        if in_org and not self.member.organization.path.startswith(self.organization.path):
            errors["member"] = _("党员须在该党组织或其下级组织的名册上")
        if self.is_model_post and not self.model_year:
            errors["model_year"] = _("示范岗请填写命名年度")
        if not self.is_model_post:
            self.model_year = None
        if self.model_year and not 2000 <= self.model_year <= 2100:
            errors["model_year"] = _("年度应在2000至2100之间")
        if self.ended_on and self.established_on and self.ended_on < self.established_on:
            errors["ended_on"] = _("撤岗时间不能早于设岗时间")
        if errors:
            raise ValidationError(errors)


class FeedbackKind(models.TextChoices):
    PRAISE = "praise", _("表扬")
    COMPLAINT = "complaint", _("投诉/意见")


class FeedbackState(models.TextChoices):
    OPEN = "open", _("待处理")
    ANSWERED = "answered", _("已答复")
    CLOSED = "closed", _("已办结")


class FeedbackQuerySet(models.QuerySet):
    def open(self) -> FeedbackQuerySet:
        """待处理: nobody has answered or closed it yet (the one definition every card and list uses)."""
        return self.filter(state=FeedbackState.OPEN)


class Feedback(models.Model):
    """What a member of the public left on a post's page: praise or a complaint, kept as plain text."""

    post = models.ForeignKey(
        ServicePost, verbose_name=_("服务监督岗"), on_delete=models.PROTECT, related_name="feedback"
    )
    kind = models.CharField(_("类型"), max_length=20, choices=FeedbackKind.choices)
    text = models.TextField(_("内容"), validators=[MaxLengthValidator(FEEDBACK_MAX_CHARS)])
    contact = models.CharField(_("联系方式"), max_length=CONTACT_MAX_CHARS, blank=True)
    created_at = models.DateTimeField(_("提交时间"), default=timezone.now, db_index=True)
    state = models.CharField(
        _("状态"), max_length=20, choices=FeedbackState.choices, default=FeedbackState.OPEN, editable=False
    )
    answer = models.TextField(_("答复"), blank=True, editable=False)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("答复人"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True, editable=False)
    history = HistoricalRecords()

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = _("群众评价")
        verbose_name_plural = _("群众评价")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["post", "state"], name="feedback_post_state"),
            # The feedback list: 待处理 first, then answered, then closed, newest first within each
            # (selectors.posts.STATE_RANK, the same expression), 50 rows at a time along this index.
            models.Index(
                Case(
                    When(state=FeedbackState.OPEN, then=Value(0)),
                    When(state=FeedbackState.ANSWERED, then=Value(1)),
                    default=Value(2),
                    output_field=models.IntegerField(),
                ),
                F("created_at").desc(),
                F("id").desc(),
                include=["state"],  # so a deep page's keys are read from the index alone
                name="feedback_open_first",
            ),
            # The list filtered by a state (newest first) and its count.
            models.Index(fields=["state", "-created_at", "-id"], name="feedback_state_new"),
            # The counts page: a year's items read from the index alone (post, kind, state).
            models.Index(fields=["created_at"], include=["post", "kind", "state"], name="feedback_day_cover"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.text[:30]}"

    @property
    def organization(self) -> Organization:
        """The org of the post (what scopes and the permission matrix ask)."""
        return self.post.organization
