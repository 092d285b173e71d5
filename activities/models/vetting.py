"""审批前考察: the committee's vetting of one candidate for a secretary post, before approval."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Member, Organization, SecretaryRole, SecretaryTerm


class VettingReason(models.TextChoices):
    ELECTION = "election", _("换届")
    VACANCY = "vacancy", _("出缺")
    NEW_ORG = "new_org", _("新建")


class VettingConclusion(models.TextChoices):
    PENDING = "", _("未作结论")
    APPROVED = "approved", _("同意")
    REJECTED = "rejected", _("不同意")
    DEFERRED = "deferred", _("暂缓")


class Vetting(models.Model):
    """One candidate for one post. Concluding it 同意 (activities.services.vetting_conclude) makes the
    secretary term and ends the predecessor's; the term is kept here (`term`)."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("党组织"), on_delete=models.PROTECT, related_name="vettings"
    )
    candidate = models.ForeignKey(
        Member, verbose_name=_("候选人"), on_delete=models.PROTECT, related_name="vettings"
    )
    proposed_role = models.CharField(
        _("拟任职务"), max_length=20, choices=SecretaryRole.choices, default=SecretaryRole.SECRETARY
    )
    reason = models.CharField(_("考察原因"), max_length=20, choices=VettingReason.choices, blank=True)
    replaces = models.ForeignKey(
        SecretaryTerm,
        verbose_name=_("接替的任职"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("拟任副书记接替某位副书记时填写；拟任书记时自动结束现任书记的任职"),
    )
    team_members = models.CharField(_("考察组成员"), max_length=300, help_text=_("多人以“、”分隔"))
    visited_on = models.DateField(_("考察日期"))
    interviewed_count = models.PositiveIntegerField(_("谈话人数"), default=0)
    interviewed_members = models.PositiveIntegerField(_("其中党员"), default=0)
    interviewed_public = models.PositiveIntegerField(_("其中群众"), default=0)
    interviewed_leaders = models.PositiveIntegerField(_("其中领导干部"), default=0)
    finding_morality = models.TextField(_("德"), blank=True)
    finding_ability = models.TextField(_("能"), blank=True)
    finding_diligence = models.TextField(_("勤"), blank=True)
    finding_performance = models.TextField(_("绩"), blank=True)
    finding_integrity = models.TextField(_("廉"), blank=True)
    conclusion = models.CharField(
        _("考察结论"), max_length=20, choices=VettingConclusion.choices, blank=True, default=""
    )
    approval_document = models.CharField(_("批复文号"), max_length=100, blank=True)
    approved_on = models.DateField(_("批复日期"), null=True, blank=True)
    term = models.OneToOneField(
        SecretaryTerm,
        verbose_name=_("任职"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="vetting",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("审批前考察")
        verbose_name_plural = _("审批前考察")
        ordering = ["-visited_on", "organization_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "candidate", "visited_on"], name="vetting_one_per_candidate_and_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.get_proposed_role_display()} {self.candidate.name}"

    @property
    def starts_on(self):
        """The day an approved candidate takes office: the approval date, else the visit date."""
        return self.approved_on or self.visited_on

    def clean(self) -> None:
        errors = {}
        in_org = self.organization_id and self.candidate_id
        if in_org and not self.candidate.organization.path.startswith(self.organization.path):
            errors["candidate"] = _("候选人须是该党组织（或其下级组织）的党员，请核对候选人所在党组织")
        parts = self.interviewed_members + self.interviewed_public + self.interviewed_leaders
        if parts > self.interviewed_count:
            errors["interviewed_count"] = _(
                "谈话人数（%(total)s）少于党员、群众、领导干部人数之和（%(parts)s），请核对"
            ) % {"total": self.interviewed_count, "parts": parts}
        if self.approved_on and self.approved_on < self.visited_on:
            errors["approved_on"] = _("批复日期不能早于考察日期")
        if (
            self.replaces_id
            and self.organization_id
            and self.replaces.organization_id != self.organization_id
        ):
            errors["replaces"] = _("接替的任职须是同一党组织的任职")
        if errors:
            raise ValidationError(errors)
