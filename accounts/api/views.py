"""REST resources for organizations and members, and the token endpoint."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in
from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from accounts import services
from accounts.models import Member, Organization
from accounts.selectors import members_visible_to, organizations_with_member_counts
from accounts.views import lockout_message
from partybuild.api.viewsets import ServiceViewSet

from .filters import MemberFilterSet, OrganizationFilterSet
from .serializers import (
    MemberSerializer,
    OrganizationSerializer,
    TokenRequestSerializer,
    TokenResponseSerializer,
)


class TokenObtainView(APIView):
    """Exchange a username and password for an API token; failures count towards the axes lockout."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"
    serializer_class = TokenRequestSerializer

    @extend_schema(
        summary=_("获取 API 令牌"),
        tags=["auth"],
        auth=[],
        request=TokenRequestSerializer,
        responses={
            200: TokenResponseSerializer,
            400: OpenApiResponse(description=_("用户名或密码不正确")),
            403: OpenApiResponse(description=_("连续登录失败次数过多，账号已被暂时锁定")),
        },
    )
    def post(self, request, *args, **kwargs):
        form = TokenRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        # axes keeps its bookkeeping on the Django request, which its middleware reads afterwards.
        django_request = request._request
        user = authenticate(django_request, **form.validated_data)
        if user is None:
            if getattr(django_request, "axes_locked_out", False):
                raise PermissionDenied(lockout_message())
            raise ValidationError(
                {
                    "non_field_errors": [
                        _("用户名或密码不正确，请检查后重试；连续多次失败后账号将被暂时锁定。")
                    ]
                }
            )
        token, _created = Token.objects.get_or_create(user=user)
        # A login like the portal's: the audit trail records it (channel "api") and last_login moves.
        user_logged_in.send(sender=user.__class__, request=django_request, user=user)
        return Response({"token": token.key})


def _with_parent_id(orgs: QuerySet[Organization]) -> QuerySet[Organization]:
    """The parent's id from the materialized path, in the same SQL statement (no query per row)."""
    parent_path = Substr(OuterRef("path"), 1, (OuterRef("depth") - 1) * Organization.steplen)
    parents = Organization.objects.filter(path=parent_path).values("pk")[:1]
    return orgs.annotate(parent_id=Subquery(parents))


@extend_schema_view(
    list=extend_schema(summary=_("党组织列表"), tags=["organizations"]),
    retrieve=extend_schema(summary=_("党组织详情"), tags=["organizations"]),
    create=extend_schema(summary=_("新增党组织（工委干部）"), tags=["organizations"]),
    update=extend_schema(summary=_("修改党组织（工委干部）"), tags=["organizations"]),
    partial_update=extend_schema(summary=_("部分修改党组织；is_active=false 即撤销"), tags=["organizations"]),
)
class OrganizationViewSet(ServiceViewSet):
    """The org tree, in tree order; committee staff add, edit, move and deactivate orgs."""

    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilterSet
    search_fields = ["name", "short_name"]
    ordering_fields = ["path", "name", "short_name", "code", "founded_on", "member_count"]
    ordering = ["path"]

    def get_queryset(self) -> QuerySet[Organization]:
        return _with_parent_id(organizations_with_member_counts(self.request.user))

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
class MemberViewSet(ServiceViewSet):
    """Members of the orgs the user sees; a secretary edits only their own subtree's members."""

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
