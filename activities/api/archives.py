"""实绩档案 over REST: `activities/archives/` (CONTRACT.md), one per secretary term, assembled live.

The list is a year's archives (`year`, default this year: the terms in office at any time in it) with
their figures and completeness flags; the detail is one archive. Staff read everything in their scope; a
secretary their own archive only; the reporting client counts and published results — no vetting
findings, no talk reasons, no pledges, no rectification texts.
"""

from __future__ import annotations

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.response import Response

from accounts import authz
from accounts.api.filters import OrgSubtreeFilter
from accounts.models import SecretaryTerm
from activities.models import Grade
from activities.selectors import archive as archives
from partybuild.api.fields import YearFilter

GRADES = dict(Grade.choices)


class ArchiveListSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    role_display = serializers.CharField(source="get_role_display", read_only=True)
    has_talk = serializers.BooleanField(read_only=True)
    talked_on = serializers.DateField(read_only=True)
    has_debrief = serializers.BooleanField(read_only=True, help_text=_("本年度是否已述职"))
    reminder_talks = serializers.IntegerField(source="reminder_talk_count", read_only=True)
    rectifications = serializers.SerializerMethodField()
    bulletins = serializers.SerializerMethodField()
    ledger = serializers.SerializerMethodField()
    flags = serializers.SerializerMethodField()

    class Meta:
        model = SecretaryTerm
        fields = [
            "id",
            "organization",
            "organization_name",
            "person_name",
            "role",
            "role_display",
            "started_on",
            "ended_on",
            "has_talk",
            "talked_on",
            "has_debrief",
            "reminder_talks",
            "rectifications",
            "bulletins",
            "ledger",
            "flags",
        ]
        read_only_fields = fields

    def get_rectifications(self, term) -> dict:
        return {"total": term.items_total, "open": term.items_open, "overdue": term.items_overdue}

    def get_bulletins(self, term) -> dict:
        return {"praise": term.praised, "remind": term.reminded, "criticise": term.criticised}

    def get_ledger(self, term) -> dict:
        rate = archives.completion_rate(term)
        return {"total": term.ledger_total, "accepted": term.ledger_accepted, "completion_rate": rate}

    def get_flags(self, term) -> list[str]:
        present = {
            "no_talk": not term.has_talk,
            "no_debrief": not term.has_debrief,
            "open_items": term.items_open,
        }
        return [flag for flag in archives.FLAGS if present[flag]]


def _date(value) -> str | None:
    return value.isoformat() if value else None


def archive_data(archive: archives.Archive, *, personal: bool) -> dict:
    """One archive as JSON. `personal`: the reader may see pledges and rectification texts (staff and the
    secretary); findings and talk reasons follow the archive's own show_findings / show_reasons."""
    term, vetting, talk = archive.term, archive.vetting, archive.talk
    data = {
        "id": term.pk,
        "organization": term.organization_id,
        "organization_name": term.organization.name,
        "person_name": term.person_name,
        "role": term.role,
        "role_display": str(term.get_role_display()),
        "started_on": _date(term.started_on),
        "ended_on": _date(term.ended_on),
        "approval_document": (vetting.approval_document if vetting else "") or term.approval_document,
        "flags": [flag for flag in archives.FLAGS if archive.flags[flag]],
        "vetting": None,
        "appointment_talk": None,
        "bulletins": [
            {
                "id": named.bulletin_id,
                "issued_on": _date(named.bulletin.issued_on),
                "number": named.bulletin.number,
                "title": named.bulletin.title,
                "mark": named.mark,
                "mark_display": str(named.get_mark_display()),
            }
            for named in archive.bulletins
        ],
        "reminder_talks": [],
        "rectifications": {
            "total": len(archive.rectifications),
            "open": archive.items_open,
            "overdue": archive.items_overdue,
        },
        "debriefs": [
            {
                "id": d.pk,
                "year": d.session.year,
                "held_on": _date(d.session.held_on),
                "kind": d.session.kind,
                "score": None if d.result_score is None else float(d.result_score),
                "rank": d.result_rank,
                "grade": d.result_grade,
                "grade_display": str(GRADES.get(d.result_grade, "")),
            }
            for d in archive.debriefs
        ],
        "ledger": {"years": archive.ledger, "totals": archive.ledger_totals},
    }
    if vetting is not None:
        data["vetting"] = {
            "visited_on": _date(vetting.visited_on),
            "conclusion": vetting.conclusion,
            "conclusion_display": str(vetting.get_conclusion_display()),
            "approval_document": vetting.approval_document,
            "approved_on": _date(vetting.approved_on),
        }
        if archive.show_findings:
            data["vetting"]["findings"] = {
                "morality": vetting.finding_morality,
                "ability": vetting.finding_ability,
                "diligence": vetting.finding_diligence,
                "performance": vetting.finding_performance,
                "integrity": vetting.finding_integrity,
            }
    if talk is not None:
        data["appointment_talk"] = {"talked_on": _date(talk.talked_on)}
        if personal:
            data["appointment_talk"].update(talked_by=talk.talked_by, plan=talk.plan, pledge=talk.pledge)
    for reminder in archive.reminder_talks:
        row = {"talked_on": _date(reminder.talked_on), "items": len(reminder.rectifications.all())}
        if archive.show_reasons:
            row["reason"] = reminder.reason
            row["reason_display"] = str(reminder.get_reason_display())
        if personal:
            row["items"] = [
                {
                    "id": item.pk,
                    "content": item.content,
                    "deadline": _date(item.deadline),
                    "state": item.state,
                    "overdue": not item.is_closed and item.deadline < archive.today,
                }
                for item in reminder.rectifications.all()
            ]
        data["reminder_talks"].append(row)
    return data


class ArchiveFilterSet(django_filters.FilterSet):
    year = YearFilter(method="in_view", label=_("年度（在该年度任职的书记，缺省为今年）"))
    organization = OrgSubtreeFilter(field_name="organization")
    flag = django_filters.ChoiceFilter(
        method="in_view",
        choices=[(f, f) for f in (*archives.FLAGS, "complete")],
        label=_("完整性：no_talk 未任职谈话、no_debrief 本年未述职、open_items 有未销号整改、complete 齐全"),
    )

    class Meta:
        model = SecretaryTerm
        fields = ["year", "organization", "flag"]

    def in_view(self, queryset, name, value):
        return queryset  # applied by the viewset's queryset (the year decides the figures too)


class ArchiveViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """实绩档案: read-only, assembled from the live records at every request."""

    serializer_class = ArchiveListSerializer
    filterset_class = ArchiveFilterSet
    authz_permission = "activities.view_archive"
    search_fields = ["person_name", "organization__name", "organization__short_name"]

    def _year(self) -> int:
        form = ArchiveFilterSet(self.request.query_params).form
        year = form.cleaned_data.get("year") if form.is_valid() else None
        return year or timezone.localdate().year

    def get_queryset(self):
        if self.action == "list":
            params = self.request.query_params
            flag = params.get("flag", "")
            return archives.archives_filtered(self.request.user, year=self._year(), flag=flag)
        return archives.archive_terms_visible_to(self.request.user).select_related(
            "vetting", "appointment_talk"
        )

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def retrieve(self, request, pk=None):
        """一份实绩档案：任职、考察（工委干部另见德能勤绩廉）、任职谈话、通报、提醒约谈与整改、述职结果、台账完成情况。"""
        term = self.get_object()
        archive = archives.archive_build(request.user, term, today=timezone.localdate())
        personal = authz.may(request.user, "activities.export_archive", term)
        return Response(archive_data(archive, personal=personal))
