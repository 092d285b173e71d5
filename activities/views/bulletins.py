"""Portal pages of 通报/通知 (list, draft, edit, publish, receipts, print) and 提醒约谈 (talks, rectification
items, letters). Thin: forms check, services write, selectors read (already scoped)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import authz
from accounts.decorators import permission_required
from ledger.filetypes import INLINE_TYPES
from ledger.models import Task
from ledger.services import EvidenceIntegrityError, attachment_open_verified
from ledger.views.common import DrillDown, add_domain_error, paginate, query_without_page
from ledger.views.summaries import DRAFT_MAX_ROWS, bulletin_draft, group_by_org, overdue_rows
from partybuild.exceptions import DomainError

from .. import services
from ..forms.bulletins import (
    BulletinFilterForm,
    BulletinForm,
    LetterForm,
    RectificationAddForm,
    RectificationFilterForm,
    RectificationReportForm,
    RectificationVerifyForm,
    ReminderTalkForm,
)
from ..models import Bulletin, BulletinOrg, RectificationEvidence
from ..models.bulletins import BulletinMark
from ..selectors import bulletins as selectors

# --------------------------------------------------------------------------- 通报 / 通知


def _bulletin(request: HttpRequest, pk: int) -> Bulletin:
    return get_object_or_404(selectors.bulletins_visible_to(request.user), pk=pk)


def _add_error(form, error: DomainError | ValidationError) -> None:
    """A service's refusal next to the field it names: a domain error, or a model rule (full_clean)."""
    if isinstance(error, DomainError):
        add_domain_error(form, error)
        return
    for field, messages_ in getattr(error, "message_dict", {None: error.messages}).items():
        for message in messages_:
            form.add_error(field if field in form.fields else None, message)


def _may(request: HttpRequest, permission: str, obj) -> None:
    if not authz.may(request.user, permission, obj):
        raise Http404


@permission_required("activities.view_bulletin")
def bulletin_list(request: HttpRequest) -> HttpResponse:
    """Staff: every bulletin and notice with its read count. Secretaries: the ones sent to them."""
    form = BulletinFilterForm(request.GET or None)
    rows = selectors.bulletins_visible_to(request.user)
    if form.is_valid():
        data = form.cleaned_data
        if data["year"]:
            rows = rows.filter(issued_on__year=data["year"])
        if data["kind"]:
            rows = rows.filter(kind=data["kind"])
        if data["state"]:
            rows = rows.filter(state=data["state"])
        if data["q"]:
            rows = rows.filter(title__icontains=data["q"].strip())
    rows, drill = _drilled_bulletins(request, rows)
    page = paginate(request, rows.order_by("-issued_on", "-number", "-pk"))
    return render(
        request,
        "activities/bulletin_list.html",
        {
            "form": form,
            "page": page,
            "drill": drill,
            "query": query_without_page(request),
            "is_staff": authz.may(request.user, "activities.view_bulletinreceipt"),
            "may_add": authz.may(request.user, "activities.add_bulletin"),
        },
    )


def _drilled_bulletins(request: HttpRequest, rows):
    """The drill-down filters (an assessment's 通报 counts): the bulletins naming the org, issued in the
    dates, with `?mark=` (表扬/提醒/批评) the ones giving it that mark."""
    drill = DrillDown.of(request)
    mark = request.GET.get("mark", "")
    mark = mark if mark in BulletinMark.values and mark else ""

    def naming(org_id: int) -> Exists:
        named = BulletinOrg.objects.filter(bulletin=OuterRef("pk"), organization_id=org_id)
        return Exists(named.filter(mark=mark) if mark else named)

    rows = drill.apply(rows, day="issued_on", organization=naming)
    labels = [BulletinMark(mark).label] if mark and drill.organization_id else []
    return rows, drill.context(request, day_label=_("发布日期"), extra=labels, clears=("mark",))


