"""述职评议 and live-scoring pages: staff organise and show the session screen; reviewers score on
their phones; seat holders score with a one-time code, without an account."""

from __future__ import annotations

import secrets

import segno
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from accounts import authz
from accounts.decorators import permission_required
from accounts.selectors import organizations_visible_to
from ledger.views.common import DrillDown, add_domain_error, paginate, query_without_page
from partybuild.client_address import client_address
from partybuild.exceptions import DomainError

from .. import services
from ..forms.scoring import (
    DebriefAddForm,
    DebriefEditForm,
    DebriefSessionForm,
    InviteForm,
    SeatCodeForm,
    SeatsForm,
)
from ..models import Debrief, DebriefKind, RaterKind, ScoringRound, ScoringSubject
from ..selectors import scoring as selectors

# Seat-code entry: at most this many wrong codes per client address in the window, then a pause.
SEAT_ATTEMPTS = 10
SEAT_WINDOW_SECONDS = 10 * 60
SEAT_SESSION_KEY = "scoring_seat"
TOKEN_SESSION_KEY = "scoring_browser_token"


def _qr_svg(url: str, scale: int = 8) -> str:
    return segno.make(url, error="m").svg_inline(scale=scale, dark="#000", light="#fff")


def _need(request: HttpRequest, permission: str, obj) -> None:
    if not authz.may(request.user, permission, obj):
        raise PermissionDenied(authz.refusal(permission))


# --- staff: sessions ---------------------------------------------------------------------------------


@permission_required("activities.change_debriefsession")
def session_list(request: HttpRequest) -> HttpResponse:
    sessions = selectors.debrief_sessions_visible_to(request.user)
    year = request.GET.get("year", "")
    if year.isdigit():
        sessions = sessions.filter(year=int(year))
    kind = request.GET.get("kind", "")
    if kind in DebriefKind.values:
        sessions = sessions.filter(kind=kind)
    # An assessment's 述职评议 count: the sessions held in the dates where the org debriefed.
    drill = DrillDown.of(request)
    sessions = drill.apply(
        sessions,
        day="held_on",
        organization=lambda org_id: Exists(
            Debrief.objects.filter(session=OuterRef("pk"), organization_id=org_id)
        ),
    )
    page = paginate(request, sessions)
    context = {
        "page": page,
        "drill": drill.context(request, day_label=_("述职日期")),
        "query": query_without_page(request),
        "year": year,
        "kind": kind,
        "kinds": DebriefKind.choices,
    }
    return render(request, "activities/scoring/session_list.html", context)


@permission_required("activities.add_debriefsession")
def session_create(request: HttpRequest) -> HttpResponse:
    form = DebriefSessionForm(request.POST or None, templates=selectors.templates_in_use())
    if request.method == "POST" and form.is_valid():
        try:
            session = services.debrief_session_create(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("述职评议会已创建，请添加述职书记和评分人"))
            return redirect("scoring:session_detail", pk=session.pk)
    return render(request, "activities/scoring/session_form.html", {"form": form})


def _session_forms(request, session, post=None):
    return {
        "debrief_form": DebriefAddForm(
            post, prefix="debrief", organizations=organizations_visible_to(request.user)
        ),
        "invite_form": InviteForm(post, prefix="invite", candidates=selectors.users_who_may_score()),
        "seats_form": SeatsForm(post, prefix="seats"),
    }


