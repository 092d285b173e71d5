"""三会一课 over REST: explicit fields; attendance is a list of {member, status} picked from the roster
(the counts then follow it); activities.services.meetings writes."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.api.serializers import ScopedOrganizationField
from accounts.models import Member
from accounts.selectors import members_visible_to
from activities.models import (
    Meeting,
    MeetingAttendance,
    MeetingAttendanceStatus,
    MeetingExemption,
    MeetingType,
)


class _ScopedMemberField(serializers.PrimaryKeyRelatedField):
    default_error_messages = {
        "does_not_exist": _("党员（id={pk_value}）不存在或不在您的管辖范围内，请从本支部名册中选择。"),
        "incorrect_type": _("党员应填写数字 id，收到的是 {data_type}。"),
    }
    queryset = Member.objects.none()

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return Member.objects.none()
        return members_visible_to(request.user).select_related("organization")


class MeetingAttendanceSerializer(serializers.ModelSerializer):
    member = _ScopedMemberField()
    member_name = serializers.CharField(source="member.name", read_only=True)
    status = serializers.ChoiceField(choices=MeetingAttendanceStatus.choices)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = MeetingAttendance
        fields = ["member", "member_name", "status", "status_label"]


class MeetingSerializer(serializers.ModelSerializer):
    organization = ScopedOrganizationField()
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    meeting_type = serializers.ChoiceField(choices=MeetingType.choices)
    meeting_type_label = serializers.CharField(source="get_meeting_type_display", read_only=True)
    attendance = MeetingAttendanceSerializer(
        many=True,
        required=False,
        help_text=_(
            "从本支部名册选择的参会党员及出席情况（present 出席 / leave 请假 / absent 缺席）；"
            "填写后应到、实到、请假人数按名单计算"
        ),
    )
    ledger_activity_kind = serializers.CharField(read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "organization",
            "organization_name",
            "meeting_type",
            "meeting_type_label",
            "held_on",
            "held_time",
            "planned_on",
            "planned_time",
            "place",
            "host",
            "recorder",
            "expected_count",
            "present_count",
            "leave_count",
            "outside_attendees",
            "agenda",
            "content",
            "resolutions",
            "attendance",
            "ledger_activity_kind",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        # The one-per-day rule is the service's (with a message that says which record to edit).
        validators = []


class MeetingExemptionSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = MeetingExemption
        fields = ["id", "organization", "organization_name", "meeting_type", "starts_on", "ends_on", "reason"]
        read_only_fields = fields
