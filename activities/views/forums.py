"""Portal pages of 主题讲坛 (list, register, detail, edit, the org × quarter grid) and of the selections
(list, detail, nominate, move on by stage, open a scoring round on the shared scoring pages).
Thin: forms check, services write, selectors read (already scoped)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import authz
from accounts.decorators import permission_required
from accounts.exports.services import export_respond
from accounts.models import Organization
from ledger.views.common import (
    DrillDown,
    add_domain_error,
    paginate,
    query_without_page,
    xlsx_response,
)
from ledger.views.fills import redirect_after_save
from partybuild.exceptions import DomainError

from ..export_kinds import FORUM_GRID
from ..forms.days import GridFilterForm
from ..forms.forums import (
    ForumFilterForm,
    ForumForm,
    NominateForm,
    OrgPickForm,
    PromoteForm,
    PromoteTopForm,
    RoundOpenForm,
    SelectionForm,
)
from ..models import Candidate, CandidateStage, Forum, ForumOrg, SelectionRound
from ..selectors import forums as selectors
from ..selectors import selections as selection_selectors
from ..selectors.scoring import templates_in_use
from ..services import forums as services
from ..services import selections as selection_services
from ..services.forums import join_names


def _add_error(form, error: DomainError | ValidationError) -> None:
    if isinstance(error, DomainError):
        add_domain_error(form, error)
        return
    for field, messages_ in getattr(error, "message_dict", {None: error.messages}).items():
        for message in messages_:
            form.add_error(field if field in form.fields else None, message)


def _need(request: HttpRequest, permission: str, obj=None) -> None:
    if not authz.may(request.user, permission, obj):
        raise PermissionDenied(authz.refusal(permission))


def _quarter_label(year: int, quarter: int) -> str:
    return _("%(year)s年第%(q)s季度") % {"year": year, "q": quarter}


# --------------------------------------------------------------------------------------------- forums


@permission_required("activities.view_forum")
def forum_list(request: HttpRequest) -> HttpResponse:
    form = ForumFilterForm(request.GET or None)
    rows = selectors.forums_visible_to(request.user)
    if form.is_valid():
        data = form.cleaned_data
        if data["year"]:
            rows = rows.filter(held_on__year=data["year"])
            if data["quarter"]:
                rows = rows.filter(held_on__quarter=data["quarter"])
        if data["q"]:
            text = data["q"].strip()
            rows = rows.filter(Q(topic__icontains=text) | Q(speaker_names__icontains=text))
    # An assessment's 主题讲坛 ratio: the forums held in the dates by the org (alone or jointly).
    drill = DrillDown.of(request)
    rows = drill.apply(
        rows,
        day="held_on",
        organization=lambda org_id: Exists(
            ForumOrg.objects.filter(forum=OuterRef("pk"), organization_id=org_id)
        ),
    )
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            filename="主题讲坛.xlsx",
            sheet_title="主题讲坛",
            header=["日期", "党组织", "主讲人", "题目", "参加人数", "地点"],
            rows=(
                [
                    f.held_on.isoformat(),
                    "、".join(o.name for o in f.organizations.all()),
                    f.speaker_names,
                    f.topic,
                    f.attendance,
                    f.venue,
                ]
                for f in rows.prefetch_related("organizations")[:20000]
            ),
        )
    page = paginate(request, rows.prefetch_related("organizations"))
    params = request.GET.copy()
    params["export"] = "xlsx"
    return render(
        request,
        "activities/forums/forum_list.html",
        {
            "form": form,
            "page": page,
            "query": query_without_page(request),
            "export_query": params.urlencode(),
            "drill": drill.context(request, day_label=_("举办日期")),
            "may_add": authz.may(request.user, "activities.add_forum"),
        },
    )


def _org_for_form(request: HttpRequest) -> Organization | None:
    """The org a new forum is for: ?org= (in the user's write scope), or their one org."""
    orgs = Organization.objects.filter(authz.write_scope(request.user).q(""), is_active=True)
    raw = request.GET.get("org") or request.POST.get("org")
    if raw and raw.isdigit():
        return orgs.filter(pk=int(raw)).first()
    own = authz.secretary_org_ids(request.user)
    if len(own) == 1:
        return orgs.filter(pk=next(iter(own))).first()
    return None


@permission_required("activities.add_forum")
def forum_create(request: HttpRequest) -> HttpResponse:
    org = _org_for_form(request)
    if org is None:
        pick = OrgPickForm(request.GET or None, user=request.user)
        return render(request, "activities/forums/forum_form.html", {"pick": pick, "forum": None})
    _need(request, "activities.add_forum", org)
    form = ForumForm(
        request.POST or None,
        user=request.user,
        organization=org,
        initial={"held_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            forum = services.forum_create(actor=request.user, organization=org, **form.cleaned_data)
        except (DomainError, ValidationError) as error:
            _add_error(form, error)
        else:
            return redirect_after_save(request, forum, _("主题讲坛已登记"))
    status = 400 if request.method == "POST" else 200
    return render(
        request, "activities/forums/forum_form.html", {"form": form, "org": org, "forum": None}, status=status
    )


def _forum(request: HttpRequest, pk: int) -> Forum:
    return get_object_or_404(selectors.forums_visible_to(request.user), pk=pk)


@permission_required("activities.view_forum")
def forum_detail(request: HttpRequest, pk: int) -> HttpResponse:
    forum = _forum(request, pk)
    _need(request, "activities.view_forum", forum)
    context = {
        "forum": forum,
        "orgs": list(forum.organizations.order_by("path")),
        "speakers": list(forum.speakers.select_related("organization")),
        "attendees": list(forum.attendees.select_related("organization")),
        "quarter": _quarter_label(forum.held_on.year, forum.quarter),
        "may_edit": authz.may(request.user, "activities.change_forum", forum),
    }
    return render(request, "activities/forums/forum_detail.html", context)


@permission_required("activities.change_forum")
def forum_edit(request: HttpRequest, pk: int) -> HttpResponse:
    forum = _forum(request, pk)
    _need(request, "activities.change_forum", forum)
    speakers = list(forum.speakers.all())
    picked = {m.name for m in speakers}
    initial = {
        "held_on": forum.held_on,
        "topic": forum.topic,
        "speakers": speakers,
        "speaker_names": join_names(n for n in forum.speaker_names.split("、") if n not in picked),
        "attendance": forum.attendance,
        "attendees": list(forum.attendees.all()),
        "co_organizations": list(forum.organizations.exclude(pk=forum.organization_id)),
        "venue": forum.venue,
        "content": forum.content,
    }
    form = ForumForm(
        request.POST or None, user=request.user, organization=forum.organization, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.forum_update(actor=request.user, forum=forum, **form.cleaned_data)
        except (DomainError, ValidationError) as error:
            _add_error(form, error)
        else:
            return redirect_after_save(request, forum, _("修改已保存"))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "activities/forums/forum_form.html",
        {"form": form, "org": forum.organization, "forum": forum},
        status=status,
    )


GRID_PAGE = 50


@permission_required("activities.view_forumgrid")
def forum_grid(request: HttpRequest) -> HttpResponse:
    """Org × quarter of a year, 50 orgs a page: the forums each org held; quarters without one
    highlighted. The same filters, summary and Excel file (background when large) as the service days'."""
    today = timezone.localdate()
    form = GridFilterForm(request.GET or None, missing_label=_("只看有季度未开展的"))
    values = form.values(today)
    year = values["year"]
    if request.GET.get("export") == "xlsx":
        filters = {k: v for k, v in request.GET.items() if v and k not in ("export", "page")}
        filters["year"] = str(year)
        return export_respond(request, FORUM_GRID, filters)
    orgs = selectors.grid_filtered(
        request.user, year, q=values["q"], kind=values["kind"], missing=values["missing"]
    )
    summary = selectors.grid_summary(
        selectors.grid_filtered(request.user, year, q=values["q"], kind=values["kind"]),
        year,
        few=bool(values["q"]),
    )
    count = summary["orgs"] - summary["complete"] if values["missing"] else summary["orgs"]
    page = paginate(request, orgs, GRID_PAGE, count=count)
    return render(
        request,
        "activities/forums/forum_grid.html",
        {
            "form": form,
            "summary": summary,
            "rows": selectors.forum_grid_rows(request.user, year, page.object_list),
            "year": year,
            "page": page,
            "filtered": bool(values["q"] or values["kind"] or values["missing"]),
            "query": query_without_page(request),
        },
    )


# ----------------------------------------------------------------------------------------- selections


@permission_required("activities.view_selection")
def selection_list(request: HttpRequest) -> HttpResponse:
    rows = selection_selectors.selections_visible_to(request.user)
    year = request.GET.get("year", "")
    if year.isdigit():
        rows = rows.filter(year=int(year))
    return render(
        request,
        "activities/forums/selection_list.html",
        {
            "page": paginate(request, rows),
            "query": query_without_page(request),
            "year": year,
            "may_add": authz.may(request.user, "activities.add_selection"),
            "today": timezone.localdate(),
        },
    )


@permission_required("activities.add_selection")
def selection_create(request: HttpRequest) -> HttpResponse:
    form = SelectionForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        categories = [
            c.strip() for c in data.pop("categories", "").replace("，", "、").split("、") if c.strip()
        ]
        try:
            selection = selection_services.selection_create(actor=request.user, categories=categories, **data)
        except (DomainError, ValidationError) as error:
            _add_error(form, error)
        else:
            messages.success(request, _("评选已创建"))
            return redirect(selection.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    return render(request, "activities/forums/selection_form.html", {"form": form}, status=status)


def _selection(request: HttpRequest, pk: int):
    return get_object_or_404(selection_selectors.selections_visible_to(request.user), pk=pk)


@permission_required("activities.view_selection")
def selection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Candidates by category and stage (the user's scope), the scoring rounds and their results."""
    selection = _selection(request, pk)
    candidates = list(selection_selectors.candidates_visible_to(request.user).filter(selection=selection))
    groups: dict = {}
    for candidate in candidates:
        group = groups.setdefault(
            candidate.category_id, {"category": candidate.category, "stages": {s: [] for s in CandidateStage}}
        )
        group["stages"][CandidateStage(candidate.stage)].append(candidate)
    is_staff = authz.may(request.user, "activities.change_selection", selection)
    context = {
        "selection": selection,
        "groups": [
            {
                "category": g["category"],
                "stages": [(stage.label, rows) for stage, rows in reversed(g["stages"].items())],
            }
            for g in groups.values()
        ],
        "count": len(candidates),
        "rounds": list(selection_selectors.selection_rounds(selection)) if is_staff else [],
        "is_staff": is_staff,
        "may_nominate": authz.may(request.user, "activities.nominate_selection", selection)
        and (selection.is_nominating() or authz.is_committee_staff(request.user)),
        "may_promote": authz.may(request.user, "activities.promote_candidate"),
    }
    return render(request, "activities/forums/selection_detail.html", context)


@permission_required("activities.nominate_selection")
def candidate_nominate(request: HttpRequest, pk: int) -> HttpResponse:
    """A secretary nominates a candidate of their org (staff: of any org)."""
    selection = _selection(request, pk)
    _need(request, "activities.nominate_selection", selection)
    org = _org_for_form(request)
    if org is None:
        pick = OrgPickForm(request.GET or None, user=request.user)
        return render(request, "activities/forums/nominate_form.html", {"pick": pick, "selection": selection})
    _need(request, "activities.add_candidate", org)
    form = NominateForm(request.POST or None, selection=selection, organization=org)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            selection_services.candidate_nominate(
                actor=request.user, selection=selection, organization=org, **data
            )
        except (DomainError, ValidationError) as error:
            _add_error(form, error)
        else:
            messages.success(request, _("已推荐人选"))
            return redirect(selection.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "selection": selection, "org": org, "open": selection.is_nominating()}
    return render(request, "activities/forums/nominate_form.html", context, status=status)


@permission_required("activities.promote_candidate")
def selection_promote(request: HttpRequest, pk: int) -> HttpResponse:
    """Tick candidates and move them on (推荐 → 入选, 入选 → 表彰); or take the top N of a closed round."""
    selection = _selection(request, pk)
    pool = (
        Candidate.objects.filter(
            selection=selection, stage__in=[CandidateStage.NOMINATED, CandidateStage.SELECTED]
        )
        .select_related("organization", "category")
        .order_by("category__seq", "-stage", "-score", "name")
    )
    form = PromoteForm(request.POST or None, candidates=pool)
    top_form = PromoteTopForm(request.POST or None, prefix="top")
    rounds = [r for r in selection_selectors.selection_rounds(selection) if r.round.is_closed]
    if request.method == "POST":
        try:
            if request.POST.get("round"):
                link = get_object_or_404(SelectionRound, pk=request.POST["round"], selection=selection)
                if top_form.is_valid():
                    moved = selection_services.selection_promote_top(
                        actor=request.user, selection_round=link, top=top_form.cleaned_data["top"]
                    )
                    messages.success(request, _("已按名次确定 %(n)s 名人选") % {"n": moved})
                    return redirect(selection.get_absolute_url())
            elif form.is_valid():
                moved = selection_services.candidates_promote(
                    actor=request.user,
                    selection=selection,
                    candidates=form.cleaned_data["candidates"],
                    to_stage=form.cleaned_data["to_stage"],
                )
                messages.success(request, _("已确定 %(n)s 名人选") % {"n": moved})
                return redirect(selection.get_absolute_url())
        except DomainError as error:
            add_domain_error(form, error)
    status = 400 if request.method == "POST" else 200
    context = {
        "selection": selection,
        "form": form,
        "top_form": top_form,
        "rounds": rounds,
        "pool": list(pool),
    }
    return render(request, "activities/forums/selection_promote.html", context, status=status)


@permission_required("activities.change_selection")
def selection_round_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Open a live-scoring round of the candidates at a stage; scoring runs on the shared scoring pages."""
    selection = _selection(request, pk)
    _need(request, "activities.change_selection", selection)
    form = RoundOpenForm(request.POST or None, selection=selection, templates=templates_in_use())
    if request.method == "POST" and form.is_valid():
        try:
            link = selection_services.selection_round_open(
                actor=request.user, selection=selection, **form.cleaned_data
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("评分已开始：请邀请评议人或生成座位码，然后打开评分大屏"))
            return redirect("forums:selection_round", pk=link.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "activities/forums/round_open.html", {"form": form, "selection": selection}, status=status
    )


@permission_required("activities.change_selection")
def selection_round(request: HttpRequest, pk: int) -> HttpResponse:
    """A selection's round: invite reviewers or issue seats (the shared services), then the shared screen."""
    from ..forms.scoring import InviteForm, SeatsForm
    from ..selectors.scoring import users_who_may_score
    from ..services import scoring as scoring_services

    link = get_object_or_404(SelectionRound.objects.select_related("selection", "round", "category"), pk=pk)
    _need(request, "activities.change_selection", link.selection)
    round = link.round
    step = request.POST.get("step") if request.method == "POST" else None
    invite_form = InviteForm(
        request.POST if step == "invite" else None, prefix="invite", candidates=users_who_may_score()
    )
    seats_form = SeatsForm(request.POST if step == "seats" else None, prefix="seats")
    if step in ("invite", "seats"):
        form = invite_form if step == "invite" else seats_form
        if form.is_valid():
            try:
                if step == "invite":
                    scoring_services.scoring_reviewers_invite(
                        actor=request.user, round=round, users=form.cleaned_data["users"]
                    )
                    messages.success(request, _("已邀请评议人"))
                else:
                    seats = scoring_services.scoring_seats_issue(
                        actor=request.user, round=round, count=form.cleaned_data["count"]
                    )
                    messages.success(request, _("已生成 %(n)s 个座位码，请打印座位卡") % {"n": len(seats)})
            except DomainError as error:
                add_domain_error(form, error)
            else:
                return redirect("forums:selection_round", pk=link.pk)
    if round.is_closed:
        selection_services.selection_round_apply_scores(selection_round=link)
    context = {
        "link": link,
        "round": round,
        "selection": link.selection,
        "subjects": list(round.subjects.order_by("result_rank", "seq")),
        "reviewers": list(round.reviewers.select_related("user")),
        "seat_count": round.seats.count(),
        "uses_seats": round.rater_kind == "seats",
        "invite_form": invite_form,
        "seats_form": seats_form,
    }
    return render(request, "activities/forums/selection_round.html", context)
