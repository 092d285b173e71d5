"""REST resources of 扶贫结对 at /api/v1/activities/households/, pairings/, visits/ (CONTRACT.md).

Households are personal data: staff and the secretaries whose members are paired with one (or whose org
looks after it); the reporting client gets none of these rows (it reads the totals: annual account).
"""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from accounts.api.filters import OrgExactFilter, OrgSubtreeFilter, org_path_of
from activities.models import Household, Pairing, Visit
from activities.selectors import pairing as selectors
from activities.services import pairing as services
from partybuild.api.fields import IdFilter, YearFilter
from partybuild.api.viewsets import ServiceViewSet

from .serializers import pairing as serializers


class HouseholdFilterSet(django_filters.FilterSet):
    organization = IdFilter(
        method="filter_organization",
        label=_("党组织 id：该组织及其下级联系的，或与其党员结对的帮扶户"),
    )
    village = django_filters.CharFilter(label=_("村(社区)"))
    year = YearFilter(method="filter_year", label=_("年度：该年有结对的帮扶户"))

    class Meta:
        model = Household
        fields = ["organization", "village", "year"]

    def filter_organization(self, queryset, name, value):
        path = org_path_of(int(value))
        if path is None:
            return queryset.none()
        paired = Pairing.objects.filter(household=OuterRef("pk"), organization__path__startswith=path)
        return queryset.filter(Q(organization__path__startswith=path) | Q(Exists(paired)))

    def filter_year(self, queryset, name, value):
        paired = Pairing.objects.in_period(*selectors.year_bounds(int(value))).filter(
            household=OuterRef("pk")
        )
        return queryset.filter(Exists(paired))


class PairingFilterSet(django_filters.FilterSet):
    year = YearFilter(method="filter_year", label=_("年度：该年内在结对期间的"))
    organization = OrgSubtreeFilter(field_name="organization")
    organization_exact = OrgExactFilter(field_name="organization_id")
    member = IdFilter(field_name="member_id", label=_("党员 id"))
    household = IdFilter(field_name="household_id", label=_("帮扶户 id"))
    active = django_filters.BooleanFilter(method="filter_active", label=_("今天是否在结对中"))

    class Meta:
        model = Pairing
        fields = ["year", "organization", "organization_exact", "member", "household", "active"]

    def filter_year(self, queryset, name, value):
        return queryset.in_period(*selectors.year_bounds(int(value)))

    def filter_active(self, queryset, name, value):
        active = Pairing.objects.active().values("pk")
        return queryset.filter(pk__in=active) if value else queryset.exclude(pk__in=active)


class VisitFilterSet(django_filters.FilterSet):
    year = YearFilter(field_name="visited_on__year", label=_("年度（走访日期所在年份）"))
    organization = OrgSubtreeFilter(field_name="organization")
    organization_exact = OrgExactFilter(field_name="organization_id")
    member = IdFilter(field_name="member_id", label=_("党员 id"))
    household = IdFilter(field_name="household_id", label=_("帮扶户 id"))
    pairing = IdFilter(field_name="pairing_id", label=_("结对 id"))

    class Meta:
        model = Visit
        fields = ["year", "organization", "organization_exact", "member", "household", "pairing"]


class HouseholdViewSet(ServiceViewSet):
    """帮扶户: 户主, 村(社区), 家庭人口, 致贫原因, the org that looks after it; with its active pairings and
    visits counted."""

    serializer_class = serializers.HouseholdSerializer
    filterset_class = HouseholdFilterSet
    search_fields = ["head_name", "village", "cause"]
    ordering_fields = ["village", "head_name", "people"]

    def get_queryset(self):
        return selectors.households_visible_to(self.request.user).order_by("village", "head_name", "pk")

    def create_object(self, data):
        return services.household_create(actor=self.request.user, **data)

    def update_object(self, household, data):
        return services.household_update(actor=self.request.user, household=household, **data)


class PairingViewSet(ServiceViewSet):
    """结对帮扶: a member paired with a household (the pairing belongs to the member's org). PATCH
    `ended_on` ends it; one active pairing per member and household."""

    serializer_class = serializers.PairingSerializer
    filterset_class = PairingFilterSet
    search_fields = ["member__name", "household__head_name", "household__village"]
    ordering_fields = ["started_on", "ended_on"]

    def get_queryset(self):
        return selectors.pairings_visible_to(self.request.user).order_by("-started_on", "-pk")

    def create_object(self, data):
        data.pop("ended_on", None)
        return services.pairing_create(
            actor=self.request.user,
            member=data["member"],
            household=data["household"],
            started_on=data.get("started_on"),
        )

    def update_object(self, pairing, data):
        fields = {"started_on": data.get("started_on")}
        if "ended_on" in data:
            fields["ended_on"] = data["ended_on"]
        return services.pairing_update(actor=self.request.user, pairing=pairing, **fields)


class VisitViewSet(ServiceViewSet):
    """走访: date, what was done, funds and goods (yuan, numbers); photos are uploaded in the portal."""

    serializer_class = serializers.VisitSerializer
    filterset_class = VisitFilterSet
    search_fields = ["member__name", "household__head_name", "content"]
    ordering_fields = ["visited_on", "funds", "goods"]

    def get_queryset(self):
        return (
            selectors.visits_visible_to(self.request.user)
            .prefetch_related("photos")
            .order_by("-visited_on", "-pk")
        )

    def create_object(self, data):
        return services.visit_create(actor=self.request.user, **data)

    def update_object(self, visit, data):
        for key in ("pairing", "member", "household"):
            data.pop(key, None)  # a visit stays with who made it and where
        return services.visit_update(actor=self.request.user, visit=visit, **data)
