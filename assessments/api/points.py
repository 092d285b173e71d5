"""`/api/v1/assessments/points/`: members' quarterly points (read-only), scoped like the pages — staff
and secretaries the orgs of their scope, a party member only their own. Filters: year, period,
organization (subtree), member_class."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers, viewsets
from rest_framework.routers import DefaultRouter

from accounts.api.filters import OrgExactFilter, OrgSubtreeFilter
from accounts.models import MemberClass
from partybuild.api.fields import YearFilter

from ..models import ManualPoint, MemberPoints
from ..selectors import points as selectors


class BreakdownLineSerializer(serializers.Serializer):
    """积分明细的一行：项目、来源、次数(或小时/分值)、得分。"""

    code = serializers.CharField()
    label = serializers.CharField()
    source = serializers.CharField()
    units = serializers.FloatField()
    points = serializers.FloatField()


class MemberPointsSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.name", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    scheme_version = serializers.IntegerField(source="scheme.version", read_only=True)
    total = serializers.FloatField(read_only=True)
    breakdown = BreakdownLineSerializer(many=True, read_only=True)

    class Meta:
        model = MemberPoints
        fields = [
            "id",
            "member",
            "member_name",
            "organization",
            "organization_name",
            "member_class",
            "period",
            "year",
            "scheme",
            "scheme_version",
            "total",
            "rank",
            "breakdown",
            "computed_at",
        ]
        read_only_fields = fields


class MemberPointsFilterSet(django_filters.FilterSet):
    year = YearFilter(field_name="year", label=_("年度"))
    period = django_filters.CharFilter(field_name="period", label=_("季度代码，如 2026-Q1"))
    organization = OrgSubtreeFilter(field_name="organization")
    organization_exact = OrgExactFilter(field_name="organization_id")
    member_class = django_filters.ChoiceFilter(choices=MemberClass.choices, label=_("党员类别"))
    member = django_filters.NumberFilter(field_name="member_id", label=_("党员 id"))

    class Meta:
        model = MemberPoints
        fields = ["year", "period", "organization", "organization_exact", "member_class", "member"]


class MemberPointsViewSet(viewsets.ReadOnlyModelViewSet):
    """党员季度积分：总分、支部内同类党员排名（并列同名次）、积分明细。党员本人只能读自己的积分。"""

    serializer_class = MemberPointsSerializer
    filterset_class = MemberPointsFilterSet
    ordering_fields = ["period", "total", "rank"]

    def get_queryset(self):
        return selectors.points_visible_to(self.request.user)


class ManualPointSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.name", read_only=True)
    given_by_name = serializers.CharField(source="given_by.display_name", read_only=True, default="")
    points = serializers.FloatField(read_only=True)

    class Meta:
        model = ManualPoint
        fields = [
            "id",
            "member",
            "member_name",
            "organization",
            "period",
            "item_code",
            "points",
            "reason",
            "given_by",
            "given_by_name",
            "given_at",
        ]
        read_only_fields = fields


class ManualPointFilterSet(django_filters.FilterSet):
    period = django_filters.CharFilter(field_name="period", label=_("季度代码，如 2026-Q1"))
    organization = OrgSubtreeFilter(field_name="organization")
    member = django_filters.NumberFilter(field_name="member_id", label=_("党员 id"))

    class Meta:
        model = ManualPoint
        fields = ["period", "organization", "member"]


class ManualPointViewSet(viewsets.ReadOnlyModelViewSet):
    """手动加减分（事由、登记人、时间），只读；在门户登记。"""

    serializer_class = ManualPointSerializer
    filterset_class = ManualPointFilterSet
    ordering_fields = ["given_at"]

    def get_queryset(self):
        return selectors.manual_points_visible_to(self.request.user).order_by("-given_at", "-pk")


router = DefaultRouter()
router.include_root_view = False
router.register("points", MemberPointsViewSet, basename="assessments-points")
router.register("manual-points", ManualPointViewSet, basename="assessments-manual-points")
urlpatterns = router.urls
