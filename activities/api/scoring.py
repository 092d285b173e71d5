"""述职评议 and live scoring over REST: debrief-sessions/, debriefs/, scores/ (CONTRACT.md).

Scores: an invited reviewer posts their own (posting again for the same subject updates it: 200, not a
second row); staff read every score; a reviewer reads their own; the reporting client reads the scores
and results of closed rounds, without who gave them.
"""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts import authz
from accounts.api.filters import OrgSubtreeFilter
from accounts.models import Organization, SecretaryTerm
from activities import services
from activities.models import (
    Debrief,
    DebriefKind,
    DebriefSession,
    Grade,
    RoundState,
    Score,
    ScoringReviewer,
    ScoringSubject,
    ScoringTemplate,
)
from activities.selectors import scoring as selectors
from partybuild.api.fields import IdFilter, YearFilter
from partybuild.api.viewsets import ServiceViewSet

GRADES = dict(Grade.choices)


# --- serializers -------------------------------------------------------------------------------------


class DebriefSessionSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    state = serializers.CharField(source="round.state", read_only=True, default=None)
    rater_kind = serializers.CharField(source="round.rater_kind", read_only=True, default=None)
    round = serializers.IntegerField(source="round_id", read_only=True)
    closed_at = serializers.DateTimeField(
        source="round.closed_at", read_only=True, allow_null=True, default=None
    )
    debrief_count = serializers.IntegerField(read_only=True)
    template = serializers.PrimaryKeyRelatedField(
        queryset=ScoringTemplate.objects.filter(is_active=True),
        write_only=True,
        required=False,
        help_text=_("评分模板 id（缺省为第一个启用的模板）"),
    )

    class Meta:
        model = DebriefSession
        fields = [
            "id",
            "year",
            "held_on",
            "kind",
            "kind_display",
            "title",
            "venue",
            "round",
            "state",
            "rater_kind",
            "closed_at",
            "debrief_count",
            "template",
        ]


class DebriefResultSerializer(serializers.ModelSerializer):
    """What the reporting client reads: who debriefed where, and the published result."""

    year = serializers.IntegerField(source="session.year", read_only=True)
    held_on = serializers.DateField(source="session.held_on", read_only=True)
    kind = serializers.CharField(source="session.kind", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    score = serializers.DecimalField(
        source="result_score", max_digits=7, decimal_places=2, read_only=True, coerce_to_string=False
    )
    rank = serializers.IntegerField(source="result_rank", read_only=True)
    grade = serializers.CharField(source="result_grade", read_only=True)
    grade_display = serializers.SerializerMethodField()

    class Meta:
        model = Debrief
        fields = [
            "id",
            "session",
            "year",
            "held_on",
            "kind",
            "organization",
            "organization_name",
            "person_name",
            "term",
            "seq",
            "score",
            "rank",
            "grade",
            "grade_display",
        ]
        read_only_fields = fields

    def get_grade_display(self, debrief) -> str:
        return str(GRADES.get(debrief.result_grade, ""))


class DebriefSerializer(DebriefResultSerializer):
    """Staff and the org's secretaries: the report and the committee head's comment too."""

    session = serializers.PrimaryKeyRelatedField(queryset=DebriefSession.objects.all())
    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())
    term = serializers.PrimaryKeyRelatedField(
        queryset=SecretaryTerm.objects.all(), required=False, allow_null=True
    )
    has_report_file = serializers.SerializerMethodField()

    class Meta(DebriefResultSerializer.Meta):
        fields = [*DebriefResultSerializer.Meta.fields, "report_text", "has_report_file", "head_comment"]
        read_only_fields = [
            "year",
            "held_on",
            "kind",
            "organization_name",
            "score",
            "rank",
            "grade",
            "grade_display",
            "has_report_file",
        ]
        extra_kwargs = {"person_name": {"required": False}}

    def get_has_report_file(self, debrief) -> bool:
        return bool(debrief.report_file)


class ScoreSerializer(serializers.ModelSerializer):
    subject_label = serializers.CharField(source="subject.label", read_only=True)
    reviewer = serializers.SerializerMethodField()
    seat = serializers.IntegerField(source="seat.number", read_only=True, default=None)
    points = serializers.DictField(
        child=serializers.IntegerField(), help_text=_("各评分项目的得分：{评分项目 id: 分数}")
    )
    total = serializers.DecimalField(max_digits=7, decimal_places=2, read_only=True, coerce_to_string=False)
    subject = serializers.PrimaryKeyRelatedField(queryset=ScoringSubject.objects.none())

    class Meta:
        model = Score
        fields = [
            "id",
            "round",
            "subject",
            "subject_label",
            "reviewer",
            "seat",
            "points",
            "total",
            "updated_at",
        ]
        read_only_fields = ["round", "updated_at"]

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            # The subjects of the open rounds this user was invited to: anything else is "not found".
            invited = ScoringReviewer.objects.filter(round_id=OuterRef("round_id"), user_id=request.user.pk)
            fields["subject"].queryset = ScoringSubject.objects.filter(
                Exists(invited), round__state=RoundState.OPEN
            ).select_related("round")
        return fields

    def get_reviewer(self, score) -> int | None:
        """The reviewer's user id, for staff; nobody else learns who gave a score."""
        request = self.context.get("request")
        if request is not None and authz.may(request.user, "activities.change_scoringround"):
            return score.reviewer.user_id if score.reviewer_id else None
        return None


