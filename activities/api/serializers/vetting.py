"""Explicit field lists for the six systems' API. Serializers validate; activities.services writes."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.api.serializers import ScopedOrganizationField
from accounts.models import Member, SecretaryTerm
from accounts.selectors import members_visible_to
from activities.models import AppointmentTalk, Vetting, VettingConclusion
from activities.selectors import vetting as selectors


class _ScopedCandidateField(serializers.PrimaryKeyRelatedField):
    """A member the user may see (their roster scope); any other id reads as not found."""

    default_error_messages = {
        "does_not_exist": _("党员（id={pk_value}）不存在或不在您的管辖范围内，请选择该党组织的党员。"),
        "incorrect_type": _("党员应填写数字 id，收到的是 {data_type}。"),
    }
    queryset = Member.objects.none()

    def get_queryset(self):
        request = self.context.get("request")
        return members_visible_to(request.user) if request else Member.objects.none()


class _ScopedTermField(serializers.PrimaryKeyRelatedField):
    """A secretary term in the user's staff scope (a talk's term, the term a vetting replaces)."""

    default_error_messages = {
        "does_not_exist": _("任职（id={pk_value}）不存在或不在您的管辖范围内。"),
        "incorrect_type": _("任职应填写数字 id，收到的是 {data_type}。"),
    }
    queryset = SecretaryTerm.objects.none()

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return SecretaryTerm.objects.none()
        return selectors.terms_in_staff_scope(request.user)


class VettingSerializer(serializers.ModelSerializer):
    organization = ScopedOrganizationField()
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    candidate = _ScopedCandidateField()
    candidate_name = serializers.CharField(source="candidate.name", read_only=True)
    proposed_role_label = serializers.CharField(source="get_proposed_role_display", read_only=True)
    reason_label = serializers.CharField(source="get_reason_display", read_only=True)
    conclusion_label = serializers.CharField(source="get_conclusion_display", read_only=True)
    replaces = _ScopedTermField(
        required=False,
        allow_null=True,
        help_text=_("拟任副书记接替某位副书记时填写该任职 id；须是同一党组织的任职"),
    )

    class Meta:
        model = Vetting
        fields = [
            "id",
            "organization",
            "organization_name",
            "candidate",
            "candidate_name",
            "proposed_role",
            "proposed_role_label",
            "reason",
            "reason_label",
            "replaces",
            "team_members",
            "visited_on",
            "interviewed_count",
            "interviewed_members",
            "interviewed_public",
            "interviewed_leaders",
            "finding_morality",
            "finding_ability",
            "finding_diligence",
            "finding_performance",
            "finding_integrity",
            "conclusion",
            "conclusion_label",
            "approval_document",
            "approved_on",
            "term",
            "created_at",
        ]
        # The conclusion and the approval are set by the `conclude` action only.
        read_only_fields = ["conclusion", "approval_document", "approved_on", "term", "created_at"]
        # The service checks "one vetting per candidate and day" with a message of its own.
        validators: list = []


class VettingConcludeSerializer(serializers.Serializer):
    conclusion = serializers.ChoiceField(
        choices=[(c, label) for c, label in VettingConclusion.choices if c],
        help_text=_("approved 同意（生成任职）/ rejected 不同意 / deferred 暂缓"),
    )
    approval_document = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    approved_on = serializers.DateField(required=False, allow_null=True, default=None)


class AppointmentTalkSerializer(serializers.ModelSerializer):
    term = _ScopedTermField(help_text=_("任职 id（书记任职）；创建后不能更改"))
    organization = serializers.IntegerField(source="term.organization_id", read_only=True)
    organization_name = serializers.CharField(source="term.organization.name", read_only=True)
    person_name = serializers.CharField(source="term.person_name", read_only=True)
    role = serializers.CharField(source="term.role", read_only=True)
    role_label = serializers.CharField(source="term.get_role_display", read_only=True)
    term_started_on = serializers.DateField(source="term.started_on", read_only=True)

    class Meta:
        model = AppointmentTalk
        fields = [
            "id",
            "term",
            "organization",
            "organization_name",
            "person_name",
            "role",
            "role_label",
            "term_started_on",
            "talked_on",
            "talked_by",
            "plan",
            "pledge",
            "created_at",
        ]
        read_only_fields = ["created_at"]
        validators: list = []
