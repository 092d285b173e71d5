"""志愿服务 pages: the team tree a level at a time, a team, its activities — phone first (学习培训 and
信息报送 are in study.py). The lists share `_list_or_export` (filters, then a page or the Excel file),
the forms `_saved` (write, flash, redirect)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import authz
from accounts.audit import audit_log
from accounts.decorators import permission_required
from accounts.models import Member
from ledger.views.common import paginate, query_without_page, xlsx_response
from partybuild.exceptions import DomainError

from ..forms.brands import (
    ActivityForm,
    TeamForm,
    TeamMembersForm,
)
from ..models import TeamTier, VolunteerTeamMember
from ..selectors import volunteers as selectors
from ..services import brands as services
from .common import show_error

# Teams on a page of the tree, and 分队 on a page of their 支队: each card counts its sub-teams' members
# and hours too (a 支队 has ~10 分队), so a page is fewer cards than a list's 50 rows.
TEAM_PAGE = 30


def _guard(request, obj, permission: str) -> None:
    if not authz.may(request.user, permission, obj):
        raise PermissionDenied(authz.refusal(permission))


def _year(request) -> int | None:
    value = request.GET.get("year", "").strip()
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else None


def _list_or_export(
    request,
    rows,
    *,
    template: str,
    context: dict,
    export: tuple[str, str, Sequence[str], Callable[[object], Sequence]],
    year: int | None,
    page_rows: Callable[[list], Iterable] | None = None,
) -> HttpResponse:
    """A filtered list: with `?export=xlsx` its Excel file (audited as `activities_<kind>`), else a page."""
    kind, title, header, row = export
    if request.GET.get("export") == "xlsx":
        rows = list(rows)
        audit_log(f"export.activities_{kind}", rows=len(rows), detail={"year": year or ""})
        return xlsx_response(
            filename=f"{title}.xlsx", sheet_title=title, header=header, rows=(row(r) for r in rows)
        )
    page = paginate(request, rows)
    if page_rows is not None:
        page.object_list = page_rows(page.object_list)
    params = request.GET.copy()
    params.pop("page", None)
    params["export"] = "xlsx"
    context = {
        "page": page,
        "query": query_without_page(request),
        "export_query": params.urlencode(),
        **context,
    }
    return render(request, template, context)


def _saved(request, form, write: Callable[[dict], object], message, to: Callable[[object], str]):
    """On a valid POST: `write(cleaned_data)`; a refusal is shown on the form, else flash `message` (or
    `message(result)`) and redirect to `to(result)`. None when the page is to be shown (again)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = write(form.cleaned_data)
    except (DomainError, ValidationError) as error:
        show_error(form, error)
        return None
    messages.success(request, message(result) if callable(message) else message)
    return redirect(to(result))


def _form_page(request, template: str, form, heading: str, back: str, **extra) -> HttpResponse:
    return render(request, template, {"form": form, "heading": heading, "back": back, **extra})


# ---------------------------------------------------------------- 志愿服务队


def _team_cards(request, rows) -> Page:
    page = paginate(request, rows, TEAM_PAGE)
    year = timezone.localdate().year
    page.object_list = selectors.with_team_counts(page.object_list, request.user, year=year)
    return page


@permission_required("activities.view_volunteerteam")
def team_tree(request: HttpRequest) -> HttpResponse:
    """The 总队 and, a page at a time, their 支队 with counts (members, 分队, hours, each with its 分队);
    a 支队's 分队 are on their own page. `?q=` finds teams of any tier by name."""
    teams = selectors.teams_in_scope(request.user)
    q = request.GET.get("q", "").strip()[:50]
    if q:
        rows = teams.filter(name__icontains=q).order_by("parent__name", "parent_id", "name", "pk")
    else:
        rows = selectors.top_teams(request.user, teams)
    page = _team_cards(request, rows)
    groups: dict[int | None, dict] = {}
    for team in page.object_list:
        group = groups.setdefault(team.parent_id, {"parent": team.parent, "teams": []})
        group["teams"].append(team)
    this_year = timezone.localdate().year
    corps = [] if q else list(teams.filter(tier=TeamTier.CORPS).order_by("name", "pk")[:TEAM_PAGE])
    for c in corps:
        c.page_teams = groups.pop(c.pk, {"teams": []})["teams"]
    return render(
        request,
        "activities/brands/team_tree.html",
        {
            "page": page,
            "query": query_without_page(request),
            "q": q,
            "corps": selectors.with_team_counts(corps, request.user, year=this_year, totals=False),
            "year": this_year,
            # 支队 of a 总队 the user cannot see (and what a search found) come under their parent's name.
            "groups": list(groups.values()),
            "may_add": authz.may(request.user, "activities.add_volunteerteam"),
        },
    )