@permission_required("activities.change_debriefsession")
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Manage a session: who debriefs, who scores (reviewers or seats), then the screen and the close."""
    session = get_object_or_404(selectors.debrief_sessions_visible_to(request.user), pk=pk)
    _need(request, "activities.change_debriefsession", session)
    forms = _session_forms(request, session)
    if request.method == "POST":
        step = request.POST.get("step")
        forms = _session_forms(request, session, request.POST)
        form = {
            "debrief": forms["debrief_form"],
            "invite": forms["invite_form"],
            "seats": forms["seats_form"],
        }.get(step)
        if form is not None and form.is_valid():
            try:
                if step == "debrief":
                    services.debrief_add(actor=request.user, session=session, **form.cleaned_data)
                    messages.success(request, _("已添加述职书记"))
                elif step == "invite":
                    services.scoring_reviewers_invite(
                        actor=request.user, round=session.round, users=form.cleaned_data["users"]
                    )
                    messages.success(request, _("已邀请评议人"))
                else:
                    seats = services.scoring_seats_issue(
                        actor=request.user, round=session.round, count=form.cleaned_data["count"]
                    )
                    messages.success(request, _("已生成 %(n)s 个座位码，请打印座位卡") % {"n": len(seats)})
            except DomainError as error:
                add_domain_error(form, error)
            else:
                return redirect("scoring:session_detail", pk=session.pk)
    round = session.round
    # 50 a page: a city-wide session has hundreds of secretaries (the projector screen lists them all).
    page = paginate(
        request,
        selectors.debriefs_visible_to(request.user).filter(session=session).order_by("seq", "pk"),
        per_page=50,
    )
    debriefs = list(page.object_list)
    for debrief in debriefs:
        debrief.grade_display = selectors.GRADES.get(debrief.result_grade, "")
    context = {
        "session": session,
        "round": round,
        "debriefs": debriefs,
        "page": page,
        "reviewers": round.reviewers.select_related("user") if round else [],
        "seat_count": round.seats.count() if round else 0,
        "seats_claimed": round.seats.filter(claimed_at__isnull=False).count() if round else 0,
        "uses_seats": round is not None and round.rater_kind == RaterKind.SEATS,
        **forms,
    }
    return render(request, "activities/scoring/session_detail.html", context)


@permission_required("activities.change_debrief")
def debrief_edit(request: HttpRequest, pk: int) -> HttpResponse:
    debrief = get_object_or_404(selectors.debriefs_visible_to(request.user), pk=pk)
    _need(request, "activities.change_debrief", debrief)
    initial = {"report_text": debrief.report_text, "head_comment": debrief.head_comment}
    form = DebriefEditForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        if not fields.get("report_file"):
            fields.pop("report_file", None)
        try:
            services.debrief_update(actor=request.user, debrief=debrief, **fields)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("述职记录已保存"))
            return redirect("scoring:session_detail", pk=debrief.session_id)
    return render(request, "activities/scoring/debrief_form.html", {"form": form, "debrief": debrief})


@permission_required("activities.view_debriefreport")
def debrief_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The report: the uploaded file (`?download=1`) or the page with its text and the head's comment."""
    debrief = get_object_or_404(selectors.debriefs_visible_to(request.user), pk=pk)
    _need(request, "activities.view_debriefreport", debrief)
    if request.GET.get("download") and debrief.report_file:
        suffix = debrief.report_file.name[debrief.report_file.name.rfind(".") :]
        name = f"{debrief.person_name}述职报告{suffix}"
        return FileResponse(debrief.report_file.open("rb"), as_attachment=True, filename=name)
    debrief.grade_display = selectors.GRADES.get(debrief.result_grade, "")
    return render(request, "activities/scoring/debrief_report.html", {"debrief": debrief})


# --- staff: the round's screen, progress, close, slips -----------------------------------------------


def _staff_round(request: HttpRequest, pk: int, permission: str) -> ScoringRound:
    round = get_object_or_404(ScoringRound.objects.select_related("debrief_session"), pk=pk)
    _need(request, permission, round)
    return round


def _entry_url(request: HttpRequest, round: ScoringRound) -> str:
    if round.rater_kind == RaterKind.SEATS:
        return request.build_absolute_uri(reverse("scoring:seat_entry"))
    return request.build_absolute_uri(reverse("scoring:round_score", kwargs={"pk": round.pk}))


@permission_required("activities.change_scoringround")
def round_screen(request: HttpRequest, pk: int) -> HttpResponse:
    """The projector: a QR code to the scoring page, who has scored whom (live), then the results."""
    round = _staff_round(request, pk, "activities.change_scoringround")
    progress = selectors.round_progress(round)
    entry = _entry_url(request, round)
    context = {
        "round": round,
        "session": getattr(round, "debrief_session", None),
        "progress": progress,
        "entry_url": entry,
        "qr": _qr_svg(entry, scale=10),
        "results": sorted(progress["subjects"], key=lambda s: (s.get("rank") is None, s.get("rank") or 0)),
    }
    return render(request, "activities/scoring/round_screen.html", context)


@never_cache
@permission_required("activities.change_scoringround")
def round_progress(request: HttpRequest, pk: int) -> JsonResponse:
    round = _staff_round(request, pk, "activities.change_scoringround")
    return JsonResponse(selectors.round_progress(round))


