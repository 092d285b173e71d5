"""REST resources of the six systems. Querysets come from activities.selectors; writes go through
activities.services. Reporting clients get none of these rows: vetting findings are personnel work
(staff only) and talks are read by staff and the org's secretaries (accounts/permissions/)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from activities import services
from activities.selectors import vetting as selectors
from partybuild.api.viewsets import ServiceViewSet

from . import filters
from .serializers import vetting as serializers


class VettingViewSet(ServiceViewSet):
    """审批前考察, one row per candidate. `conclude` records the conclusion; 同意 makes the secretary
    term (starting on the approval date, else the visit date) and ends the predecessor's."""

    serializer_class = serializers.VettingSerializer
    filterset_class = filters.VettingFilterSet
    search_fields = ["candidate__name", "organization__name", "organization__short_name", "approval_document"]
    ordering_fields = ["visited_on", "approved_on"]
    authz_actions = {"conclude": "activities.change_vetting"}

    def get_queryset(self):
        return selectors.vettings_visible_to(self.request.user)

    def create_object(self, data):
        return services.vetting_create(actor=self.request.user, **data)

    def update_object(self, vetting, data):
        return services.vetting_update(actor=self.request.user, vetting=vetting, **data)

    @extend_schema(request=serializers.VettingConcludeSerializer, responses=serializers.VettingSerializer)
    @action(detail=True, methods=["post"])
    def conclude(self, request, pk=None):
        """作出考察结论（同意/不同意/暂缓）。同意即生成书记任职，并结束前任的任职；已批复的考察不能再改结论。"""
        data = serializers.VettingConcludeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        vetting = services.vetting_conclude(
            actor=request.user, vetting=self.get_object(), **data.validated_data
        )
        vetting = self.get_queryset().get(pk=vetting.pk)
        return Response(self.get_serializer(vetting).data)


class AppointmentTalkViewSet(ServiceViewSet):
    """任职谈话, one per secretary term: staff record it; the org's secretaries read it."""

    serializer_class = serializers.AppointmentTalkSerializer
    filterset_class = filters.AppointmentTalkFilterSet
    search_fields = ["term__person_name", "term__organization__name", "talked_by"]
    ordering_fields = ["talked_on"]

    def get_queryset(self):
        return selectors.appointment_talks_visible_to(self.request.user)

    def create_object(self, data):
        return services.appointment_talk_create(actor=self.request.user, **data)

    def update_object(self, talk, data):
        data.pop("term", None)  # a talk belongs to its term for good
        return services.appointment_talk_update(actor=self.request.user, talk=talk, **data)
