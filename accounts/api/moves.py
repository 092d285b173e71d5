"""REST actions for the org tree as years go by: rename and merge an org, transfer a member, list transfers.

The actions are mixed into OrganizationViewSet and MemberViewSet (POST organizations/{id}/rename/,
organizations/{id}/merge/, members/{id}/transfer/); each asks the matrix through `authz_actions`, then
validates its own input serializer and calls one service.
"""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts import services
from accounts.models import MemberTransfer
from accounts.selectors_moves import transfers_visible_to
from partybuild.api.fields import IdFilter, YearFilter

from .filters import org_path_of
from .serializers import OrganizationSerializer, ScopedOrganizationField


class RenameSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120, help_text=_("新的党组织全称"))
    short_name = serializers.CharField(
        max_length=60, required=False, allow_blank=True, help_text=_("新的简称；不传则保持不变")
    )


class MergeSerializer(serializers.Serializer):
    target = ScopedOrganizationField(help_text=_("并入的党组织 id"))
    on_date = serializers.DateField(help_text=_("合并日期（不晚于今天）"))
    preview = serializers.BooleanField(
        default=False, help_text=_("true：只预览将转移和保留的内容，不做任何修改")
    )


class MergeResultSerializer(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True, help_text=_("合并记录 id；预览时为 null"))
    preview = serializers.BooleanField()
    source = serializers.IntegerField()
    target = serializers.IntegerField()
    merged_on = serializers.DateField()
    counts = serializers.DictField(child=serializers.IntegerField(), help_text=_("各类转移和保留的条数"))
    lines = serializers.ListField(child=serializers.CharField(), help_text=_("办理结果的文字说明"))


class TransferSerializer(serializers.Serializer):
    to_organization = ScopedOrganizationField(help_text=_("转入党组织 id"))
    on_date = serializers.DateField(help_text=_("转接日期（不晚于今天）"))
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    document_no = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class MemberTransferSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.name", read_only=True)
    from_organization_name = serializers.CharField(source="from_organization.name", read_only=True)
    to_organization_name = serializers.CharField(source="to_organization.name", read_only=True)
    created_by = serializers.StringRelatedField(read_only=True)

    class Meta:
        model = MemberTransfer
        fields = [
            "id",
            "member",
            "member_name",
            "from_organization",
            "from_organization_name",
            "to_organization",
            "to_organization_name",
            "transferred_on",
            "reason",
            "document_no",
            "merge",
            "created_by",
            "created_at",
        ]
        read_only_fields = fields


class OrganizationMoveActions:
    """Mixed into OrganizationViewSet."""

    authz_actions = {"rename": "accounts.change_organization", "merge": "accounts.merge_organization"}

    @extend_schema(
        summary=_("党组织更名（原名称保留为别名）"),
        tags=["organizations"],
        request=RenameSerializer,
        responses=OrganizationSerializer,
    )
    @action(detail=True, methods=["post"])
    def rename(self, request, pk=None):
        org = self.get_object()
        data = RenameSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.organization_rename(
            actor=request.user,
            organization=org,
            new_name=data.validated_data["name"],
            new_short_name=data.validated_data.get("short_name"),
        )
        org = self.get_object()  # read afresh, with the member count and parent id the serializer shows
        return Response(OrganizationSerializer(org, context=self.get_serializer_context()).data)

    @extend_schema(
        summary=_("把本组织并入另一党组织（可先预览）"),
        tags=["organizations"],
        request=MergeSerializer,
        responses={200: MergeResultSerializer, 201: MergeResultSerializer},
    )
    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        source = self.get_object()
        data = MergeSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        target, on_date = data.validated_data["target"], data.validated_data["on_date"]
        body = {"source": source.pk, "target": target.pk, "merged_on": on_date}
        if data.validated_data["preview"]:
            result = services.organizations_merge_preview(
                actor=request.user, source=source, target=target, on_date=on_date
            )
            body.update(id=None, preview=True, **result.as_dict())
            return Response(MergeResultSerializer(body).data)
        merge = services.organizations_merge(
            actor=request.user, source=source, target=target, on_date=on_date
        )
        body.update(id=merge.pk, preview=False, **merge.summary)
        return Response(MergeResultSerializer(body).data, status=status.HTTP_201_CREATED)


class MemberMoveActions:
    """Mixed into MemberViewSet."""

    authz_actions = {"transfer": "accounts.transfer_member"}

    @extend_schema(
        summary=_("组织关系转接（党员以往的记录仍属于原组织）"),
        tags=["members"],
        request=TransferSerializer,
        responses={201: MemberTransferSerializer},
    )
    @action(detail=True, methods=["post"])
    def transfer(self, request, pk=None):
        member = self.get_object()
        data = TransferSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        transfer = services.member_transfer(actor=request.user, member=member, **data.validated_data)
        return Response(MemberTransferSerializer(transfer).data, status=status.HTTP_201_CREATED)


class MemberTransferFilterSet(django_filters.FilterSet):
    member = IdFilter(field_name="member_id", label=_("党员 id"))
    organization = IdFilter(method="filter_organization", label=_("党组织 id（转出或转入，含下级组织）"))
    year = YearFilter(field_name="transferred_on", lookup_expr="year", label=_("转接年度"))

    class Meta:
        model = MemberTransfer
        fields = ["member", "organization", "year"]

    def filter_organization(self, queryset: QuerySet, name: str, value) -> QuerySet:
        path = org_path_of(int(value))
        if path is None:
            return queryset.none()
        return queryset.filter(
            Q(from_organization__path__startswith=path) | Q(to_organization__path__startswith=path)
        )


class MemberTransferViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """组织关系转接记录: transfers into or out of the orgs whose roster the user keeps (read-only)."""

    serializer_class = MemberTransferSerializer
    filterset_class = MemberTransferFilterSet
    ordering_fields = ["transferred_on", "id"]
    ordering = ["-transferred_on", "-id"]

    @extend_schema(summary=_("组织关系转接记录"), tags=["members"])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[MemberTransfer]:
        return transfers_visible_to(self.request.user)
