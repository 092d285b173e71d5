"""REST resource of 三会一课 (`activities/meetings/`): scoped by activities.selectors.meetings, written by
activities.services.meetings. Filters: year, quarter, meeting_type, organization (its subtree), q."""

from __future__ import annotations

from django.db.models import Prefetch

from activities.forms.meetings import MeetingFilterSet
from activities.models import MeetingAttendance
from activities.selectors import meetings as selectors
from activities.services import meetings as services
from partybuild.api.viewsets import ServiceViewSet

from .serializers import meetings as serializers


def _pairs(data: dict):
    rows = data.pop("attendance", None)
    return None if rows is None else [(row["member"], row["status"]) for row in rows]


class MeetingViewSet(ServiceViewSet):
    """三会一课: 支部党员大会、支委会、党小组会、党课。秘书登记本支部的会议，参会人员从名册选择。"""

    serializer_class = serializers.MeetingSerializer
    filterset_class = MeetingFilterSet
    search_fields = ["organization__name", "organization__short_name", "agenda", "host"]
    ordering_fields = ["held_on", "created_at"]

    def get_queryset(self):
        attendance = MeetingAttendance.objects.select_related("member").order_by("member__name", "pk")
        return (
            selectors.meetings_visible_to(self.request.user)
            .prefetch_related(Prefetch("attendance", queryset=attendance))
            .order_by("-held_on", "-pk")
        )

    def create_object(self, data):
        attendance = _pairs(data)
        return services.meeting_create(actor=self.request.user, attendance=attendance, **data)

    def update_object(self, meeting, data):
        attendance = _pairs(data)
        return services.meeting_update(
            actor=self.request.user, meeting=meeting, attendance=attendance, **data
        )
