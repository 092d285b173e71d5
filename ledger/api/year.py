"""POST ledger/plans/{id}/copy/: start a new year from this plan (mixed into PlanViewSet)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from ledger import services
from partybuild.api.fields import YEAR_MAX, YEAR_MIN

from .serializers import PlanSerializer


class PlanCopySerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=YEAR_MIN, max_value=YEAR_MAX, help_text=_("新年度，如 2027"))
    title = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("新台账标题；不传则沿用原标题并把其中的年份改为新年度"),
    )


class PlanCopyResultSerializer(serializers.Serializer):
    plan = PlanSerializer()
    items = serializers.IntegerField()
    tasks = serializers.IntegerField()
    assignments = serializers.IntegerField()
    replaced = serializers.DictField(
        child=serializers.CharField(), help_text=_("已并入其他组织的责任组织 → 改由承担的组织")
    )
    dropped = serializers.ListField(child=serializers.CharField(), help_text=_("已撤销、不再列入的责任组织"))


class PlanCopyActions:
    authz_actions = {"copy": "ledger.add_plan"}

    @extend_schema(
        summary=_("以此为模板新建下一年度台账"),
        request=PlanCopySerializer,
        responses={201: PlanCopyResultSerializer},
    )
    @action(detail=True, methods=["post"])
    def copy(self, request, pk=None):
        source = self.get_object()
        data = PlanCopySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = services.plan_copy(actor=request.user, source_plan=source, **data.validated_data)
        return Response(PlanCopyResultSerializer(result).data, status=status.HTTP_201_CREATED)
