"""Explicit field lists of the 扶贫结对 API. Serializers validate; activities.services.pairing writes."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.api.serializers import ScopedOrganizationField
from accounts.models import Member
from accounts.selectors import members_visible_to
from activities.models import Household, Pairing, Visit
from activities.selectors import pairing as selectors


class _ScopedMemberField(serializers.PrimaryKeyRelatedField):
    default_error_messages = {
        "does_not_exist": _("党员（id={pk_value}）不存在或不在您的管辖范围内，请选择本组织的党员。"),
        "incorrect_type": _("党员应填写数字 id，收到的是 {data_type}。"),
    }
    queryset = Member.objects.none()

    def get_queryset(self):
        request = self.context.get("request")
        return members_visible_to(request.user) if request else Member.objects.none()


class _ScopedHouseholdField(serializers.PrimaryKeyRelatedField):
    default_error_messages = {
        "does_not_exist": _("帮扶户（id={pk_value}）不存在或不在您的管辖范围内。"),
        "incorrect_type": _("帮扶户应填写数字 id，收到的是 {data_type}。"),
    }
    queryset = Household.objects.none()

    def get_queryset(self):
        request = self.context.get("request")
        return selectors.households_visible_to(request.user) if request else Household.objects.none()


class _ScopedPairingField(serializers.PrimaryKeyRelatedField):
    default_error_messages = {
        "does_not_exist": _("结对（id={pk_value}）不存在或不在您的管辖范围内。"),
        "incorrect_type": _("结对应填写数字 id，收到的是 {data_type}。"),
    }
    queryset = Pairing.objects.none()

    def get_queryset(self):
        request = self.context.get("request")
        return selectors.pairings_visible_to(request.user) if request else Pairing.objects.none()


class HouseholdSerializer(serializers.ModelSerializer):
    organization = ScopedOrganizationField(
        required=False, allow_null=True, help_text=_("联系这户的党组织 id（书记须填本组织）")
    )
    organization_name = serializers.CharField(
        source="organization.name", read_only=True, default=None, allow_null=True
    )
    active_pairings = serializers.IntegerField(read_only=True)
    visit_count = serializers.IntegerField(read_only=True)
    last_visit = serializers.DateField(read_only=True, allow_null=True)

    class Meta:
        model = Household
        fields = [
            "id",
            "head_name",
            "village",
            "people",
            "cause",
            "organization",
            "organization_name",
            "notes",
            "active_pairings",
            "visit_count",
            "last_visit",
        ]


class PairingSerializer(serializers.ModelSerializer):
    member = _ScopedMemberField()
    member_name = serializers.CharField(source="member.name", read_only=True)
    household = _ScopedHouseholdField()
    household_head = serializers.CharField(source="household.head_name", read_only=True)
    village = serializers.CharField(source="household.village", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    is_active = serializers.BooleanField(read_only=True)

    class Meta:
        model = Pairing
        fields = [
            "id",
            "member",
            "member_name",
            "household",
            "household_head",
            "village",
            "organization",
            "organization_name",
            "started_on",
            "ended_on",
            "is_active",
        ]
        read_only_fields = ["organization"]
        extra_kwargs = {"started_on": {"required": False, "help_text": _("不填则为今天")}}
        # The one-active-pairing rule is the service's (a Chinese DomainError), not a generic 400.
        validators = []


class PairingUpdateSerializer(serializers.Serializer):
    started_on = serializers.DateField(required=False)
    ended_on = serializers.DateField(required=False, allow_null=True)


class VisitSerializer(serializers.ModelSerializer):
    pairing = _ScopedPairingField(
        required=False, allow_null=True, help_text=_("结对 id；或填 member 和 household")
    )
    member = _ScopedMemberField(required=False)
    member_name = serializers.CharField(source="member.name", read_only=True)
    household = _ScopedHouseholdField(required=False)
    household_head = serializers.CharField(source="household.head_name", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    funds = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=0, coerce_to_string=False, required=False
    )
    goods = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=0, coerce_to_string=False, required=False
    )
    photos = serializers.SerializerMethodField()

    class Meta:
        model = Visit
        fields = [
            "id",
            "pairing",
            "member",
            "member_name",
            "household",
            "household_head",
            "organization",
            "organization_name",
            "visited_on",
            "content",
            "funds",
            "goods",
            "photos",
        ]
        read_only_fields = ["organization"]
        validators = []

    def get_photos(self, visit) -> list[dict]:
        return [
            {"id": p.pk, "name": p.original_name, "url": reverse("pairing:visit_photo", args=[p.pk])}
            for p in visit.photos.all()
        ]