def _bulletin_form_page(request: HttpRequest, bulletin: Bulletin | None) -> HttpResponse:
    initial = BulletinForm.initial_of(bulletin) if bulletin else {"issued_on": timezone.localdate()}
    form = BulletinForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {k: data[k] for k in ("kind", "issued_on", "title", "body", "to_all")}
        try:
            if bulletin is None:
                bulletin = services.bulletin_create(actor=request.user, orgs=data["orgs"], **fields)
                messages.success(request, _("草稿已保存，核对无误后可发布"))
            else:
                services.bulletin_update(actor=request.user, bulletin=bulletin, orgs=data["orgs"], **fields)
                messages.success(request, _("修改已保存"))
            return redirect("bulletins:bulletin_detail", bulletin.pk)
        except (DomainError, ValidationError) as error:
            _add_error(form, error)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "activities/bulletin_form.html", {"form": form, "bulletin": bulletin}, status=status
    )


@permission_required("activities.add_bulletin")
def bulletin_create(request: HttpRequest) -> HttpResponse:
    return _bulletin_form_page(request, None)


@permission_required("activities.change_bulletin")
def bulletin_edit(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = _bulletin(request, pk)
    if bulletin.is_published:
        messages.error(request, _("该通报已发布，不能再修改；如需更正请另发一期"))
        return redirect("bulletins:bulletin_detail", bulletin.pk)
    return _bulletin_form_page(request, bulletin)


@permission_required("activities.view_bulletin")
def bulletin_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The bulletin; opening it marks the reader's receipt read (the first time)."""
    bulletin = _bulletin(request, pk)
    if bulletin.my_receipt and bulletin.my_read_at is None:
        services.bulletin_mark_read(user=request.user, bulletin=bulletin)
    return render(request, "activities/bulletin_detail.html", _bulletin_context(request, bulletin))


def _bulletin_context(request: HttpRequest, bulletin: Bulletin) -> dict:
    return {
        "bulletin": bulletin,
        "named": list(bulletin.named_orgs.all()),
        "tasks": list(bulletin.tasks.select_related("item").order_by("item__seq", "seq")),
        "is_staff": authz.may(request.user, "activities.view_bulletinreceipt", bulletin),
        "may_edit": not bulletin.is_published
        and authz.may(request.user, "activities.change_bulletin", bulletin),
    }


@permission_required("activities.view_bulletin")
def bulletin_print(request: HttpRequest, pk: int) -> HttpResponse:
    """An A4 page of the published bulletin (the browser prints it, or saves it as PDF)."""
    bulletin = _bulletin(request, pk)
    return render(request, "activities/bulletin_print.html", _bulletin_context(request, bulletin))


@permission_required("activities.publish_bulletin")
def bulletin_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: what publishing will do (number, recipients); POST: publish."""
    bulletin = _bulletin(request, pk)
    if bulletin.is_published:
        messages.info(request, _("该通报已经发布"))
        return redirect("bulletins:bulletin_detail", bulletin.pk)
    if request.method == "POST":
        try:
            bulletin = services.bulletin_publish(actor=request.user, bulletin=bulletin)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("bulletins:bulletin_detail", pk)
        messages.success(
            request, _("已发布%(n)s，已通知各党组织书记") % {"n": bulletin.number_label or bulletin.title}
        )
        return redirect("bulletins:bulletin_detail", bulletin.pk)
    named = list(bulletin.named_orgs.all())
    return render(request, "activities/bulletin_publish.html", {"bulletin": bulletin, "named": named})


@permission_required("activities.view_bulletinreceipt")
def bulletin_receipts(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = _bulletin(request, pk)
    page = paginate(request, selectors.bulletin_receipts(bulletin), per_page=50)
    return render(
        request,
        "activities/bulletin_receipts.html",
        {"bulletin": bulletin, "page": page, "query": query_without_page(request)},
    )


@require_POST
@permission_required("activities.add_bulletin")
def bulletin_from_overdue(request: HttpRequest) -> HttpResponse:
    """The overdue list's filtered rows (its query string) become a real 通报 draft, opened for editing."""
    today = timezone.localdate()
    _form, rows, _count = overdue_rows(request, today)
    count = rows.count()
    if not count:
        messages.error(request, _("当前筛选没有逾期任务，无法生成通报草稿"))
        return redirect("ledger:overdue_list")
    if count > DRAFT_MAX_ROWS:
        messages.error(request, _("逾期任务超过 %(n)d 项，请先筛选再生成通报草稿") % {"n": DRAFT_MAX_ROWS})
        return redirect("ledger:overdue_list")
    groups = group_by_org(rows, today)
    task_ids = {row.task_id for group in groups for row in group["rows"]}
    bulletin = services.bulletin_draft_from_overdue(
        actor=request.user,
        body=bulletin_draft(groups, today),
        organizations=[group["organization"] for group in groups],
        tasks=Task.objects.filter(pk__in=task_ids),
        today=today,
    )
    messages.success(request, _("已按筛选结果生成通报草稿，请修改后发布"))
    return redirect("bulletins:bulletin_edit", bulletin.pk)


# --------------------------------------------------------------------------- 提醒约谈


@permission_required("activities.view_remindertalk")
def talk_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.reminder_talks_visible_to(request.user)
    if name := request.GET.get("org", "").strip():
        rows = rows.filter(
            Q(organization__name__icontains=name) | Q(organization__short_name__icontains=name)
        )
    year = request.GET.get("year", "").strip()
    if year.isdigit():
        rows = rows.filter(talked_on__year=int(year))
    drill = DrillDown.of(request)  # an assessment's 提醒约谈 count: the org's talks in the dates
    rows = drill.apply(rows, day="talked_on")
    page = paginate(request, rows.order_by("-talked_on", "-pk"))
    return render(
        request,
        "activities/reminder_talk_list.html",
        {
            "page": page,
            "drill": drill.context(request, day_label=_("约谈日期")),
            "query": query_without_page(request),
            "org": name,
            "year": year,
            "may_add": authz.may(request.user, "activities.add_remindertalk"),
        },
    )


@permission_required("activities.add_remindertalk")
def talk_create(request: HttpRequest) -> HttpResponse:
    form = ReminderTalkForm(
        request.POST or None, user=request.user, initial={"talked_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {
            k: data[k]
            for k in ("secretary_name", "reason", "reason_detail", "talked_on", "talked_by", "notes")
        }
        try:
            talk = services.reminder_talk_create(
                actor=request.user, organization=data["organization"], items=data["item_list"], **fields
            )
        except (DomainError, ValidationError) as error:
            _add_error(form, error)
        else:
            messages.success(request, _("提醒约谈已登记，已通知该党组织书记"))
            return redirect("bulletins:talk_detail", talk.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "activities/reminder_talk_form.html", {"form": form}, status=status)


@permission_required("activities.view_remindertalk")
def talk_detail(request: HttpRequest, pk: int) -> HttpResponse:
    talk = get_object_or_404(selectors.reminder_talks_visible_to(request.user), pk=pk)
    staff = authz.may(request.user, "activities.add_rectification", talk)
    add_form = RectificationAddForm(request.POST or None) if staff else None
    if staff and request.method == "POST" and add_form.is_valid():
        try:
            services.rectification_add(actor=request.user, talk=talk, **add_form.cleaned_data)
        except (DomainError, ValidationError) as error:
            _add_error(add_form, error)
        else:
            messages.success(request, _("整改事项已添加"))
            return redirect("bulletins:talk_detail", talk.pk)
    items = selectors.rectifications_visible_to(request.user).filter(talk=talk).order_by("seq", "pk")
    letter = getattr(talk, "letter", None)
    return render(
        request,
        "activities/reminder_talk_detail.html",
        {
            "talk": talk,
            "items": items,
            "letter": letter,
            "add_form": add_form,
            "may_letter": letter is None and authz.may(request.user, "activities.add_letter", talk),
            "may_verify": authz.may(request.user, "activities.close_rectification", talk),
            "today": timezone.localdate(),
        },
        status=400 if request.method == "POST" else 200,
    )


@permission_required("activities.add_letter")
def letter_create(request: HttpRequest, pk: int) -> HttpResponse:
    talk = get_object_or_404(selectors.reminder_talks_visible_to(request.user), pk=pk)
    _may(request, "activities.add_letter", talk)
    form = LetterForm(request.POST or None, initial={"sent_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.letter_create(actor=request.user, talk=talk, **form.cleaned_data)
        except (DomainError, ValidationError) as error:
            _add_error(form, error)
        else:
            messages.success(request, _("函告已登记"))
            return redirect("bulletins:talk_detail", talk.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "activities/letter_form.html", {"form": form, "talk": talk}, status=status)


@permission_required("activities.view_rectification")
def rectification_list(request: HttpRequest) -> HttpResponse:
    """Staff: every item in scope, overdue ones by default (the 逾期整改 list)."""
    today = timezone.localdate()
    params = request.GET.copy()
    params.setdefault("state", "overdue")
    form = RectificationFilterForm(params)
    rows = selectors.rectifications_visible_to(request.user)
    if form.is_valid():
        state = form.cleaned_data["state"]
        if state == "overdue":
            rows = rows.overdue(today)
        elif state == "unclosed":
            rows = rows.open()
        elif state:
            rows = rows.filter(state=state)
        if name := form.cleaned_data["org"].strip():
            rows = rows.filter(
                Q(talk__organization__name__icontains=name)
                | Q(talk__organization__short_name__icontains=name)
            )
    # An assessment's 未销号整改 count: the items of the org's talks held in the dates.
    drill = DrillDown.of(request)
    rows = drill.apply(rows, day="talk__talked_on", organization="talk__organization_id")
    page = paginate(request, rows.order_by("deadline", "pk"))
    return render(
        request,
        "activities/rectification_list.html",
        {
            "form": form,
            "page": page,
            "query": query_without_page(request),
            "today": today,
            "drill": drill.context(request, day_label=_("约谈日期")),
        },
    )


@permission_required("activities.report_rectification")
def my_rectifications(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.rectifications_of_secretary(request.user))
    return render(
        request,
        "activities/my_rectifications.html",
        {"page": page, "query": query_without_page(request), "today": timezone.localdate()},
    )


@permission_required("activities.report_rectification")
def rectification_report(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(selectors.rectifications_of_secretary(request.user), pk=pk)
    _may(request, "activities.report_rectification", item)
    form = RectificationReportForm(
        request.POST or None, request.FILES or None, initial={"report": item.report}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.rectification_report(
                actor=request.user,
                rectification=item,
                report=form.cleaned_data["report"],
                files=form.cleaned_data["files"],
            )
        except (DomainError, ValidationError) as error:
            _add_error(form, error)
        else:
            messages.success(request, _("整改情况已报告，等待工委核查销号"))
            return redirect("bulletins:my_rectifications")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "activities/rectification_report.html", {"form": form, "item": item}, status=status
    )


@require_POST
@permission_required("activities.close_rectification")
def rectification_verify(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff close a reported item (销号) or send it back with a note."""
    item = get_object_or_404(selectors.rectifications_visible_to(request.user), pk=pk)
    _may(request, "activities.close_rectification", item)
    form = RectificationVerifyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择核查结果（销号或退回）"))
        return redirect("bulletins:talk_detail", item.talk_id)
    note = form.cleaned_data["note"]
    try:
        if form.cleaned_data["decision"] == "close":
            services.rectification_close(actor=request.user, rectification=item, note=note)
            messages.success(request, _("已销号"))
        else:
            services.rectification_return(actor=request.user, rectification=item, note=note)
            messages.success(request, _("已退回，书记将收到通知"))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("bulletins:talk_detail", item.talk_id)


@permission_required("activities.view_rectificationevidence")
def evidence_download(request: HttpRequest, pk: int) -> HttpResponse:
    """Stream one evidence file after checking the user may see its item and that its SHA-256 holds."""
    evidence = get_object_or_404(
        RectificationEvidence.objects.filter(
            rectification__in=selectors.rectifications_visible_to(request.user).values("pk")
        ),
        pk=pk,
    )
    try:
        handle = attachment_open_verified(attachment=evidence, user=request.user)
    except FileNotFoundError as error:
        raise Http404(_("文件不存在，可能已被删除")) from error
    except EvidenceIntegrityError as error:
        return render(
            request,
            "ledger/attachment_refused.html",
            {"attachment": evidence, "message": error.message},
            status=409,
        )
    inline = evidence.content_type in INLINE_TYPES and not request.GET.get("download")
    response = FileResponse(
        handle, as_attachment=not inline, filename=evidence.original_name, content_type=evidence.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
