"""Ledger REST resources. Querysets come from ledger.selectors; every write goes through ledger.services."""

from __future__ import annotations

from django.db.models import Case, F, When
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from ledger import selectors, services
from ledger.models import Item, RecordState
from partybuild.api.viewsets import ServiceViewSet

from . import filters, serializers
from .year import PlanCopyActions


class PlanViewSet(PlanCopyActions, ServiceViewSet):
    """Each year's ledger. Staff archive a year (`archive`) and put it back in progress (`unarchive`)."""

    serializer_class = serializers.PlanSerializer
    filterset_class = filters.PlanFilterSet
    ordering_fields = ["year"]
    authz_actions = {"archive": "ledger.change_plan", "unarchive": "ledger.change_plan"}

    def get_queryset(self):
        return selectors.plans_visible_to(self.request.user)

    @extend_schema(request=None, responses=serializers.PlanSerializer)
    @action(detail=True, methods=["post"])
    def archive(self, request, pk=None):
        """归档：该年度不再进入逾期提醒、逾期列表、首页卡片和“我的任务”，记录只读；仍计入该年度汇总。"""
        plan = services.plan_archive(plan=self.get_object(), by=request.user)
        return Response(serializers.PlanSerializer(plan).data)

    @extend_schema(request=None, responses=serializers.PlanSerializer)
    @action(detail=True, methods=["post"])
    def unarchive(self, request, pk=None):
        """取消归档：恢复为进行中。"""
        plan = services.plan_unarchive(plan=self.get_object(), by=request.user)
        return Response(serializers.PlanSerializer(plan).data)

    def create_object(self, data):
        return services.plan_create(by=self.request.user, **data)

    def update_object(self, plan, data):
        data.pop("year", None)  # the year identifies the plan; a new year is a new plan
        return services.plan_update(plan=plan, by=self.request.user, **data)


class ItemViewSet(ServiceViewSet):
    serializer_class = serializers.ItemSerializer
    filterset_class = filters.ItemFilterSet
    search_fields = ["title"]

    def get_queryset(self):
        plans = selectors.plans_visible_to(self.request.user)
        return Item.objects.filter(plan__in=plans).select_related("plan")

    def create_object(self, data):
        return services.item_create(by=self.request.user, **data)

    def update_object(self, item, data):
        data.pop("plan", None)
        return services.item_update(item=item, by=self.request.user, **data)


class TaskViewSet(ServiceViewSet):
    serializer_class = serializers.TaskSerializer
    filterset_class = filters.TaskFilterSet
    search_fields = ["title", "responsible_text"]
    ordering_fields = ["deadline", "seq"]

    def get_queryset(self):
        # Who owes each task is read as ids for the rows being sent (below), not prefetched as objects:
        # a phrase or a city-wide task names thousands of orgs.
        return (
            selectors.tasks_visible_to(self.request.user)
            .prefetch_related(None)
            .prefetch_related("responsible_groups")
        )

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.request is not None and self.request.user.is_authenticated:
            if not hasattr(self, "_responsible_orgs"):
                self._responsible_orgs = selectors.ResponsibleOrgResolver(self.request.user)
            context["responsible_orgs"] = self._responsible_orgs
        return context

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None and self.request.user.is_authenticated:
            # Who owes the page's tasks, answered for the whole page at once (a few queries, not per task).
            self.get_serializer_context()["responsible_orgs"].prime(page)
        return page

    def create_object(self, data):
        return services.task_create(by=self.request.user, **data)

    def update_object(self, task, data):
        data.pop("item", None)
        task = services.task_update(task=task, by=self.request.user, **data)
        # Read who owes it afresh: the orgs and phrases may just have changed.
        task.__dict__.pop("responsible_org_ids", None)
        task._prefetched_objects_cache = {}
        return task


class AssignmentViewSet(viewsets.ReadOnlyModelViewSet):
    """One task owed by one org for one period, with its computed status. Read-only."""

    serializer_class = serializers.AssignmentSerializer
    filterset_class = filters.AssignmentFilterSet
    search_fields = ["task__title", "organization__name"]
    ordering_fields = ["due_date", "period"]
    # The index assignment_list_order: a page is read along it, however deep.
    ordering = ["period_start", "due_date", "task_id", "organization_id", "id"]

    def get_queryset(self):
        return (
            selectors.assignments_visible_to(self.request.user)
            .annotate(
                submitted_at=F("record__first_submitted_at"),
                accepted_at=Case(When(record__state=RecordState.ACCEPTED, then=F("record__reviewed_at"))),
            )
            .select_related("activity_fill")
            .prefetch_related("activity_fill__activity")
        )


