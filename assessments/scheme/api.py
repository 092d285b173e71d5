"""REST of the scheme and its results (CONTRACT.md): `assessments/schemes/`, `assessments/summaries/`
and `assessments/summaries/{id}/explain/`. Read-only (the reporting client reads; staff compute and
publish in the portal). Lists and details answer `ETag`/`Last-Modified` and 304 to a conditional GET:
results change only with their run, so a dashboard polling every minute costs one aggregate query.
"""

from __future__ import annotations

import django_filters
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.api.filters import OrgSubtreeFilter
from partybuild.api.fields import YearFilter

from ..models import AssessmentResult, RunState, Scheme, SchemeComponent
from . import selectors

# ------------------------------------------------------------------------------------- serializers


class SchemeComponentSerializer(serializers.ModelSerializer):
    class Meta:
        model = SchemeComponent
        fields = ["index", "key", "seq", "weight", "params", "description"]


class SchemeSerializer(serializers.ModelSerializer):
    components = SchemeComponentSerializer(many=True, read_only=True)

    class Meta:
        model = Scheme
        fields = [
            "id",
            "year",
            "version",
            "name",
            "notes",
            "performance_weight",
            "responsibility_weight",
            "conduct_weight",
            "excellent_from",
            "good_from",
            "fair_from",
            "excellent_quota",
            "flag_bottom_rank",
            "flag_poor_grade",
            "party_building_share",
            "components",
            "updated_at",
        ]


class AssessmentSummarySerializer(serializers.ModelSerializer):
    """One org's result in a period (CONTRACT.md `assessments/summaries/`)."""

    organization = serializers.IntegerField(source="organization_id", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    period = serializers.CharField(source="run.period", read_only=True)
    year = serializers.IntegerField(source="run.year", read_only=True)
    published = serializers.SerializerMethodField()
    version = serializers.IntegerField(source="run.version", read_only=True)
    scheme = serializers.IntegerField(source="run.scheme_id", read_only=True)
    performance_index = serializers.FloatField()
    responsibility_index = serializers.FloatField()
    conduct_index = serializers.FloatField()
    composite = serializers.FloatField()

    class Meta:
        model = AssessmentResult
        fields = [
            "id",
            "organization",
            "organization_name",
            "year",
            "period",
            "performance_index",
            "responsibility_index",
            "conduct_index",
            "composite",
            "rank",
            "peer_count",
            "peer_kind",
            "grade",
            "quota_applied",
            "flags",
            "published",
            "version",
            "scheme",
        ]

    def get_published(self, obj) -> bool:
        return obj.run.state == RunState.PUBLISHED


_COMPONENT_SCHEMA = {
    "type": "object",
    "properties": {
        "key": {"type": "string"},
        "label": {"type": "string"},
        "weight": {"type": "number"},
        "value": {"type": "number", "nullable": True},
        "applicable": {"type": "boolean"},
        "detail": {"type": "object", "additionalProperties": True, "description": "记录数、分值和记录编号"},
        "records_urls": {
            "type": "object",
            "additionalProperties": {"type": "string"},
            "description": "每个记录数对应的记录列表（站内相对地址，已按该党组织和期间筛选）；"
            "只列出调用者能打开的列表；此功能之前计算的结果为空",
        },
    },
}
_EXPLANATION_SCHEMA = {
    "type": "object",
    "properties": {
        "composite": {"type": "number"},
        "rank": {"type": "integer", "nullable": True},
        "peer_count": {"type": "integer"},
        "grade": {"type": "string"},
        "quota_applied": {"type": "boolean"},
        "flags": {"type": "array", "items": {"type": "string"}},
        "indices": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "key": {"type": "string"},
                    "label": {"type": "string"},
                    "weight": {"type": "number"},
                    "value": {"type": "number"},
                    "components": {"type": "array", "items": _COMPONENT_SCHEMA},
                },
            },
        },
    },
}


@extend_schema_field(_EXPLANATION_SCHEMA)
class ExplanationField(serializers.JSONField):
    """The explanation tree (selectors.explanation_for), documented by its shape."""


class AssessmentExplainSerializer(serializers.Serializer):
    """What each number of a result is made of: composite → indices → components → counts and ids,
    and per count the list of its records (`records_urls`)."""

    id = serializers.IntegerField()
    organization = serializers.IntegerField()
    period = serializers.CharField()
    explanation = ExplanationField()
    improvements = serializers.ListField(child=serializers.CharField())


