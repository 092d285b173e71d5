"""Explicit field lists for organizations and members. Writes are validated here, saved by services."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.models import Member, Organization
from accounts.selectors import organizations_visible_to


def _visible_orgs(serializer: serializers.Serializer):
    request = serializer.context.get("request")
    if request is None:
        return Organization.objects.none()
    return organizations_visible_to(request.user)


class ScopedOrganizationField(serializers.PrimaryKeyRelatedField):
    """An org id the user may see; any other id is refused with a message that says how to fix it."""

    default_error_messages = {
        "does_not_exist": _("党组织（id={pk_value}）不存在或不在您的管辖范围内，请选择本组织或其下级组织。"),
        "incorrect_type": _("党组织应填写数字 id，收到的是 {data_type}。"),
    }

    # Names the model for the schema; the rows actually allowed come from get_queryset().
    queryset = Organization.objects.none()

    def get_queryset(self):
        return _visible_orgs(self.parent)


class OrganizationSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    # `parent_id` is annotated by the viewset from the materialized path (no query per row).
    parent = ScopedOrganizationField(
        source="parent_id",
        required=False,
        allow_null=True,
        help_text=_("上级党组织 id；修改它会把本组织及其下级整体移动过去"),
    )
    unit = serializers.CharField(
        source="unit.name",
        required=False,
        allow_blank=True,
        allow_null=True,
        max_length=100,
        help_text=_("所在单位名称；不存在的单位会自动登记"),
    )
    aliases = serializers.ListField(child=serializers.CharField(max_length=120), required=False)
    member_count = serializers.IntegerField(read_only=True, help_text=_("在册党员人数"))

    class Meta:
        model = Organization
        fields = [
            "id",
            "name",
            "short_name",
            "aliases",
            "kind",
            "kind_display",
            "parent",
            "depth",
            "unit",
            "code",
            "founded_on",
            "phone",
            "email",
            "is_active",
            "member_count",
        ]
        read_only_fields = ["depth"]


class MemberSerializer(serializers.ModelSerializer):
    organization = ScopedOrganizationField()
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    id_number = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=30,
        help_text=_("身份证号，只保存脱敏号码和密钥散列；传空字符串清除"),
    )

    class Meta:
        model = Member
        fields = [
            "id",
            "organization",
            "organization_name",
            "name",
            "staff_no",
            "gender",
            "ethnicity",
            "birth_date",
            "education",
            "joined_on",
            "full_member_on",
            "standing",
            "member_class",
            "category_label",
            "status",
            "phone",
            "party_post",
            "id_number",
            "id_number_masked",
        ]
        read_only_fields = ["id_number_masked"]
