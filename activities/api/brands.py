"""REST resources of 一支部一品牌 (list, detail, apply, edit, `review`) and the read-only lists of
志愿服务队, 志愿服务活动, 学习培训 and 信息报送 (CONTRACT.md). Querysets come from the selectors."""

from __future__ import annotations

from datetime import date

import django_filters
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.api.filters import OrgExactFilter, OrgSubtreeFilter
from activities.models import (
    Brand,
    BrandStatus,
    BrandYear,
    InfoPiece,
    TeamTier,
    Training,
    TrainingKind,
    VolunteerActivity,
    VolunteerTeam,
)
from activities.selectors import brands as brand_selectors
from activities.selectors import volunteers as volunteer_selectors
from activities.services import brands as services
from partybuild.api.fields import YearFilter
from partybuild.api.viewsets import ServiceViewSet

from .serializers import brands as serializers


class BrandFilterSet(django_filters.FilterSet):
    year = YearFilter(method="filter_year", label=_("年度：该年度有申报、认定或退出记录的品牌"))
    status = django_filters.ChoiceFilter(
        choices=BrandStatus.choices, method="filter_status", label=_("状态（与 year 同用时为该年度的状态）")
    )
    organization = OrgSubtreeFilter(field_name="organization")
    organization_exact = OrgExactFilter(field_name="organization_id")

    class Meta:
        model = Brand
        fields = ["year", "status", "organization", "organization_exact"]

    def _rows(self, year=None, status=None):
        rows = BrandYear.objects.filter(brand=OuterRef("pk"))
        if year:
            rows = rows.filter(year=year)
        if status:
            rows = rows.filter(status=status)
        return rows

    def filter_year(self, queryset, name, value):
        return queryset.filter(Exists(self._rows(year=value, status=self.data.get("status") or None)))

    def filter_status(self, queryset, name, value):
        if self.data.get("year"):
            return queryset  # applied together with the year
        return queryset.filter(latest_status=value)


class BrandViewSet(ServiceViewSet):
    """一支部一品牌: a branch applies (POST, with `year`), edits its brand (PATCH); staff decide a year
    with `review` (认定 or 退出). Each brand carries its yearly history in `years`."""

    serializer_class = serializers.BrandSerializer
    filterset_class = BrandFilterSet
    search_fields = ["name", "slogan", "organization__name", "organization__short_name"]
    ordering_fields = ["name", "latest_year"]
    authz_actions = {"review": "activities.review_brand"}

    def get_queryset(self):
        return brand_selectors.brands_visible_to(self.request.user).prefetch_related(
            Prefetch("years", queryset=BrandYear.objects.order_by("-year"))
        )

    def create_object(self, data):
        return services.brand_apply(actor=self.request.user, **data)

    def update_object(self, brand, data):
        data.pop("organization", None)  # a brand stays with its org
        data.pop("year", None)
        return services.brand_update(actor=self.request.user, brand=brand, **data)

    @extend_schema(request=serializers.BrandReviewSerializer, responses=serializers.BrandSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        """审核认定：某年度认定（recognised）或退出（exited），附审核意见。"""
        data = serializers.BrandReviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        brand = self.get_object()
        services.brand_review(actor=request.user, brand=brand, **data.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=brand.pk)).data)


class VolunteerTeamFilterSet(django_filters.FilterSet):
    year = YearFilter(method="filter_year", label=_("年度：该年底存在的队伍（年度总账的口径）"))
    tier = django_filters.ChoiceFilter(choices=TeamTier.choices, label=_("层级"))
    organization = OrgSubtreeFilter(field_name="organization")

    class Meta:
        model = VolunteerTeam
        fields = ["year", "tier", "organization", "parent"]

    def filter_year(self, queryset, name, value):
        end = date(int(value), 12, 31)
        return queryset.filter(Q(founded_on__lte=end), Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=end))


class VolunteerTeamViewSet(viewsets.ReadOnlyModelViewSet):
    """志愿服务队（总队—支队—分队）, with member and activity counts."""

    serializer_class = serializers.VolunteerTeamSerializer
    filterset_class = VolunteerTeamFilterSet
    search_fields = ["name", "organization__name"]
    ordering_fields = ["name", "founded_on"]

    def get_queryset(self):
        return volunteer_selectors.teams_visible_to(self.request.user).order_by("tier", "name", "pk")


class VolunteerActivityFilterSet(django_filters.FilterSet):
    year = YearFilter(field_name="held_on__year", label=_("年度（活动日期所在年份）"))
    organization = OrgSubtreeFilter(field_name="team__organization")

    class Meta:
        model = VolunteerActivity
        fields = ["year", "organization", "team"]


class VolunteerActivityViewSet(viewsets.ReadOnlyModelViewSet):
    """志愿服务活动, each with its number of participants and their total hours."""

    serializer_class = serializers.VolunteerActivitySerializer
    filterset_class = VolunteerActivityFilterSet
    search_fields = ["title", "team__name"]
    ordering_fields = ["held_on"]

    def get_queryset(self):
        return volunteer_selectors.activities_visible_to(self.request.user).order_by("-held_on", "-pk")


class TrainingFilterSet(django_filters.FilterSet):
    year = YearFilter(field_name="starts_on__year", label=_("年度（开始日期所在年份）"))
    kind = django_filters.ChoiceFilter(choices=TrainingKind.choices, label=_("类型"))
    organization = OrgSubtreeFilter(field_name="organization")
    committee_wide = django_filters.BooleanFilter(
        field_name="organization", lookup_expr="isnull", label=_("工委统一组织")
    )

    class Meta:
        model = Training
        fields = ["year", "kind", "organization", "committee_wide"]


class TrainingViewSet(viewsets.ReadOnlyModelViewSet):
    """学习培训（理论学习中心组、培训班等）with attendance (人次)."""

    serializer_class = serializers.TrainingSerializer
    filterset_class = TrainingFilterSet
    search_fields = ["title"]
    ordering_fields = ["starts_on"]

    def get_queryset(self):
        return brand_selectors.trainings_visible_to(self.request.user).order_by("-starts_on", "-pk")


class InfoPieceFilterSet(django_filters.FilterSet):
    year = YearFilter(field_name="sent_on__year", label=_("年度（报送日期所在年份）"))
    organization = OrgSubtreeFilter(field_name="organization")

    class Meta:
        model = InfoPiece
        fields = ["year", "organization", "channel", "adopted"]


class InfoPieceViewSet(viewsets.ReadOnlyModelViewSet):
    """信息报送, and whether (and by whom) each piece was adopted."""

    serializer_class = serializers.InfoPieceSerializer
    filterset_class = InfoPieceFilterSet
    search_fields = ["title", "adopted_by", "organization__name"]
    ordering_fields = ["sent_on"]

    def get_queryset(self):
        return brand_selectors.info_pieces_visible_to(self.request.user).order_by("-sent_on", "-pk")


__all__ = [
    "BrandViewSet",
    "InfoPieceViewSet",
    "TrainingViewSet",
    "VolunteerActivityViewSet",
    "VolunteerTeamViewSet",
]
