"""REST resources for organizations and members (the token endpoints are accounts.identity.api)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view

from accounts import services
from accounts.models import Member, Organization
from accounts.selectors import (
    members_visible_to,
    organizations_visible_to,
    organizations_with_member_counts,
    with_member_counts,
    with_parent_ids,
)
from partybuild.api.throttles import WriteRateThrottle
from partybuild.api.viewsets import ServiceViewSet

from .filters import MemberFilterSet, OrganizationFilterSet
from .moves import MemberMoveActions, OrganizationMoveActions
from .serializers import MemberSerializer, OrganizationSerializer


@extend_schema_view(
    list=extend_schema(summary=_("党组织列表"), tags=["organizations"]),
    retrieve=extend_schema(summary=_("党组织详情"), tags=["organizations"]),
    create=extend_schema(summary=_("新增党组织（工委干部）"), tags=["organizations"]),
    update=extend_schema(summary=_("修改党组织（工委干部）"), tags=["organizations"]),
    partial_update=extend_schema(summary=_("部分修改党组织；is_active=false 即撤销"), tags=["organizations"]),
)
class OrganizationViewSet(OrganizationMoveActions, ServiceViewSet):
    """The org tree, in tree order; committee staff add, edit, move and deactivate orgs."""

    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilterSet
    search_fields = ["name", "short_name"]
    ordering_fields = ["path", "name", "short_name", "code", "founded_on", "member_count"]
    ordering = ["path"]

    def get_queryset(self) -> QuerySet[Organization]:
        # Counting every org's members costs a scan of the roster: only when sorting by the count.
        if "member_count" in self.request.query_params.get("ordering", ""):
            return organizations_with_member_counts(self.request.user)
        return organizations_visible_to(self.request.user)

    @staticmethod
    def _page_extras(orgs):
        """Member counts and parent ids for the rows being sent, after pagination (a page's worth)."""
        return with_parent_ids(with_member_counts(orgs))

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return None if page is None else self._page_extras(page)

    def get_object(self) -> Organization:
        return self._page_extras([super().get_object()])[0]

    def perform_create(self, serializer) -> None:
        super().perform_create(serializer)
        self._page_extras([serializer.instance])

    def perform_update(self, serializer) -> None:
        super().perform_update(serializer)
        self._page_extras([serializer.instance])

    @staticmethod
    def _service_kwargs(data: dict[str, Any]) -> dict[str, Any]:
        if "unit" in data:
            unit_name = ((data.pop("unit") or {}).get("name") or "").strip()
            data["unit"] = services.unit_get_or_create(name=unit_name) if unit_name else None
        data["parent"] = data.pop("parent_id", None)
        return data

    def create_object(self, data: dict[str, Any]) -> Organization:
        return services.organization_create(actor=self.request.user, **self._service_kwargs(data))

    def update_object(self, instance: Organization, data: dict[str, Any]) -> Organization:
        return services.organization_update(
            actor=self.request.user, organization=instance, **self._service_kwargs(data)
        )


@extend_schema_view(
    list=extend_schema(summary=_("党员列表"), tags=["members"]),
    retrieve=extend_schema(summary=_("党员详情"), tags=["members"]),
    create=extend_schema(summary=_("新增党员"), tags=["members"]),
    update=extend_schema(summary=_("修改党员"), tags=["members"]),
    partial_update=extend_schema(summary=_("部分修改党员"), tags=["members"]),
)
class MemberViewSet(MemberMoveActions, ServiceViewSet):
    """Members of the orgs the user sees; a secretary edits only their own subtree's members."""

    throttle_classes = [WriteRateThrottle]
    throttle_scope = "member_write"

    serializer_class = MemberSerializer
    filterset_class = MemberFilterSet
    search_fields = ["name", "staff_no"]
    ordering_fields = ["name", "staff_no", "birth_date", "joined_on", "full_member_on", "id"]
    ordering = ["organization__path", "name", "id"]

    def get_queryset(self) -> QuerySet[Member]:
        return members_visible_to(self.request.user)

    def create_object(self, data: dict[str, Any]) -> Member:
        return services.member_create(actor=self.request.user, **data)

    def update_object(self, instance: Member, data: dict[str, Any]) -> Member:
        return services.member_update(actor=self.request.user, member=instance, **data)
