"""REST resources of 主题讲坛 (`forums/`), 评选 (`selections/`) and 评选人选 (`candidates/`). Querysets
come from the scoped selectors; every write is one service call; moving a candidate on is `promote`."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.api.filters import OrgSubtreeFilter
from partybuild.api.fields import YearFilter
from partybuild.api.viewsets import ServiceViewSet

from ..models import Candidate, CandidateStage, Forum, Selection, SelectionKind
from ..selectors import forums as selectors
from ..selectors import selections as selection_selectors
from ..services import forums as services
from ..services import selections as selection_services
from .serializers import forums as serializers


class ForumFilterSet(django_filters.FilterSet):
    year = YearFilter(field_name="held_on__year", label=_("年度"))
    organization = OrgSubtreeFilter(method="filter_organization")

    class Meta:
        model = Forum
        fields = ["year", "organization"]

    def filter_organization(self, queryset, name, value):
        from accounts.api.filters import org_path_of

        path = org_path_of(int(value))
        if path is None:
            return queryset.none()
        return queryset.filter(org_links__organization__path__startswith=path).distinct()


class SelectionFilterSet(django_filters.FilterSet):
    year = YearFilter(field_name="year", label=_("年度"))
    kind = django_filters.ChoiceFilter(choices=SelectionKind.choices, label=_("评选类型"))

    class Meta:
        model = Selection
        fields = ["year", "kind"]


class CandidateFilterSet(django_filters.FilterSet):
    year = YearFilter(field_name="selection__year", label=_("年度"))
    selection = django_filters.NumberFilter(field_name="selection_id", label=_("评选 id"))
    stage = django_filters.ChoiceFilter(choices=CandidateStage.choices, label=_("阶段"))
    organization = OrgSubtreeFilter(field_name="organization")

    class Meta:
        model = Candidate
        fields = ["year", "selection", "stage", "organization"]


class ForumViewSet(ServiceViewSet):
    """“我是党员”主题讲坛: one org's or a joint forum (co_organizations); speakers and attendees from the
    roster. A secretary registers their org's; a joint forum is read by each org holding it."""

    serializer_class = serializers.ForumSerializer
    filterset_class = ForumFilterSet
    search_fields = ["topic", "speaker_names"]
    ordering_fields = ["held_on", "attendance"]

    def get_queryset(self):
        return selectors.forums_visible_to(self.request.user).prefetch_related(
            "org_links", "speakers", "attendees"
        )

    def create_object(self, data):
        return services.forum_create(actor=self.request.user, **data)

    def update_object(self, forum, data):
        data.pop("organization", None)
        return services.forum_update(actor=self.request.user, forum=forum, **data)


class SelectionViewSet(ServiceViewSet):
    """评选 (双十佳, 主题讲坛主讲人 and others) with their categories and counts by stage (in scope)."""

    serializer_class = serializers.SelectionSerializer
    filterset_class = SelectionFilterSet
    search_fields = ["name"]
    ordering_fields = ["year", "name"]

    def get_queryset(self):
        return selection_selectors.selections_visible_to(self.request.user).prefetch_related("categories")

    def create_object(self, data):
        categories = data.pop("category_names", [])
        return selection_services.selection_create(actor=self.request.user, categories=categories, **data)

    def update_object(self, selection, data):
        data.pop("category_names", None)
        return selection_services.selection_update(actor=self.request.user, selection=selection, **data)


class CandidateViewSet(ServiceViewSet):
    """评选人选: secretaries nominate their org's in the nomination window (POST); staff correct them and
    move them on one stage at a time (`promote`: 推荐 → 入选 → 表彰)."""

    serializer_class = serializers.CandidateSerializer
    filterset_class = CandidateFilterSet
    search_fields = ["name"]
    ordering_fields = ["score", "name", "created_at"]
    authz_actions = {"promote": "activities.promote_candidate"}

    def get_queryset(self):
        return selection_selectors.candidates_visible_to(self.request.user)

    def create_object(self, data):
        return selection_services.candidate_nominate(actor=self.request.user, **data)

    def update_object(self, candidate, data):
        data.pop("selection", None)
        return selection_services.candidate_update(actor=self.request.user, candidate=candidate, **data)

    @extend_schema(request=serializers.PromoteSerializer, responses=serializers.CandidateSerializer)
    @action(detail=True, methods=["post"])
    def promote(self, request, pk=None):
        candidate = self.get_object()
        payload = serializers.PromoteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        selection_services.candidates_promote(
            actor=request.user,
            selection=candidate.selection,
            candidates=[candidate],
            to_stage=payload.validated_data["stage"],
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=candidate.pk)).data)
