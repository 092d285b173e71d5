"""Serializers of 党员服务日 / 主题党日: explicit fields; counts are derived from the attendance when it
is given, the filled ledger assignments and photos are read-only."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts import authz
from accounts.models import Member
from accounts.selectors import organizations_visible_to

from ...models import AttendanceStatus, ServiceDay, ServiceDayAttendance, ServiceDayPhoto, ServiceDayTheme


class _VisibleOrgField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return organizations_visible_to(self.context["request"].user).filter(is_active=True)


class AttendanceSerializer(serializers.ModelSerializer):
    member = serializers.PrimaryKeyRelatedField(
        queryset=Member.objects.all(), help_text=_("党员 id（本组织名册）")
    )
    member_name = serializers.CharField(source="member.name", read_only=True)
    status = serializers.ChoiceField(choices=AttendanceStatus.choices, default=AttendanceStatus.PRESENT)

    class Meta:
        model = ServiceDayAttendance
        fields = ["member", "member_name", "status"]


class PhotoSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = ServiceDayPhoto
        fields = ["id", "original_name", "size", "content_type", "sha256", "uploaded_at", "url"]
        read_only_fields = fields

    def get_url(self, obj) -> str:
        return reverse("days:service_day_photo", args=[obj.pk])


class ServiceDaySerializer(serializers.ModelSerializer):
    organization = _VisibleOrgField()
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    theme = serializers.ChoiceField(choices=ServiceDayTheme.choices)
    theme_label = serializers.CharField(read_only=True)
    attendance = AttendanceSerializer(
        many=True,
        required=False,
        help_text=_(
            "参加人员（本组织在册党员）及出勤：present 实到 / on_leave 请假 / expected 应到未到；"
            "给出时人数由此计算"
        ),
    )
    photos = PhotoSerializer(many=True, read_only=True)
    filled_assignments = serializers.SerializerMethodField(help_text=_("本次活动填报的台账任务分解 id"))

    class Meta:
        model = ServiceDay
        fields = [
            "id",
            "organization",
            "organization_name",
            "held_on",
            "place",
            "theme",
            "theme_text",
            "theme_label",
            "content",
            "expected",
            "present",
            "on_leave",
            "attendance",
            "photos",
            "filled_assignments",
            "created_at",
        ]
        read_only_fields = ["created_at"]
        # The one-per-org-day-theme rule is the service's, with a Chinese message naming the day.
        validators: list = []

    def get_filled_assignments(self, obj) -> list[int]:
        return [fill.assignment_id for fill in obj.fills.all()]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        user = self.context["request"].user
        if authz.write_scope(user).is_empty:
            # The reporting client reads counts, not who came, nor the photos.
            data.pop("attendance", None)
            data.pop("photos", None)
        return data
