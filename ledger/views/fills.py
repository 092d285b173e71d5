"""Entered once: the page an activity's form leads to after saving (a 党员服务日, say). GET lists the open
ledger assignments of its org and period that it can fulfil, ticked; POST fills the ticked ones
(ledger.services.fills), which then count as submitted with the activity as their evidence."""

from __future__ import annotations

from urllib.parse import urlencode

from django.apps import apps
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts import authz
from accounts.decorators import permission_required
from partybuild.exceptions import DomainError
from partybuild.periods import period_label

from .. import services
from ..models import ActivityKind


def fill_url(activity) -> str:
    """The fill page of an activity (any model with `ledger_activity_kind`)."""
    query = urlencode({"type": activity._meta.label_lower, "id": activity.pk})
    return f"{reverse('ledger:activity_fill')}?{query}"


def redirect_after_save(request: HttpRequest, activity, saved: str) -> HttpResponse:
    """After an activity is saved: to the fill page when it can fill open ledger tasks of its org and
    period (entered once), else to the activity."""
    if (
        authz.may(request.user, "ledger.add_activityfill", activity)
        and services.fill_proposals(activity).exists()
    ):
        messages.success(request, _("%(saved)s。以下台账任务可用本次活动直接填报，请确认") % {"saved": saved})
        return redirect(fill_url(activity))
    messages.success(request, saved)
    return redirect(activity.get_absolute_url())


def _activity(request: HttpRequest):
    """The activity named by ?type=app.model&id=N, if the user may fill tasks with it (else 404); None
    when the page was opened without one (400)."""
    source = request.POST if request.method == "POST" else request.GET
    type_name, pk = source.get("type", ""), source.get("id", "")
    if not type_name or not pk.isdigit():
        return None
    try:
        model = apps.get_model(type_name)
    except (LookupError, ValueError) as error:
        raise Http404 from error
    if not hasattr(model, "ledger_activity_kind"):
        raise Http404
    activity = model.objects.filter(pk=int(pk)).select_related("organization").first()
    if activity is None or not authz.may(request.user, "ledger.add_activityfill", activity):
        raise Http404
    return activity


@permission_required("ledger.add_activityfill")
def activity_fill(request: HttpRequest) -> HttpResponse:
    activity = _activity(request)
    if activity is None:
        return render(request, "ledger/activity_fill.html", {"activity": None}, status=400)
    proposals = list(services.fill_proposals(activity))
    error = None
    if request.method == "POST":
        ids = [int(i) for i in request.POST.getlist("assignments") if i.isdigit()]
        if not ids:
            messages.info(request, _("未填报任何台账任务"))
            return redirect(activity.get_absolute_url())
        try:
            records = services.fill_assignments(actor=request.user, activity=activity, assignment_ids=ids)
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(
                request, _("已用本次活动填报 %(n)s 项台账任务，等待工委审核") % {"n": len(records)}
            )
            return redirect(activity.get_absolute_url())
    for assignment in proposals:
        assignment.period_label = period_label(assignment.period)
    return render(
        request,
        "ledger/activity_fill.html",
        {
            "activity": activity,
            "kind_label": ActivityKind(activity.ledger_activity_kind).label,
            "type_name": activity._meta.label_lower,
            "proposals": proposals,
            "filled": list(services.fills_of(activity)),
            "error": error,
        },
        status=400 if error else 200,
    )