@permission_required("activities.close_scoringround")
def round_close(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation (how many scored what); POST closes and computes the results."""
    round = _staff_round(request, pk, "activities.close_scoringround")
    if request.method == "POST":
        try:
            services.round_close(actor=request.user, round=round)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("评分已结束，结果已生成"))
        return redirect("scoring:round_screen", pk=round.pk)
    return render(
        request,
        "activities/scoring/round_close.html",
        {"round": round, "progress": selectors.round_progress(round)},
    )


@permission_required("activities.change_scoringround")
def round_slips(request: HttpRequest, pk: int) -> HttpResponse:
    """Printable A4 slips: one per seat, with its code and a QR code that opens the entry with it."""
    round = _staff_round(request, pk, "activities.change_scoringround")
    entry = request.build_absolute_uri(reverse("scoring:seat_entry"))
    slips = [
        {"seat": seat, "qr": _qr_svg(f"{entry}?code={seat.code}", scale=4)}
        for seat in round.seats.order_by("number")
    ]
    return render(request, "activities/scoring/round_slips.html", {"round": round, "slips": slips})


# --- reviewers ---------------------------------------------------------------------------------------


@permission_required("activities.view_scoringround")
def my_rounds(request: HttpRequest) -> HttpResponse:
    rounds = selectors.rounds_invited(request.user)
    return render(request, "activities/scoring/my_rounds.html", {"page": paginate(request, rounds)})


def _points_from(request: HttpRequest, round: ScoringRound) -> dict:
    return {str(c["id"]): request.POST.get(f"c_{c['id']}", "") for c in round.criteria}


def _score_page(request, round, *, rater: dict, action_url: str, submit) -> HttpResponse:
    """The phone page: each subject with its criteria; saving one subject keeps the others as they are."""
    subjects = list(round.subjects.order_by("seq", "pk"))
    errors: dict[int, str] = {}
    posted: dict[int, dict] = {}
    if request.method == "POST":
        subject = next((s for s in subjects if str(s.pk) == request.POST.get("subject")), None)
        if subject is None:
            raise Http404(_("评分对象不存在"))
        points = _points_from(request, round)
        try:
            submit(subject, points)
        except DomainError as error:
            errors[subject.pk] = error.message
            posted[subject.pk] = points
        else:
            messages.success(request, _("已保存对%(who)s的评分") % {"who": subject.label})
            return redirect(f"{action_url}#subject-{subject.pk}")
    mine = selectors.my_scores(round, **rater)
    cards = []
    for subject in subjects:
        score = mine.get(subject.pk)
        values = posted.get(subject.pk) or (score.points if score else {})
        cards.append(
            {
                "subject": subject,
                "score": score,
                "error": errors.get(subject.pk),
                "criteria": [{**c, "value": values.get(str(c["id"]), "")} for c in round.criteria],
            }
        )
    context = {
        "round": round,
        "cards": cards,
        "action_url": action_url,
        "done": sum(1 for card in cards if card["score"]),
    }
    return render(request, "activities/scoring/score.html", context, status=400 if errors else 200)


@permission_required("activities.view_scoringround")
def round_score(request: HttpRequest, pk: int) -> HttpResponse:
    round = get_object_or_404(selectors.rounds_invited(request.user), pk=pk)
    _need(request, "activities.score_scoringround", round)
    if round.is_closed:
        return render(request, "activities/scoring/score_closed.html", {"round": round})
    reviewer = round.reviewers.get(user=request.user)

    def submit(subject: ScoringSubject, points: dict) -> None:
        services.score_submit(round=round, subject=subject, points=points, actor=request.user)

    url = reverse("scoring:round_score", kwargs={"pk": round.pk})
    return _score_page(request, round, rater={"reviewer": reviewer}, action_url=url, submit=submit)


# --- seats (no account) ------------------------------------------------------------------------------


def _attempts_key(request: HttpRequest) -> str:
    return f"scoring:seat-attempts:{client_address(request)}"


def _browser_token(request: HttpRequest) -> str:
    token = request.session.get(TOKEN_SESSION_KEY)
    if not token:
        token = secrets.token_urlsafe(32)
        request.session[TOKEN_SESSION_KEY] = token
    return token


@never_cache
def seat_entry(request: HttpRequest) -> HttpResponse:
    """Enter the seat code (the slip's QR code fills it in). Wrong codes are counted per address."""
    form = SeatCodeForm(request.POST or None, initial={"code": request.GET.get("code", "")[:20]})
    if request.method == "POST":
        if cache.get(_attempts_key(request), 0) >= SEAT_ATTEMPTS:
            form.add_error(None, _("输入错误次数过多，请 10 分钟后再试，或请工作人员协助"))
            return render(request, "activities/scoring/seat_entry.html", {"form": form}, status=429)
        if form.is_valid():
            try:
                seat = services.scoring_seat_claim(
                    code=form.cleaned_data["code"], browser_token=_browser_token(request)
                )
            except DomainError as error:
                cache.add(_attempts_key(request), 0, SEAT_WINDOW_SECONDS)
                cache.incr(_attempts_key(request))
                add_domain_error(form, error)
            else:
                request.session[SEAT_SESSION_KEY] = seat.pk
                return redirect("scoring:seat_score")
    return render(request, "activities/scoring/seat_entry.html", {"form": form})


@never_cache
def seat_score(request: HttpRequest) -> HttpResponse:
    seat = services.scoring.seat_held_by(
        request.session.get(SEAT_SESSION_KEY), request.session.get(TOKEN_SESSION_KEY)
    )
    if seat is None:
        return redirect("scoring:seat_entry")
    round = seat.round
    if round.is_closed:
        return render(request, "activities/scoring/score_closed.html", {"round": round})

    def submit(subject: ScoringSubject, points: dict) -> None:
        services.score_submit(round=round, subject=subject, points=points, seat=seat)

    return _score_page(
        request, round, rater={"seat": seat}, action_url=reverse("scoring:seat_score"), submit=submit
    )