# --- filters -----------------------------------------------------------------------------------------


class DebriefSessionFilterSet(django_filters.FilterSet):
    year = YearFilter(label=_("年度"))
    kind = django_filters.ChoiceFilter(choices=DebriefKind.choices, label=_("类型"))
    state = django_filters.ChoiceFilter(
        field_name="round__state", choices=RoundState.choices, label=_("状态")
    )

    class Meta:
        model = DebriefSession
        fields = ["year", "kind", "state"]


class DebriefFilterSet(django_filters.FilterSet):
    year = YearFilter(field_name="session__year", label=_("年度"))
    kind = django_filters.ChoiceFilter(
        field_name="session__kind", choices=DebriefKind.choices, label=_("类型")
    )
    session = IdFilter(field_name="session_id", label=_("述职评议会 id"))
    organization = OrgSubtreeFilter(field_name="organization")

    class Meta:
        model = Debrief
        fields = ["year", "kind", "session", "organization"]


class ScoreFilterSet(django_filters.FilterSet):
    round = IdFilter(field_name="round_id", label=_("评分轮次 id"))
    subject = IdFilter(field_name="subject_id", label=_("评分对象 id"))
    session = IdFilter(field_name="round__debrief_session", label=_("述职评议会 id"))
    year = YearFilter(field_name="round__debrief_session__year", label=_("年度（述职评议会）"))

    class Meta:
        model = Score
        fields = ["round", "subject", "session", "year"]


# --- viewsets ----------------------------------------------------------------------------------------


class DebriefSessionViewSet(ServiceViewSet):
    """述职评议会: staff create and close; invited reviewers read theirs; reporting reads closed ones."""

    serializer_class = DebriefSessionSerializer
    filterset_class = DebriefSessionFilterSet
    ordering_fields = ["held_on", "year"]
    authz_actions = {"close": "activities.close_scoringround"}

    def get_queryset(self):
        return selectors.debrief_sessions_visible_to(self.request.user)

    def create_object(self, data):
        template = data.pop("template", None) or selectors.templates_in_use().first()
        return services.debrief_session_create(actor=self.request.user, template=template, **data)

    def update_object(self, session, data):
        data.pop("kind", None)  # the kind decides how raters score: fixed once the session exists
        data.pop("template", None)
        return services.debrief_session_update(actor=self.request.user, session=session, **data)

    @extend_schema(request=None, responses=DebriefSessionSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """结束评分：计算每位书记的得分（5 人及以上去掉一个最高分和一个最低分后取平均）、
        名次和等次，此后不能再评分。"""
        session = self.get_object()
        services.round_close(actor=request.user, round=session.round)
        return Response(DebriefSessionSerializer(self.get_queryset().get(pk=session.pk)).data)


class DebriefViewSet(ServiceViewSet):
    """书记述职: staff add and edit; the org's secretaries read; reporting reads closed sessions' results."""

    filterset_class = DebriefFilterSet
    search_fields = ["person_name", "organization__name"]
    ordering_fields = ["seq"]

    def get_queryset(self):
        return selectors.debriefs_visible_to(self.request.user)

    def get_serializer_class(self):
        if authz.may(self.request.user, "activities.view_debriefreport"):
            return DebriefSerializer
        return DebriefResultSerializer

    def create_object(self, data):
        return services.debrief_add(actor=self.request.user, **data)

    def update_object(self, debrief, data):
        fields = {k: v for k, v in data.items() if k in ("report_text", "head_comment", "seq")}
        return services.debrief_update(actor=self.request.user, debrief=debrief, **fields)


class ScoreViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """现场评分: POST {subject, points} records the caller's own score (again: updates it, 200)."""

    serializer_class = ScoreSerializer
    filterset_class = ScoreFilterSet
    ordering_fields = ["updated_at"]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return selectors.scores_visible_to(self.request.user)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        subject = serializer.validated_data["subject"]
        score, created = services.score_submit(
            round=subject.round,
            subject=subject,
            points=serializer.validated_data["points"],
            actor=request.user,
        )
        data = self.get_serializer(self.get_queryset().get(pk=score.pk)).data
        return Response(data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)
