"""志愿服务 (team tree, a team, its activity form — phone first), 学习培训 and 信息报送 pages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import authz
from accounts.audit import audit_log
from accounts.decorators import permission_required
from accounts.models import Member
from ledger.views.common import paginate, query_without_page, xlsx_response
from partybuild.exceptions import DomainError

from ..forms.brands import (
    ActivityForm,
    AdoptionForm,
    InfoFilterForm,
    InfoPieceForm,
    TeamForm,
    TeamMembersForm,
    TrainingForm,
)
from ..models import TrainingKind, VolunteerTeamMember
from ..selectors import brands as brand_selectors
from ..selectors import volunteers as selectors
from ..services import brands as services
from .common import show_error


def _guard(request, obj, permission: str) -> None:
    if not authz.may(request.user, permission, obj):
        raise PermissionDenied(authz.refusal(permission))


def _export_query(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    params["export"] = "xlsx"
    return params.urlencode()


def _year(request) -> int | None:
    value = request.GET.get("year", "").strip()
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else None


# ---------------------------------------------------------------- 志愿服务队


@permission_required("activities.view_volunteerteam")
def team_tree(request: HttpRequest) -> HttpResponse:
    teams = selectors.team_tree(selectors.teams_visible_to(request.user))
    return render(
        request,
        "activities/brands/team_tree.html",
        {"teams": teams, "may_add": authz.may(request.user, "activities.add_volunteerteam")},
    )


@permission_required("activities.add_volunteerteam")
def team_create(request: HttpRequest) -> HttpResponse:
    teams = selectors.teams_visible_to(request.user)
    form = TeamForm(
        request.POST or None, user=request.user, teams=teams, initial={"founded_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            team = services.volunteer_team_create(
                actor=request.user, organization=data.pop("organization"), **data
            )
        except (DomainError, ValidationError) as error:
            show_error(form, error)
        else:
            messages.success(request, _("志愿服务队已组建：%(name)s") % {"name": team.name})
            return redirect("brands:team_detail", pk=team.pk)
    return render(
        request,
        "activities/brands/team_form.html",
        {"form": form, "heading": _("组建志愿服务队"), "back": reverse("brands:team_tree")},
    )


@permission_required("activities.view_volunteerteam")
def team_detail(request: HttpRequest, pk: int) -> HttpResponse:
    team = get_object_or_404(selectors.teams_visible_to(request.user), pk=pk)
    memberships = (
        VolunteerTeamMember.objects.filter(team=team).select_related("member").order_by("joined_on", "pk")
    )
    activities = selectors.activities_visible_to(request.user).filter(team=team).order_by("-held_on", "-pk")
    page = paginate(request, activities)
    return render(
        request,
        "activities/brands/team_detail.html",
        {
            "team": team,
            "subteams": selectors.teams_visible_to(request.user).filter(parent=team).order_by("name"),
            "memberships": memberships,
            "page": page,
            "may_change": authz.may(request.user, "activities.change_volunteerteam", team),
            "may_record": authz.may(request.user, "activities.add_volunteeractivity", team),
        },
    )


@permission_required("activities.change_volunteerteam")
def team_members(request: HttpRequest, pk: int) -> HttpResponse:
    team = get_object_or_404(selectors.teams_visible_to(request.user), pk=pk)
    _guard(request, team, "activities.change_volunteerteam")
    on_team = VolunteerTeamMember.objects.filter(team=team).values("member_id")
    candidates = (
        Member.objects.filter(organization__path__startswith=team.organization.path)
        .filter(authz.write_scope(request.user).q())
        .exclude(pk__in=on_team)
        .select_related("organization")
        .order_by("organization__path", "name")
    )
    form = TeamMembersForm(
        request.POST or None, candidates=candidates, initial={"joined_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            added = services.volunteer_members_add(actor=request.user, team=team, **form.cleaned_data)
        except (DomainError, ValidationError) as error:
            show_error(form, error)
        else:
            messages.success(request, _("已加入 %(n)s 名队员") % {"n": added})
            return redirect("brands:team_detail", pk=team.pk)
    return render(
        request,
        "activities/brands/team_members.html",
        {"form": form, "team": team, "heading": _("加入队员"), "back": team.get_absolute_url()},
    )


@permission_required("activities.add_volunteeractivity")
def activity_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Phone first: date, title, then one hours box per team member (blank: did not take part)."""
    team = get_object_or_404(selectors.teams_visible_to(request.user), pk=pk)
    _guard(request, team, "activities.add_volunteeractivity")
    team_members = Member.objects.filter(volunteer_teams=team).order_by("name", "pk")
    form = ActivityForm(
        request.POST or None, team_members=team_members, initial={"held_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        fields = {k: form.cleaned_data[k] for k in ("held_on", "title", "place", "content")}
        try:
            services.volunteer_activity_record(actor=request.user, team=team, hours=form.hours(), **fields)
        except (DomainError, ValidationError) as error:
            show_error(form, error)
        else:
            messages.success(request, _("志愿服务活动已登记"))
            return redirect("brands:team_detail", pk=team.pk)
    return render(
        request,
        "activities/brands/activity_form.html",
        {"form": form, "team": team, "heading": _("登记志愿服务活动"), "back": team.get_absolute_url()},
    )


@permission_required("activities.view_volunteeractivity")
def activity_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.activities_visible_to(request.user).order_by("-held_on", "-pk")
    year = _year(request)
    if year:
        rows = rows.filter(held_on__year=year)
    if q := request.GET.get("q", "").strip():
        rows = rows.filter(
            Q(title__icontains=q) | Q(team__name__icontains=q) | Q(team__organization__name__icontains=q)
        )
    if request.GET.get("export") == "xlsx":
        rows = list(rows)
        audit_log("export.activities_volunteer_activities", rows=len(rows), detail={"year": year or ""})
        return xlsx_response(
            filename=_("志愿服务活动.xlsx"),
            sheet_title=_("志愿服务活动"),
            header=[_("日期"), _("队伍"), _("党组织"), _("活动名称"), _("参加人数"), _("服务时长（小时）")],
            rows=(
                [a.held_on, a.team.name, a.team.organization.name, a.title, a.participants, a.total_hours]
                for a in rows
            ),
        )
    return render(
        request,
        "activities/brands/activity_list.html",
        {
            "page": paginate(request, rows),
            "query": query_without_page(request),
            "export_query": _export_query(request),
            "year": year or "",
            "q": q,
        },
    )


# ---------------------------------------------------------------- 学习培训


@permission_required("activities.view_training")
def training_list(request: HttpRequest) -> HttpResponse:
    rows = brand_selectors.trainings_visible_to(request.user).order_by("-starts_on", "-pk")
    year = _year(request)
    if year:
        rows = rows.filter(starts_on__year=year)
    kind = request.GET.get("kind", "")
    if kind in TrainingKind.values:
        rows = rows.filter(kind=kind)
    if q := request.GET.get("q", "").strip():
        rows = rows.filter(Q(title__icontains=q) | Q(organization__name__icontains=q))
    if request.GET.get("export") == "xlsx":
        rows = list(rows)
        audit_log("export.activities_trainings", rows=len(rows), detail={"year": year or ""})
        return xlsx_response(
            filename=_("学习培训.xlsx"),
            sheet_title=_("学习培训"),
            header=[_("开始日期"), _("结束日期"), _("类型"), _("名称"), _("党组织"), _("参加人次")],
            rows=(
                [
                    t.starts_on,
                    t.ends_on or "",
                    t.get_kind_display(),
                    t.title,
                    t.organization.name if t.organization_id else _("工委统一组织"),
                    t.attendance,
                ]
                for t in rows
            ),
        )
    return render(
        request,
        "activities/brands/training_list.html",
        {
            "page": paginate(request, rows),
            "query": query_without_page(request),
            "export_query": _export_query(request),
            "year": year or "",
            "kind": kind,
            "kinds": TrainingKind.choices,
            "q": q,
            "may_add": authz.may(request.user, "activities.add_training"),
        },
    )


def _roster(user):
    return (
        Member.objects.filter(authz.write_scope(user).q())
        .select_related("organization")
        .order_by("organization__path", "name")
    )


TRAINING_FIELDS = ("kind", "title", "starts_on", "ends_on", "place", "content", "attendance")


@permission_required("activities.add_training")
def training_create(request: HttpRequest) -> HttpResponse:
    org = request.GET.get("organization", "")
    # The roster: the org in ?organization=, else a secretary's own; staff pick an org first.
    if org.isdigit():
        roster = _roster(request.user).filter(organization_id=org)
    elif authz.staff_scope(request.user).everything:
        roster = Member.objects.none()
    else:
        roster = _roster(request.user)
    form = TrainingForm(
        request.POST or None,
        user=request.user,
        roster=_roster(request.user) if request.method == "POST" else roster,
        initial={"starts_on": timezone.localdate(), "organization": org or None},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.training_record(
                actor=request.user,
                organization=data["organization"],
                attendees=data["attendees"],
                **{k: data[k] for k in TRAINING_FIELDS},
            )
        except (DomainError, ValidationError) as error:
            show_error(form, error)
        else:
            messages.success(request, _("学习培训已登记"))
            return redirect("brands:training_list")
    return render(
        request,
        "activities/brands/training_form.html",
        {"form": form, "heading": _("登记学习培训"), "back": reverse("brands:training_list")},
    )


@permission_required("activities.change_training")
def training_edit(request: HttpRequest, pk: int) -> HttpResponse:
    training = get_object_or_404(brand_selectors.trainings_visible_to(request.user), pk=pk)
    _guard(request, training, "activities.change_training")
    roster = _roster(request.user)
    if training.organization_id:
        roster = roster.filter(organization__path__startswith=training.organization.path)
    initial = {k: getattr(training, k) for k in TRAINING_FIELDS}
    initial["organization"] = training.organization_id
    initial["attendees"] = list(training.attendees.values_list("pk", flat=True))
    form = TrainingForm(request.POST or None, user=request.user, roster=roster, initial=initial)
    form.fields["organization"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.training_update(
                actor=request.user,
                training=training,
                attendees=data["attendees"],
                **{k: data[k] for k in TRAINING_FIELDS},
            )
        except (DomainError, ValidationError) as error:
            show_error(form, error)
        else:
            messages.success(request, _("学习培训已保存"))
            return redirect("brands:training_list")
    return render(
        request,
        "activities/brands/training_form.html",
        {"form": form, "heading": _("修改学习培训"), "back": reverse("brands:training_list")},
    )


# ---------------------------------------------------------------- 信息报送


@permission_required("activities.view_infopiece")
def info_list(request: HttpRequest) -> HttpResponse:
    form = InfoFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = brand_selectors.info_pieces_visible_to(request.user).order_by("-sent_on", "-pk")
    if filters.get("year"):
        rows = rows.filter(sent_on__year=filters["year"])
    if filters.get("adopted"):
        rows = rows.filter(adopted=filters["adopted"] == "yes")
    if q := (filters.get("q") or "").strip():
        rows = rows.filter(
            Q(title__icontains=q) | Q(organization__name__icontains=q) | Q(adopted_by__icontains=q)
        )
    if request.GET.get("export") == "xlsx":
        rows = list(rows)
        audit_log("export.activities_info_pieces", rows=len(rows), detail={"year": filters.get("year") or ""})
        return xlsx_response(
            filename=_("信息报送.xlsx"),
            sheet_title=_("信息报送"),
            header=[
                _("报送日期"),
                _("党组织"),
                _("标题"),
                _("报送渠道"),
                _("采用"),
                _("采用单位或刊物"),
                _("采用日期"),
            ],
            rows=(
                [
                    p.sent_on,
                    p.organization.name,
                    p.title,
                    p.get_channel_display(),
                    _("是") if p.adopted else _("否"),
                    p.adopted_by,
                    p.adopted_on or "",
                ]
                for p in rows
            ),
        )
    return render(
        request,
        "activities/brands/info_list.html",
        {
            "form": form,
            "page": paginate(request, rows),
            "query": query_without_page(request),
            "export_query": _export_query(request),
            "may_add": authz.may(request.user, "activities.add_infopiece"),
        },
    )


@permission_required("activities.add_infopiece")
def info_create(request: HttpRequest) -> HttpResponse:
    form = InfoPieceForm(request.POST or None, user=request.user, initial={"sent_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.info_piece_send(actor=request.user, organization=data.pop("organization"), **data)
        except (DomainError, ValidationError) as error:
            show_error(form, error)
        else:
            messages.success(request, _("报送信息已登记"))
            return redirect("brands:info_list")
    return render(
        request,
        "activities/brands/info_form.html",
        {"form": form, "heading": _("登记报送信息"), "back": reverse("brands:info_list")},
    )


@permission_required("activities.change_infopiece")
def info_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The piece (its org's secretary, staff) and, for staff, whether and where it was adopted."""
    piece = get_object_or_404(brand_selectors.info_pieces_visible_to(request.user), pk=pk)
    _guard(request, piece, "activities.change_infopiece")
    may_adopt = authz.may(request.user, "activities.adopt_infopiece", piece)
    data = request.POST or None
    form = InfoPieceForm(
        data,
        user=request.user,
        editing=True,
        initial={"title": piece.title, "sent_on": piece.sent_on, "channel": piece.channel},
    )
    adoption = (
        AdoptionForm(
            data,
            prefix="adopt",
            initial={
                "adopted": piece.adopted,
                "adopted_by": piece.adopted_by,
                "adopted_on": piece.adopted_on,
            },
        )
        if may_adopt
        else None
    )
    if request.method == "POST" and form.is_valid() and (adoption is None or adoption.is_valid()):
        try:
            services.info_piece_update(actor=request.user, piece=piece, **form.cleaned_data)
            if adoption is not None:
                services.info_piece_adopt(actor=request.user, piece=piece, **adoption.cleaned_data)
        except (DomainError, ValidationError) as error:
            show_error(adoption if adoption is not None else form, error)
        else:
            messages.success(request, _("报送信息已保存"))
            return redirect("brands:info_list")
    return render(
        request,
        "activities/brands/info_form.html",
        {
            "form": form,
            "adoption": adoption,
            "piece": piece,
            "heading": _("修改报送信息"),
            "back": reverse("brands:info_list"),
        },
    )
