"""服务监督岗 over REST (CONTRACT.md): `activities/service-posts/` and `activities/feedback/`, read-only
lists scoped like the portal (posts: business scope; feedback: the orgs' secretaries and staff)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from rest_framework import mixins, viewsets

from accounts.api.filters import OrgSubtreeFilter
from partybuild.api.fields import YearFilter

from ..models import Feedback, FeedbackKind, FeedbackState, ServicePost
from ..selectors import posts as selectors
from .serializers import posts as serializers


class ServicePostFilterSet(django_filters.FilterSet):
    organization = OrgSubtreeFilter(field_name="organization")
    member = django_filters.NumberFilter(field_name="member_id", label=_("党员 id"))
    is_model_post = django_filters.BooleanFilter(label=_("示范岗"))
    model_year = YearFilter(field_name="model_year", label=_("示范岗年度"))
    active = django_filters.BooleanFilter(label=_("在岗"))

    class Meta:
        model = ServicePost
        fields = ["organization", "member", "is_model_post", "model_year", "active"]


class FeedbackFilterSet(django_filters.FilterSet):
    year = YearFilter(field_name="created_at__year", label=_("年度"))
    organization = OrgSubtreeFilter(field_name="post__organization")
    post = django_filters.NumberFilter(field_name="post_id", label=_("服务监督岗 id"))
    kind = django_filters.ChoiceFilter(choices=FeedbackKind.choices, label=_("类型"))
    state = django_filters.ChoiceFilter(choices=FeedbackState.choices, label=_("状态"))

    class Meta:
        model = Feedback
        fields = ["year", "organization", "post", "kind", "state"]


class ServicePostViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """服务监督岗 with their feedback counts."""

    serializer_class = serializers.ServicePostSerializer
    filterset_class = ServicePostFilterSet
    search_fields = ["title", "member__name", "organization__name"]
    ordering_fields = ["title", "established_on", "model_year"]

    def get_queryset(self):
        return selectors.service_posts_visible_to(self.request.user).order_by(
            "organization__path", "title", "pk"
        )


class FeedbackViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """What the public left on the posts (plain text), with the answer."""

    serializer_class = serializers.FeedbackSerializer
    filterset_class = FeedbackFilterSet
    search_fields = ["text", "post__title"]
    ordering_fields = ["created_at", "state"]

    def get_queryset(self):
        return selectors.feedback_visible_to(self.request.user).order_by("-created_at", "-pk")