@permission_required("activities.view_volunteerteam")
def team_squads(request: HttpRequest, pk: int) -> HttpResponse:
    """A team's visible sub-teams (a 支队's 分队), a page at a time, searchable by name, with counts."""
    team = get_object_or_404(selectors.teams_in_scope(request.user), pk=pk)
    rows = selectors.teams_in_scope(request.user).filter(parent=team).order_by("name", "pk")
    q = request.GET.get("q", "").strip()[:50]
    if q:
        rows = rows.filter(name__icontains=q)
    return render(
        request,
        "activities/brands/team_squads.html",
        {
            "team": team,
            "page": _team_cards(request, rows),
            "query": query_without_page(request),
            "q": q,
            "year": timezone.localdate().year,
        },
    )


@permission_required("activities.add_volunteerteam")
def team_create(request: HttpRequest) -> HttpResponse:
    teams = selectors.teams_in_scope(request.user)
    form = TeamForm(
        request.POST or None, user=request.user, teams=teams, initial={"founded_on": timezone.localdate()}
    )

    def write(data):
        data = dict(data)
        return services.volunteer_team_create(
            actor=request.user, organization=data.pop("organization"), **data
        )

    done = _saved(
        request,
        form,
        write,
        lambda team: _("志愿服务队已组建：%(name)s") % {"name": team.name},
        lambda team: team.get_absolute_url(),
    )
    return done or _form_page(
        request, "activities/brands/team_form.html", form, _("组建志愿服务队"), reverse("brands:team_tree")
    )


@permission_required("activities.view_volunteerteam")
def team_detail(request: HttpRequest, pk: int) -> HttpResponse:
    team = get_object_or_404(selectors.teams_visible_to(request.user), pk=pk)
    memberships = (
        VolunteerTeamMember.objects.filter(team=team).select_related("member").order_by("joined_on", "pk")
    )
    activities = selectors.activities_visible_to(request.user, totals=False).filter(team=team)
    page = paginate(request, activities)
    page.object_list = selectors.with_hour_totals(page.object_list)
    subteams = selectors.teams_in_scope(request.user).filter(parent=team).order_by("name", "pk")
    return render(
        request,
        "activities/brands/team_detail.html",
        {
            "team": team,
            "subteams": subteams[:TEAM_PAGE],
            "subteam_total": subteams.count(),
            "memberships": memberships,
            "page": page,
            "may_change": authz.may(request.user, "activities.change_volunteerteam", team),
            "may_record": authz.may(request.user, "activities.add_volunteeractivity", team),
            "may_edit_activities": authz.may(request.user, "activities.change_volunteeractivity", team),
        },
    )


@permission_required("activities.change_volunteerteam")
def team_members(request: HttpRequest, pk: int) -> HttpResponse:
    team = get_object_or_404(selectors.teams_in_scope(request.user), pk=pk)
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
    done = _saved(
        request,
        form,
        lambda data: services.volunteer_members_add(actor=request.user, team=team, **data),
        lambda added: _("已加入 %(n)s 名队员") % {"n": added},
        lambda _added: team.get_absolute_url(),
    )
    return done or _form_page(
        request,
        "activities/brands/team_members.html",
        form,
        _("加入队员"),
        team.get_absolute_url(),
        team=team,
    )


# ---------------------------------------------------------------- 志愿服务活动

ACTIVITY_FIELDS = ("held_on", "title", "place", "content")


def _activity_form(request, team, initial: dict) -> ActivityForm:
    """Phone first: date, title, then one hours box per team member (blank: did not take part)."""
    team_members = Member.objects.filter(volunteer_teams=team).order_by("name", "pk")
    return ActivityForm(request.POST or None, team_members=team_members, initial=initial)


