"""REST resource of 党员服务日 / 主题党日 at /api/v1/activities/service-days/ (CONTRACT.md): scoped by the
selector, every write one service call; DELETE withdraws the ledger tasks the day filled (refused when
staff accepted one and the caller is not staff)."""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from rest_framework import mixins, status
from rest_framework.response import Response

from accounts.api.filters import OrgSubtreeFilter
from partybuild.api.fields import YearFilter
from partybuild.api.viewsets import ServiceViewSet

from ..models import ServiceDay, ServiceDayAttendance, ServiceDayTheme
from ..selectors import days as selectors
from ..services import days as services
from .serializers import days as serializers


class ServiceDayFilterSet(django_filters.FilterSet):
    year = YearFilter(field_name="held_on__year", label=_("年度"))
    month = django_filters.NumberFilter(
        field_name="held_on__month", label=_("月份"), min_value=1, max_value=12
    )
    organization = OrgSubtreeFilter(field_name="organization")
    theme = django_filters.ChoiceFilter(choices=ServiceDayTheme.choices, label=_("主题"))

    class Meta:
        model = ServiceDay
        fields = ["year", "month", "organization", "theme"]


def _attendance(rows) -> dict[int, str] | None:
    if rows is None:
        return None
    return {row["member"].pk: row["status"] for row in rows}


class ServiceDayViewSet(mixins.DestroyModelMixin, ServiceViewSet):
    """党员服务日/主题党日：secretaries record their org's (attendance from the roster), staff any in scope;
    the reporting client reads counts only."""

    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]
    serializer_class = serializers.ServiceDaySerializer
    filterset_class = ServiceDayFilterSet
    ordering_fields = ["held_on"]
    ordering = ["-held_on", "-id"]

    def get_queryset(self):
        return selectors.service_days_visible_to(self.request.user).prefetch_related(
            Prefetch("attendance", queryset=ServiceDayAttendance.objects.select_related("member")),
            "photos",
            "fills",
        )

    def create_object(self, data):
        attendance = _attendance(data.pop("attendance", None))
        return services.service_day_create(
            actor=self.request.user,
            organization=data.pop("organization"),
            held_on=data.pop("held_on"),
            theme=data.pop("theme"),
            attendance=attendance,
            **data,
        )

    def update_object(self, day, data):
        data.pop("organization", None)  # a day's org is fixed; another org's day is a new record
        attendance = _attendance(data.pop("attendance", None))
        return services.service_day_update(
            actor=self.request.user, service_day=day, attendance=attendance, **data
        )

    def destroy(self, request, *args, **kwargs):
        services.service_day_delete(actor=request.user, service_day=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)
