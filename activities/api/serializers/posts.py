"""Serializers of 服务监督岗 and their feedback (read-only lists; explicit fields)."""

from __future__ import annotations

from rest_framework import serializers

from ...models import Feedback, ServicePost


class ServicePostSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    member_name = serializers.CharField(source="member.name", read_only=True)
    feedback_total = serializers.IntegerField(read_only=True)
    feedback_open = serializers.IntegerField(read_only=True)
    feedback_praise = serializers.IntegerField(read_only=True)
    feedback_complaints = serializers.IntegerField(read_only=True)

    class Meta:
        model = ServicePost
        fields = [
            "id",
            "organization",
            "organization_name",
            "member",
            "member_name",
            "title",
            "duties",
            "pledge",
            "phone",
            "mailbox",
            "is_model_post",
            "model_year",
            "established_on",
            "active",
            "ended_on",
            "feedback_total",
            "feedback_open",
            "feedback_praise",
            "feedback_complaints",
        ]
        read_only_fields = fields


class FeedbackSerializer(serializers.ModelSerializer):
    organization = serializers.IntegerField(source="post.organization_id", read_only=True)
    organization_name = serializers.CharField(source="post.organization.name", read_only=True)
    post_title = serializers.CharField(source="post.title", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    answered_by = serializers.CharField(source="answered_by.username", read_only=True, default=None)

    class Meta:
        model = Feedback
        fields = [
            "id",
            "post",
            "post_title",
            "organization",
            "organization_name",
            "kind",
            "kind_display",
            "text",
            "contact",
            "created_at",
            "state",
            "state_display",
            "answer",
            "answered_by",
            "answered_at",
            "closed_at",
        ]
        read_only_fields = fields
