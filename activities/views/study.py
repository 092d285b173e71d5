"""学习培训 and 信息报送 pages (lists with their Excel file, forms on a phone), sharing the volunteer
pages' `_list_or_export` and `_saved`."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import authz
from accounts.decorators import permission_required
from accounts.models import Member
from partybuild.exceptions import DomainError

from ..forms.brands import (
    AdoptionForm,
    InfoFilterForm,
    InfoPieceForm,
    TrainingForm,
)
from ..models import TrainingKind
from ..selectors import brands as brand_selectors
from ..services import brands as services
from .common import show_error
from .volunteers import _form_page, _guard, _list_or_export, _saved, _year


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
    header = [_("开始日期"), _("结束日期"), _("类型"), _("名称"), _("党组织"), _("参加人次")]
    return _list_or_export(
        request,
        rows,
        template="activities/brands/training_list.html",
        context={
            "year": year or "",
            "kind": kind,
            "kinds": TrainingKind.choices,
            "q": q,
            "may_add": authz.may(request.user, "activities.add_training"),
        },
        export=(
            "trainings",
            _("学习培训"),
            header,
            lambda t: [
                t.starts_on,
                t.ends_on or "",
                t.get_kind_display(),
                t.title,
                t.organization.name if t.organization_id else _("工委统一组织"),
                t.attendance,
            ],
        ),
        year=year,
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

    def write(data):
        return services.training_record(
            actor=request.user,
            organization=data["organization"],
            attendees=data["attendees"],
            **{k: data[k] for k in TRAINING_FIELDS},
        )

    done = _saved(request, form, write, _("学习培训已登记"), lambda _t: reverse("brands:training_list"))
    return done or _form_page(
        request,
        "activities/brands/training_form.html",
        form,
        _("登记学习培训"),
        reverse("brands:training_list"),
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

    def write(data):
        return services.training_update(
            actor=request.user,
            training=training,
            attendees=data["attendees"],
            **{k: data[k] for k in TRAINING_FIELDS},
        )

    done = _saved(request, form, write, _("学习培训已保存"), lambda _t: reverse("brands:training_list"))
    return done or _form_page(
        request,
        "activities/brands/training_form.html",
        form,
        _("修改学习培训"),
        reverse("brands:training_list"),
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
    header = [
        _("报送日期"),
        _("党组织"),
        _("标题"),
        _("报送渠道"),
        _("采用"),
        _("采用单位或刊物"),
        _("采用日期"),
    ]
    return _list_or_export(
        request,
        rows,
        template="activities/brands/info_list.html",
        context={"form": form, "may_add": authz.may(request.user, "activities.add_infopiece")},
        export=(
            "info_pieces",
            _("信息报送"),
            header,
            lambda p: [
                p.sent_on,
                p.organization.name,
                p.title,
                p.get_channel_display(),
                _("是") if p.adopted else _("否"),
                p.adopted_by,
                p.adopted_on or "",
            ],
        ),
        year=filters.get("year"),
    )


@permission_required("activities.add_infopiece")
def info_create(request: HttpRequest) -> HttpResponse:
    form = InfoPieceForm(request.POST or None, user=request.user, initial={"sent_on": timezone.localdate()})

    def write(data):
        data = dict(data)
        return services.info_piece_send(actor=request.user, organization=data.pop("organization"), **data)

    done = _saved(request, form, write, _("报送信息已登记"), lambda _p: reverse("brands:info_list"))
    return done or _form_page(
        request, "activities/brands/info_form.html", form, _("登记报送信息"), reverse("brands:info_list")
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
    return _form_page(
        request,
        "activities/brands/info_form.html",
        form,
        _("修改报送信息"),
        reverse("brands:info_list"),
        adoption=adoption,
        piece=piece,
    )