class RecordViewSet(ServiceViewSet):
    """Secretaries submit and edit (multipart with `files` allowed); committee staff review.

    Create and update read a write serializer and answer with the read one, so they are written out.
    """

    authz_actions = {"review": "ledger.review_record", "bulk_review": "ledger.review_record"}
    filterset_class = filters.RecordFilterSet
    search_fields = ["content", "assignment__task__title", "organization__name"]
    ordering_fields = ["submitted_at", "done_on"]

    def get_queryset(self):
        return selectors.records_visible_to(self.request.user)

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return serializers.RecordWriteSerializer
        return serializers.RecordSerializer

    def _respond(self, record, code=status.HTTP_200_OK):
        record = self.get_queryset().get(pk=record.pk)
        return Response(
            serializers.RecordSerializer(record, context=self.get_serializer_context()).data, status=code
        )

    @extend_schema(request=serializers.RecordWriteSerializer, responses=serializers.RecordSerializer)
    def create(self, request, *args, **kwargs):
        data = self._validated(request.data)
        if "assignment" not in data:
            return Response({"assignment": ["请选择要提交记录的任务分解（assignment）"]}, status=400)
        record = services.record_submit(
            assignment=data["assignment"],
            user=request.user,
            content=data["content"],
            done_on=data["done_on"],
            participants=data.get("participants"),
            files=data["files"],
        )
        return self._respond(record, status.HTTP_201_CREATED)

    @extend_schema(request=serializers.RecordWriteSerializer, responses=serializers.RecordSerializer)
    def update(self, request, *args, **kwargs):
        record = self.get_object()
        partial = kwargs.get("partial", False)
        data = self._validated(request.data, partial=partial)
        record = services.record_update(
            record=record,
            user=request.user,
            content=data.get("content", record.content),
            done_on=data.get("done_on", record.done_on),
            participants=data.get("participants", record.participants),
            files=data.get("files", []),
            remove_attachment_ids=data.get("remove_attachment_ids", []),
        )
        return self._respond(record)

    def _validated(self, payload, partial=False) -> dict:
        serializer = serializers.RecordWriteSerializer(
            data=payload, partial=partial, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    @extend_schema(request=serializers.ReviewSerializer, responses=serializers.RecordSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        record = self.get_object()
        data = serializers.ReviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        record = services.record_review(record=record, user=request.user, **data.validated_data)
        return self._respond(record)

    @extend_schema(request=serializers.BulkReviewSerializer, responses=serializers.BulkReviewResultSerializer)
    @action(detail=False, methods=["post"], url_path="bulk-review")
    def bulk_review(self, request):
        data = serializers.BulkReviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        count = services.records_review_bulk(
            record_ids=data.validated_data["ids"],
            user=request.user,
            accept=data.validated_data["accept"],
            comment=data.validated_data["comment"],
        )
        return Response({"reviewed": count})


class SummaryView(APIView):
    """Rollup of assignment states per item, org or period (`by`), for a year or one period of it.

    Read from the rollup table the record services keep in step. Each response carries `ETag` and
    `Last-Modified`; a request with `If-None-Match` (or `If-Modified-Since`) gets 304 Not Modified
    while nothing it covers has changed — a dashboard polling every few seconds costs one small query.
    """

    authz_permission = "ledger.view_summary"

    @extend_schema(
        parameters=[serializers.SummaryQuerySerializer],
        responses={
            200: serializers.SummarySerializer,
            304: OpenApiResponse(description="未变化（ETag 相同）"),
        },
    )
    def get(self, request):
        query = serializers.SummaryQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        scope = {"year": params["year"], "period": params["period"] or None, "by": params["by"]}
        if params["by"] == "org":
            root = selectors.summary_root(request.user, params["under"])
            if root is None and params["under"] is not None:
                raise ValidationError({"under": [_("党组织不存在或不在您的查看范围内，请检查 under")]})
            scope["under"] = root.pk if root is not None else None
        etag, last_modified = selectors.rollup_fingerprint(request.user, **scope)
        etag = f'"{etag}"'
        not_modified = get_conditional_response(
            request._request, etag=etag, last_modified=int(last_modified.timestamp())
        )
        if not_modified is not None:
            response = Response(status=not_modified.status_code)
        else:
            rows = selectors.rollup(request.user, **scope)
            response = Response(serializers.SummarySerializer({"under": None, **scope, "results": rows}).data)
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified.timestamp())
        response["Cache-Control"] = "private, no-cache"
        return response


class ClosureViewSet(viewsets.ReadOnlyModelViewSet):
    """Closed (and reopened) quarters; committee staff close and reopen."""

    serializer_class = serializers.ClosureSerializer
    lookup_field = "period"
    authz_actions = {"close": "ledger.close_period", "reopen": "ledger.close_period"}

    def get_queryset(self):
        return selectors.closures_visible_to(self.request.user)

    @extend_schema(request=serializers.CloseSerializer, responses=serializers.ClosureSerializer)
    @action(detail=False, methods=["post"])
    def close(self, request):
        data = serializers.CloseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        closure = services.period_close(period=data.validated_data["period"], user=request.user)
        return Response(serializers.ClosureSerializer(closure).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=serializers.ReopenSerializer, responses=serializers.ClosureSerializer)
    @action(detail=False, methods=["post"])
    def reopen(self, request):
        data = serializers.ReopenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        closure = services.period_reopen(user=request.user, **data.validated_data)
        return Response(serializers.ClosureSerializer(closure).data)
