"""Serializers of 通报/通知, 提醒约谈, 整改事项 and 函告: explicit fields; server-set ones read-only."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.models import SecretaryTerm
from accounts.selectors import organizations_visible_to
from ledger.models import Task

from ...models import (
    Bulletin,
    BulletinMark,
    BulletinOrg,
    BulletinReceipt,
    Letter,
    Rectification,
    RectificationEvidence,
    ReminderTalk,
)


class _VisibleOrgField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return organizations_visible_to(self.context["request"].user).filter(is_active=True)


class BulletinOrgSerializer(serializers.ModelSerializer):
    organization = _VisibleOrgField()
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    mark = serializers.ChoiceField(choices=BulletinMark.choices, required=False, default="", allow_blank=True)

    class Meta:
        model = BulletinOrg
        fields = ["organization", "organization_name", "mark"]


class BulletinSerializer(serializers.ModelSerializer):
    orgs = BulletinOrgSerializer(source="named_orgs", many=True, required=False)
    tasks = serializers.PrimaryKeyRelatedField(many=True, queryset=Task.objects.all(), required=False)
    number_label = serializers.CharField(read_only=True)
    recipients = serializers.IntegerField(read_only=True, help_text=_("接收人数"))
    read = serializers.IntegerField(read_only=True, help_text=_("已读人数"))
    my_read_at = serializers.DateTimeField(read_only=True, allow_null=True, help_text=_("本人阅读时间"))

    class Meta:
        model = Bulletin
        fields = [
            "id",
            "kind",
            "state",
            "year",
            "number",
            "number_label",
            "issued_on",
            "title",
            "body",
            "to_all",
            "orgs",
            "tasks",
            "published_at",
            "recipients",
            "read",
            "my_read_at",
        ]
        read_only_fields = ["state", "year", "number", "published_at"]


class BulletinReceiptSerializer(serializers.ModelSerializer):
    user_name = serializers.SerializerMethodField()
    organization_name = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = BulletinReceipt
        fields = ["user", "user_name", "organization", "organization_name", "notified_at", "read_at"]
        read_only_fields = fields

    def get_user_name(self, obj) -> str:
        return obj.user.display_name or obj.user.get_full_name() or obj.user.username


class EvidenceSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = RectificationEvidence
        fields = ["id", "original_name", "size", "content_type", "sha256", "uploaded_at", "url"]
        read_only_fields = fields

    def get_url(self, obj) -> str:
        try:
            return reverse("bulletins:evidence_download", args=[obj.pk])
        except NoReverseMatch:
            return ""


class RectificationSerializer(serializers.ModelSerializer):
    organization = serializers.IntegerField(source="talk.organization_id", read_only=True)
    organization_name = serializers.CharField(source="talk.organization.name", read_only=True)
    evidence = EvidenceSerializer(many=True, read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Rectification
        fields = [
            "id",
            "talk",
            "organization",
            "organization_name",
            "seq",
            "content",
            "deadline",
            "state",
            "overdue",
            "report",
            "reported_at",
            "closed_at",
            "review_note",
            "evidence",
        ]
        read_only_fields = fields

    def get_overdue(self, obj) -> bool:
        from django.utils import timezone

        return not obj.is_closed and obj.deadline < timezone.localdate()


class RectificationItemInput(serializers.Serializer):
    content = serializers.CharField(max_length=2000)
    deadline = serializers.DateField()


class LetterSerializer(serializers.ModelSerializer):
    organization = serializers.IntegerField(source="talk.organization_id", read_only=True)

    class Meta:
        model = Letter
        fields = ["id", "talk", "organization", "addressee", "number", "sent_on", "body"]


class ReminderTalkSerializer(serializers.ModelSerializer):
    organization = _VisibleOrgField()
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    term = serializers.PrimaryKeyRelatedField(
        queryset=SecretaryTerm.objects.all(), required=False, allow_null=True
    )
    items = RectificationItemInput(many=True, write_only=True, required=False)
    rectifications = serializers.SerializerMethodField()
    items_total = serializers.IntegerField(read_only=True)
    items_closed = serializers.IntegerField(read_only=True)
    letter = LetterSerializer(read_only=True)

    class Meta:
        model = ReminderTalk
        fields = [
            "id",
            "organization",
            "organization_name",
            "term",
            "secretary_name",
            "reason",
            "reason_detail",
            "talked_on",
            "talked_by",
            "notes",
            "items",
            "items_total",
            "items_closed",
            "rectifications",
            "letter",
        ]

    def get_rectifications(self, obj) -> list[int]:
        # Ids only (the items are their own resource); read from the prefetch, no query per row.
        return [item.pk for item in obj.rectifications.all()]


class RectificationReportInput(serializers.Serializer):
    report = serializers.CharField(max_length=5000)
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class RectificationVerifyInput(serializers.Serializer):
    note = serializers.CharField(max_length=300, required=False, default="", allow_blank=True)


class ReminderCountsSerializer(serializers.Serializer):
    talks = serializers.IntegerField()
    rectifications = serializers.IntegerField()
    closed = serializers.IntegerField()
    letters = serializers.IntegerField()