@permission_required("activities.add_volunteeractivity")
def activity_create(request: HttpRequest, pk: int) -> HttpResponse:
    team = get_object_or_404(selectors.teams_in_scope(request.user), pk=pk)
    _guard(request, team, "activities.add_volunteeractivity")
    form = _activity_form(request, team, {"held_on": timezone.localdate()})

    def write(data):
        fields = {k: data[k] for k in ACTIVITY_FIELDS}
        return services.volunteer_activity_record(actor=request.user, team=team, hours=form.hours(), **fields)

    done = _saved(request, form, write, _("志愿服务活动已登记"), lambda _a: team.get_absolute_url())
    return done or _form_page(
        request,
        "activities/brands/activity_form.html",
        form,
        _("登记志愿服务活动"),
        team.get_absolute_url(),
        team=team,
    )


def _activity(request, pk: int, permission: str):
    activity = get_object_or_404(selectors.activities_visible_to(request.user, totals=False), pk=pk)
    _guard(request, activity, permission)
    return activity


@permission_required("activities.change_volunteeractivity")
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The activity's fields and each participant's hours, as recorded; saved, they replace the old."""
    activity = _activity(request, pk, "activities.change_volunteeractivity")
    team = activity.team
    initial = {k: getattr(activity, k) for k in ACTIVITY_FIELDS}
    initial.update({f"hours_{h.member_id}": h.hours for h in activity.hours.all()})
    form = _activity_form(request, team, initial)

    def write(data):
        fields = {k: data[k] for k in ACTIVITY_FIELDS}
        return services.volunteer_activity_update(
            actor=request.user, activity=activity, hours=form.hours(), **fields
        )

    done = _saved(request, form, write, _("志愿服务活动已保存"), lambda _a: team.get_absolute_url())
    return done or _form_page(
        request,
        "activities/brands/activity_form.html",
        form,
        _("修改志愿服务活动"),
        team.get_absolute_url(),
        team=team,
        activity=activity,
        may_delete=authz.may(request.user, "activities.delete_volunteeractivity", activity),
    )


@require_POST
@permission_required("activities.delete_volunteeractivity")
def activity_delete(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _activity(request, pk, "activities.delete_volunteeractivity")
    team = activity.team
    try:
        services.volunteer_activity_delete(actor=request.user, activity=activity)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("brands:activity_edit", pk=activity.pk)
    messages.success(request, _("志愿服务活动已删除，队员的服务时长随之减少"))
    return redirect(team.get_absolute_url())


@permission_required("activities.view_volunteeractivity")
def activity_list(request: HttpRequest) -> HttpResponse:
    export = request.GET.get("export") == "xlsx"
    # The page reads activities along the (held_on, id) index and totals its own rows; the file, all.
    rows = selectors.activities_visible_to(request.user, totals=export)
    year = _year(request)
    if year:
        rows = rows.filter(held_on__year=year)
    if q := request.GET.get("q", "").strip():
        rows = rows.filter(
            Q(title__icontains=q) | Q(team__name__icontains=q) | Q(team__organization__name__icontains=q)
        )
    header = [_("日期"), _("队伍"), _("党组织"), _("活动名称"), _("参加人数"), _("服务时长（小时）")]
    return _list_or_export(
        request,
        rows,
        template="activities/brands/activity_list.html",
        context={
            "year": year or "",
            "q": q,
            "may_change": authz.may(request.user, "activities.change_volunteeractivity"),
        },
        export=(
            "volunteer_activities",
            _("志愿服务活动"),
            header,
            lambda a: [
                a.held_on,
                a.team.name,
                a.team.organization.name,
                a.title,
                a.participants,
                a.total_hours,
            ],
        ),
        year=year,
        page_rows=lambda activities: _editable(request, selectors.with_hour_totals(activities)),
    )


def _editable(request, activities: list) -> list:
    for activity in activities:
        activity.may_change = authz.may(request.user, "activities.change_volunteeractivity", activity)
    return activities


# ---------------------------------------------------------------- 学习培训
