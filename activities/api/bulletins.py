"""REST resources of 通报/通知, 提醒约谈, 整改事项 and 函告. Querysets come from the scoped selectors;
every write is one service call; domain actions (publish, read, report, close, return) are @actions."""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.api.filters import OrgSubtreeFilter
from partybuild.api.fields import YearFilter
from partybuild.api.viewsets import ServiceViewSet

from .. import services
from ..models import (
    Bulletin,
    BulletinKind,
    BulletinState,
    Letter,
    Rectification,
    RectificationState,
    ReminderReason,
    ReminderTalk,
)
from ..selectors import bulletins as selectors
from .serializers import bulletins as serializers

# ----------------------------------------------------------------------------------------- filters


class BulletinFilterSet(django_filters.FilterSet):
    year = YearFilter(field_name="issued_on__year", label=_("年度"))
    kind = django_filters.ChoiceFilter(choices=BulletinKind.choices, label=_("类型"))
    state = django_filters.ChoiceFilter(choices=BulletinState.choices, label=_("状态"))
    organization = OrgSubtreeFilter(method="filter_organization")

    class Meta:
        model = Bulletin
        fields = ["year", "kind", "state", "organization"]

    def filter_organization(self, queryset, name, value):
        from accounts.api.filters import org_path_of

        path = org_path_of(int(value))
        if path is None:
            return queryset.none()
        return queryset.filter(named_orgs__organization__path__startswith=path).distinct()


class ReminderTalkFilterSet(django_filters.FilterSet):
    year = YearFilter(field_name="talked_on__year", label=_("年度"))
    organization = OrgSubtreeFilter(field_name="organization")
    reason = django_filters.ChoiceFilter(choices=ReminderReason.choices, label=_("约谈原因"))

    class Meta:
        model = ReminderTalk
        fields = ["year", "organization", "reason"]


