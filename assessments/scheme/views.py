"""Portal pages of the assessments: the scheme (everyone with business data), runs (staff: compute with a
progress bar, review, publish, compare versions), a result's explanation (staff; the secretary their
own org's published results, with what to improve)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import authz
from accounts.decorators import permission_required
from partybuild.exceptions import DomainError
from partybuild.periods import YEAR_MAX, YEAR_MIN, Period, period_label

from ..models import AssessmentRun, IndexKey, RunState
from . import heat, selectors, services
from .calc import FLAG_LABELS


def _year(request: HttpRequest) -> int:
    value = request.GET.get("year", "")
    if value.isdigit() and YEAR_MIN <= int(value) <= YEAR_MAX:
        return int(value)
    return timezone.localdate().year


@permission_required("assessments.view_scheme")
def scheme_page(request: HttpRequest) -> HttpResponse:
    """考核办法 of a year (its current version), readable: indices, components, grades, quota, flags."""
    year = _year(request)
    scheme = selectors.schemes_visible_to(request.user).filter(year=year).order_by("-version").first()
    if scheme is None and authz.may(request.user, "assessments.change_scheme"):
        scheme = services.ensure_default_scheme(year, actor=request.user)
    indices = []
    if scheme is not None:
        components = list(scheme.components.all())
        for key, label in IndexKey.choices:
            indices.append(
                {
                    "label": label,
                    "weight": scheme.index_weights()[key],
                    "components": [c for c in components if c.index == key],
                }
            )
    versions = selectors.schemes_visible_to(request.user).filter(year=year).order_by("version")
    context = {"year": year, "scheme": scheme, "indices": indices, "versions": versions}
    return render(request, "assessments/scheme/scheme.html", context)


@permission_required("assessments.view_assessmentrun")
def run_list(request: HttpRequest) -> HttpResponse:
    runs = selectors.runs_visible_to(request.user)
    page = Paginator(runs, 20).get_page(request.GET.get("page"))
    this_year = timezone.localdate().year
    periods = [p for kind in ("Q", "H") for p in _periods(this_year, kind)] + [f"{this_year}-Y"]
    context = {
        "page": page,
        "periods": [(code, period_label(code)) for code in periods],
        "year": this_year,
        "may_compute": authz.may(request.user, "assessments.compute_assessment"),
    }
    return render(request, "assessments/scheme/run_list.html", context)


def _periods(year: int, kind: str) -> list[str]:
    return [Period(year, kind, i).code for i in range(1, (4 if kind == "Q" else 2) + 1)]


@require_POST
@permission_required("assessments.compute_assessment")
def run_compute(request: HttpRequest) -> HttpResponse:
    """Start a run (a new version when the period is published: a reason is required); queued on commit."""
    code = request.POST.get("period", "").strip()
    try:
        year = Period.parse(code).year
    except ValueError:
        messages.error(request, _("请选择考核期间（如 2026-Q1、2026-H1、2026-Y）"))
        return redirect("scheme:run_list")
    try:
        with transaction.atomic():
            run = services.assessment_run_start(
                actor=request.user, year=year, period=code, reason=request.POST.get("reason", "")
            )
            services.assessment_run_enqueue(run)
    except ValidationError as error:
        for message_list in error.message_dict.values():
            for message in message_list:
                messages.error(request, message)
        return redirect("scheme:run_list")
    messages.success(
        request, _("已开始计算 %(period)s 第%(version)s版") % {"period": run.period, "version": run.version}
    )
    return redirect("scheme:run_detail", pk=run.pk)


def _run(request: HttpRequest, pk: int) -> AssessmentRun:
    return get_object_or_404(selectors.runs_visible_to(request.user), pk=pk)


@permission_required("assessments.view_assessmentrun")
def run_status(request: HttpRequest, pk: int) -> JsonResponse:
    """What the progress bar polls."""
    return JsonResponse(selectors.run_progress(_run(request, pk)))


@permission_required("assessments.view_assessmentrun")
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The ranking of a run, by peer kind (a table; cards on a phone)."""
    run = _run(request, pk)
    results = run.results.select_related("organization").order_by("peer_kind", "rank", "organization__path")
    kind = request.GET.get("kind", "")
    if kind:
        results = results.filter(peer_kind=kind)
    page = Paginator(results, 50).get_page(request.GET.get("page"))
    context = {
        "run": run,
        "page": page,
        "progress": selectors.run_progress(run),
        "previous": selectors.previous_version(run),
        "flag_labels": FLAG_LABELS,
        "may_publish": run.state == RunState.COMPUTED
        and authz.may(request.user, "assessments.publish_assessmentrun", run),
        "kinds": run.results.order_by().values_list("peer_kind", flat=True).distinct(),
        "kind": kind,
    }
    return render(request, "assessments/scheme/run_detail.html", context)


