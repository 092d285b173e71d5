"""Explicit field lists for 品牌, 志愿服务, 学习培训 and 信息报送. Serializers validate; services write."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.api.serializers import ScopedOrganizationField
from activities.models import (
    Brand,
    BrandStatus,
    BrandYear,
    InfoPiece,
    Training,
    VolunteerActivity,
    VolunteerTeam,
)


class BrandYearSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = BrandYear
        fields = ["year", "status", "status_label", "note", "reviewed_at"]
        read_only_fields = fields


class BrandSerializer(serializers.ModelSerializer):
    organization = ScopedOrganizationField()
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    year = serializers.IntegerField(
        write_only=True, required=False, min_value=2000, max_value=2100, help_text=_("申报年度（新建时必填）")
    )
    latest_year = serializers.IntegerField(read_only=True, allow_null=True)
    latest_status = serializers.ChoiceField(choices=BrandStatus.choices, read_only=True, allow_null=True)
    years_recognised = serializers.IntegerField(read_only=True)
    years = BrandYearSerializer(many=True, read_only=True)

    class Meta:
        model = Brand
        fields = [
            "id",
            "organization",
            "organization_name",
            "name",
            "slogan",
            "work_tie",
            "description",
            "year",
            "latest_year",
            "latest_status",
            "years_recognised",
            "years",
        ]
        # Two brands of one name in an org are refused by the service (it re-applies the existing one).
        validators = []

    def validate(self, attrs):
        if self.instance is None and not attrs.get("year"):
            raise serializers.ValidationError({"year": _("请填写申报年度，如 2019")})
        return attrs


class BrandReviewSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    status = serializers.ChoiceField(choices=[BrandStatus.RECOGNISED, BrandStatus.EXITED])
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class VolunteerTeamSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    tier_label = serializers.CharField(source="get_tier_display", read_only=True)
    leader_name = serializers.CharField(source="leader.name", read_only=True, default=None)
    member_count = serializers.IntegerField(read_only=True)
    activity_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = VolunteerTeam
        fields = [
            "id",
            "name",
            "tier",
            "tier_label",
            "parent",
            "organization",
            "organization_name",
            "leader",
            "leader_name",
            "founded_on",
            "dissolved_on",
            "member_count",
            "activity_count",
        ]
        read_only_fields = fields


class VolunteerActivitySerializer(serializers.ModelSerializer):
    team_name = serializers.CharField(source="team.name", read_only=True)
    organization = serializers.IntegerField(source="team.organization_id", read_only=True)
    participants = serializers.IntegerField(read_only=True)
    total_hours = serializers.DecimalField(max_digits=8, decimal_places=1, read_only=True)

    class Meta:
        model = VolunteerActivity
        fields = [
            "id",
            "team",
            "team_name",
            "organization",
            "held_on",
            "title",
            "place",
            "content",
            "participants",
            "total_hours",
        ]
        read_only_fields = fields


class TrainingSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True, default=None)

    class Meta:
        model = Training
        fields = [
            "id",
            "kind",
            "kind_label",
            "title",
            "organization",
            "organization_name",
            "starts_on",
            "ends_on",
            "place",
            "attendance",
        ]
        read_only_fields = fields


class InfoPieceSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    channel_label = serializers.CharField(source="get_channel_display", read_only=True)

    class Meta:
        model = InfoPiece
        fields = [
            "id",
            "organization",
            "organization_name",
            "title",
            "sent_on",
            "channel",
            "channel_label",
            "adopted",
            "adopted_by",
            "adopted_on",
        ]
        read_only_fields = fields