# ----------------------------------------------------------------------------------------- filters


class SchemeFilterSet(django_filters.FilterSet):
    year = YearFilter(field_name="year", label=_("年度"))

    class Meta:
        model = Scheme
        fields = ["year"]


class SummaryFilterSet(django_filters.FilterSet):
    year = YearFilter(field_name="run__year", label=_("年度"))
    period = django_filters.CharFilter(
        field_name="run__period", label=_("期间代码，如 2026-Q1、2026-H1、2026-Y")
    )
    organization = OrgSubtreeFilter(field_name="organization")
    published = django_filters.BooleanFilter(method="filter_published", label=_("是否已发布"))

    class Meta:
        model = AssessmentResult
        fields = ["year", "period", "organization", "published"]

    def filter_published(self, queryset, name, value):
        if value is None:
            return queryset
        if value:
            return queryset.filter(run__state=RunState.PUBLISHED)
        return queryset.exclude(run__state=RunState.PUBLISHED)


# --------------------------------------------------------------------------------------- viewsets


class ConditionalMixin:
    """ETag / Last-Modified from `selectors.fingerprint` of what the request reads; 304 when unchanged."""

    def conditional(self, request, results, render):
        etag, last = selectors.fingerprint(results)
        etag = f'"{etag}"'
        not_modified = get_conditional_response(
            request._request, etag=etag, last_modified=int(last.timestamp())
        )
        response = Response(status=not_modified.status_code) if not_modified is not None else render()
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last.timestamp())
        response["Cache-Control"] = "private, no-cache"
        return response


class SchemeViewSet(viewsets.ReadOnlyModelViewSet):
    """考核办法：各年度、各版本的指数权重、考核项目、等次分数线、优秀比例和“履职不到位”规则。"""

    serializer_class = SchemeSerializer
    filterset_class = SchemeFilterSet
    ordering = ["-year", "-version"]

    def get_queryset(self):
        return selectors.schemes_visible_to(self.request.user).order_by("-year", "-version")


_NOT_MODIFIED = {304: OpenApiResponse(description="未变化（ETag 相同）")}


class SummaryViewSet(ConditionalMixin, viewsets.ReadOnlyModelViewSet):
    """考核结果：每个党组织每个期间的三项指数、综合得分、同类排名、等次和标记。书记只得本组织已发布的结果。"""

    serializer_class = AssessmentSummarySerializer
    filterset_class = SummaryFilterSet
    authz_actions = {"explain": "assessments.view_assessmentresult"}

    def get_queryset(self):
        return selectors.results_visible_to(self.request.user).order_by(
            "-run__year", "-run__period", "-run__version", "peer_kind", "rank", "organization__path", "pk"
        )

    @extend_schema(responses={200: AssessmentSummarySerializer(many=True), **_NOT_MODIFIED})
    def list(self, request, *args, **kwargs):
        results = self.filter_queryset(self.get_queryset())
        return self.conditional(
            request, results, lambda: super(SummaryViewSet, self).list(request, *args, **kwargs)
        )

    @extend_schema(responses={200: AssessmentSummarySerializer, **_NOT_MODIFIED})
    def retrieve(self, request, *args, **kwargs):
        result = self.get_object()
        rows = self.get_queryset().filter(pk=result.pk)
        return self.conditional(request, rows, lambda: Response(self.get_serializer(result).data))

    @extend_schema(responses={200: AssessmentExplainSerializer, **_NOT_MODIFIED})
    @action(detail=True, methods=["get"])
    def explain(self, request, pk=None):
        """得分构成：综合得分 → 三项指数 → 各考核项目 → 记录数和记录编号，以及每个记录数对应的记录列表
        （records_urls）；以及改进方向。"""
        result = self.get_object()
        rows = self.get_queryset().filter(pk=result.pk)
        data = {
            "id": result.pk,
            "organization": result.organization_id,
            "period": result.run.period,
            "explanation": selectors.explanation_for(request.user, result),
            "improvements": selectors.improvements(result),
        }
        return self.conditional(request, rows, lambda: Response(AssessmentExplainSerializer(data).data))