@permission_required("assessments.publish_assessmentrun")
def run_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """A confirmation page; POST with confirm=yes publishes (immutable from then on)."""
    run = _run(request, pk)
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            messages.error(request, _("请勾选“确认发布”后再提交"))
            return render(request, "assessments/scheme/run_publish.html", {"run": run}, status=400)
        try:
            services.assessment_run_publish(actor=request.user, run=run)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("scheme:run_detail", pk=run.pk)
        messages.success(
            request,
            _("已发布 %(period)s 第%(version)s版考核结果") % {"period": run.period, "version": run.version},
        )
        return redirect("scheme:run_detail", pk=run.pk)
    return render(request, "assessments/scheme/run_publish.html", {"run": run})


@permission_required("assessments.view_assessmentrun")
def run_diff(request: HttpRequest, pk: int) -> HttpResponse:
    """What changed from the previous version of the period (or ?with=<run id>)."""
    run = _run(request, pk)
    other_id = request.GET.get("with", "")
    other = _run(request, int(other_id)) if other_id.isdigit() else selectors.previous_version(run)
    rows = selectors.run_diff(other, run) if other is not None else []
    return render(request, "assessments/scheme/run_diff.html", {"run": run, "other": other, "rows": rows})


@permission_required("assessments.view_assessmentresult")
def result_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A result's explanation tree and what to improve (outside the user's view: 404); each count
    links to the list of the records it counted."""
    result = get_object_or_404(selectors.results_visible_to(request.user), pk=pk)
    if not authz.may(request.user, "assessments.view_assessmentresult", result):
        raise Http404
    context = {
        "result": result,
        "flags": selectors.flag_labels(result.flags),
        "improvements": selectors.improvements(result),
        "tree": selectors.explanation_for(request.user, result),
        "is_staff": authz.may(request.user, "assessments.view_assessmentrun"),
    }
    return render(request, "assessments/scheme/result_detail.html", context)


@permission_required("assessments.view_assessmentresult")
def my_results(request: HttpRequest) -> HttpResponse:
    """The published results the user may read (a secretary: their org and below), newest first."""
    results = selectors.results_visible_to(request.user).filter(run__state=RunState.PUBLISHED)
    results = results.order_by("-run__year", "-run__period", "-run__version", "organization__path")
    page = Paginator(results, 30).get_page(request.GET.get("page"))
    return render(request, "assessments/scheme/my_results.html", {"page": page, "flag_labels": FLAG_LABELS})


@permission_required("assessments.view_assessmentrun")
def dashboard(request: HttpRequest) -> HttpResponse:
    """Charts (ECharts from static/): ranking, grades, trend over the year, org × quarter heat map and
    the ledger's completion by item; each org's bar and cell opens its result (and from there its
    records), each item's bar the item's assignments of the period."""
    year = _year(request)
    data = selectors.dashboard(
        year,
        request.GET.get("period") or None,
        user=request.user,
        under=heat.level_of(request.GET.get("under")),
        heat_page=request.GET.get("page") or 1,
    )
    return render(request, "assessments/scheme/dashboard.html", {**data, "year": year})
