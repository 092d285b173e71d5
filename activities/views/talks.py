"""任职谈话 pages: the record form (per term), the list of talks, and the staff's 谈话待办."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.decorators import permission_required
from ledger.views.common import paginate, query_without_page
from partybuild.exceptions import DomainError

from .. import services
from ..forms.vetting import SearchForm, TalkForm
from ..models.talks import TALK_DUE_DAYS
from ..selectors import vetting as selectors
from .common import show_error


def _search(request) -> tuple[SearchForm, dict]:
    form = SearchForm(request.GET or None)
    return form, (form.cleaned_data if form.is_valid() else {})


@permission_required("activities.view_appointmenttalk")
def talk_list(request: HttpRequest) -> HttpResponse:
    form, filters = _search(request)
    rows = selectors.appointment_talks_visible_to(request.user)
    if filters.get("year"):
        rows = rows.filter(talked_on__year=filters["year"])
    if q := (filters.get("q") or "").strip():
        rows = rows.filter(
            Q(term__organization__name__icontains=q)
            | Q(term__organization__short_name__icontains=q)
            | Q(term__person_name=q)
        )
    page = paginate(request, rows.order_by("-talked_on", "-pk"))
    return render(
        request,
        "activities/talk_list.html",
        {"form": form, "page": page, "query": query_without_page(request)},
    )


@permission_required("activities.add_appointmenttalk")
def talks_due(request: HttpRequest) -> HttpResponse:
    """谈话待办: terms in office without a talk, oldest first; overdue (> 30 days) marked red."""
    form, filters = _search(request)
    today = timezone.localdate()
    rows = selectors.talks_due(request.user, today=today)
    if q := (filters.get("q") or "").strip():
        rows = rows.filter(
            Q(organization__name__icontains=q) | Q(organization__short_name__icontains=q) | Q(person_name=q)
        )
    page = paginate(request, rows)
    for term in page.object_list:
        term.days_waiting = (today - term.started_on).days
    context = {
        "form": form,
        "page": page,
        "query": query_without_page(request),
        "overdue_count": rows.filter(talk_overdue=True).count(),
        "due_days": TALK_DUE_DAYS,
    }
    return render(request, "activities/talks_due.html", context)


def _save(request, form, **kwargs):
    try:
        if "talk" in kwargs:
            return services.appointment_talk_update(
                actor=request.user, talk=kwargs["talk"], **form.cleaned_data
            )
        return services.appointment_talk_create(actor=request.user, term=kwargs["term"], **form.cleaned_data)
    except (DomainError, ValidationError) as error:
        show_error(form, error)
        return None


@permission_required("activities.add_appointmenttalk")
def talk_create(request: HttpRequest, pk: int) -> HttpResponse:
    term = get_object_or_404(selectors.terms_in_staff_scope(request.user), pk=pk)
    if (talk := getattr(term, "appointment_talk", None)) is not None:
        return redirect("activities:talk_edit", pk=talk.pk)
    form = TalkForm(request.POST or None, initial={"talked_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid() and _save(request, form, term=term):
        messages.success(request, _("任职谈话已登记：%(term)s") % {"term": term})
        return redirect("activities:talks_due")
    return render(request, "activities/talk_form.html", {"form": form, "term": term})


@permission_required("activities.change_appointmenttalk")
def talk_edit(request: HttpRequest, pk: int) -> HttpResponse:
    talk = get_object_or_404(selectors.appointment_talks_visible_to(request.user), pk=pk)
    form = TalkForm(request.POST or None, instance=talk)
    if request.method == "POST" and form.is_valid():
        talk.refresh_from_db()  # the ModelForm set the values on the instance; the service sets them again
        if _save(request, form, talk=talk):
            messages.success(request, _("任职谈话已保存"))
            return redirect("activities:talk_list")
    return render(request, "activities/talk_form.html", {"form": form, "term": talk.term, "talk": talk})