class RectificationFilterSet(django_filters.FilterSet):
    year = YearFilter(field_name="talk__talked_on__year", label=_("年度（约谈日期）"))
    organization = OrgSubtreeFilter(field_name="talk__organization")
    state = django_filters.ChoiceFilter(choices=RectificationState.choices, label=_("状态"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("仅逾期未销号"))
    talk = django_filters.NumberFilter(field_name="talk_id", label=_("提醒约谈 id"))

    class Meta:
        model = Rectification
        fields = ["year", "organization", "state", "overdue", "talk"]

    def filter_overdue(self, queryset, name, value):
        overdue = queryset.overdue(timezone.localdate())
        return overdue if value else queryset.exclude(pk__in=overdue.values("pk"))


class LetterFilterSet(django_filters.FilterSet):
    year = YearFilter(field_name="sent_on__year", label=_("年度"))
    organization = OrgSubtreeFilter(field_name="talk__organization")

    class Meta:
        model = Letter
        fields = ["year", "organization"]


# ----------------------------------------------------------------------------------------- viewsets


class BulletinViewSet(ServiceViewSet):
    """通报/工作提醒/通知公告. Staff draft, edit and `publish` (numbered 第N期 per year); recipients `read`
    them; staff read the `receipts`. The reporting client reads published ones only."""

    serializer_class = serializers.BulletinSerializer
    filterset_class = BulletinFilterSet
    search_fields = ["title"]
    ordering_fields = ["issued_on", "number"]
    authz_actions = {
        "publish": "activities.publish_bulletin",
        "read": "activities.view_bulletin",
        "receipts": "activities.view_bulletinreceipt",
    }

    def get_queryset(self):
        return selectors.bulletins_visible_to(self.request.user).prefetch_related("tasks")

    @staticmethod
    def _orgs(data):
        return [(row["organization"], row.get("mark", "")) for row in data.pop("named_orgs", [])]

    def create_object(self, data):
        orgs = self._orgs(data)
        return services.bulletin_create(actor=self.request.user, orgs=orgs, **data)

    def update_object(self, bulletin, data):
        orgs = self._orgs(data) if "named_orgs" in data else None
        return services.bulletin_update(actor=self.request.user, bulletin=bulletin, orgs=orgs, **data)

    def _respond(self, bulletin):
        bulletin = self.get_queryset().get(pk=bulletin.pk)
        return Response(serializers.BulletinSerializer(bulletin, context=self.get_serializer_context()).data)

    @extend_schema(request=None, responses=serializers.BulletinSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        """发布：通报和工作提醒按年度编第N期；通知各党组织书记并生成阅读回执。"""
        return self._respond(services.bulletin_publish(actor=request.user, bulletin=self.get_object()))

    @extend_schema(request=None, responses=serializers.BulletinSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        """标记本人已读（阅读回执）。"""
        bulletin = self.get_object()
        services.bulletin_mark_read(user=request.user, bulletin=bulletin)
        return self._respond(bulletin)

    @extend_schema(request=None, responses=serializers.BulletinReceiptSerializer(many=True))
    @action(detail=True, methods=["get"])
    def receipts(self, request, pk=None):
        """阅读回执：每位接收人及其阅读时间（分页）。"""
        rows = selectors.bulletin_receipts(self.get_object())
        page = self.paginate_queryset(rows)
        data = serializers.BulletinReceiptSerializer(page, many=True).data
        return self.get_paginated_response(data)


class ReminderTalkViewSet(ServiceViewSet):
    """提醒约谈 with its items (write them as `items` on create). Staff and the org's secretaries read
    them; the reporting client reads `counts` only, never the reasons."""

    serializer_class = serializers.ReminderTalkSerializer
    filterset_class = ReminderTalkFilterSet
    ordering_fields = ["talked_on"]
    authz_actions = {"counts": "activities.count_remindertalk"}

    def get_queryset(self):
        return selectors.reminder_talks_visible_to(self.request.user).prefetch_related(
            Prefetch("rectifications", queryset=Rectification.objects.only("pk", "talk_id"))
        )

    def create_object(self, data):
        items = data.pop("items", [])
        organization = data.pop("organization")
        return services.reminder_talk_create(
            actor=self.request.user, organization=organization, items=items, **data
        )

    def update_object(self, talk, data):
        data.pop("items", None)
        data.pop("organization", None)  # the talk's org is fixed; a wrong one is a new talk
        return services.reminder_talk_update(actor=self.request.user, talk=talk, **data)

    @extend_schema(request=None, responses=serializers.ReminderCountsSerializer)
    @action(detail=False, methods=["get"])
    def counts(self, request):
        """约谈、整改事项、销号、函告的数量（?year=）：报表客户端可读，不含约谈原因。"""
        year = request.query_params.get("year")
        counts = selectors.reminder_counts(request.user, year=int(year) if year and year.isdigit() else None)
        return Response(serializers.ReminderCountsSerializer(counts).data)


class RectificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """整改事项: the secretary `report`s one done (multipart `files` allowed); staff `close` it (销号) or
    `return` it. Items are created with their talk (or by staff on the talk's page)."""

    serializer_class = serializers.RectificationSerializer
    filterset_class = RectificationFilterSet
    ordering_fields = ["deadline"]
    authz_actions = {
        "report": "activities.report_rectification",
        "close": "activities.close_rectification",
        "send_back": "activities.close_rectification",
    }

    def get_queryset(self):
        return selectors.rectifications_visible_to(self.request.user).order_by("deadline", "pk")

    def _respond(self, item, code=status.HTTP_200_OK):
        item = self.get_queryset().get(pk=item.pk)
        return Response(
            serializers.RectificationSerializer(item, context=self.get_serializer_context()).data, status=code
        )

    @extend_schema(
        request=serializers.RectificationReportInput, responses=serializers.RectificationSerializer
    )
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        """书记报告整改完成情况并上传佐证材料。"""
        item = self.get_object()
        data = serializers.RectificationReportInput(data=request.data)
        data.is_valid(raise_exception=True)
        item = services.rectification_report(actor=request.user, rectification=item, **data.validated_data)
        return self._respond(item)

    @extend_schema(
        request=serializers.RectificationVerifyInput, responses=serializers.RectificationSerializer
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """工委核查后销号。"""
        item = self.get_object()
        data = serializers.RectificationVerifyInput(data=request.data)
        data.is_valid(raise_exception=True)
        return self._respond(
            services.rectification_close(actor=request.user, rectification=item, **data.validated_data)
        )

    @extend_schema(
        request=serializers.RectificationVerifyInput, responses=serializers.RectificationSerializer
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def send_back(self, request, pk=None):
        """退回重新整改（写明原因）。"""
        item = self.get_object()
        data = serializers.RectificationVerifyInput(data=request.data)
        data.is_valid(raise_exception=True)
        return self._respond(
            services.rectification_return(actor=request.user, rectification=item, **data.validated_data)
        )


class LetterViewSet(
    mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """函告: a reminder talk escalated to a letter to the unit's party group, with number and date."""

    serializer_class = serializers.LetterSerializer
    filterset_class = LetterFilterSet
    ordering_fields = ["sent_on"]

    def get_queryset(self):
        return selectors.letters_visible_to(self.request.user)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        talk = data.pop("talk")
        if not selectors.reminder_talks_visible_to(self.request.user).filter(pk=talk.pk).exists():
            from rest_framework.exceptions import ValidationError

            raise ValidationError({"talk": [_("找不到该提醒约谈，或您无权查看")]})
        letter = services.letter_create(actor=self.request.user, talk=talk, **data)
        serializer.instance = self.get_queryset().get(pk=letter.pk)
