"""Staff pages for legacy ledger imports (upload → preview → confirm) and the Excel export."""

from __future__ import annotations

from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.decorators import permission_required
from accounts.exports.services import export_respond
from partybuild.api.fields import YearFormField
from partybuild.exceptions import DomainError
from partybuild.legacy_excel import ImportFailed
from partybuild.periods import parse_year

from .export_kinds import LEDGER
from .imports.importer import (
    assignments_finish,
    failure_lines,
    ledger_import_confirm,
    ledger_import_start,
    progress_get,
)
from .imports.materialize import assignments_step
from .models import ImportStatus, LedgerImport, Plan, Task
from .views.common import (
    add_domain_error,
    paginate,
)


class LedgerUploadForm(forms.Form):
    year = YearFormField(
        label=gettext_lazy("台账年度"),
        widget=forms.NumberInput(attrs={"class": "form-control"}),
        help_text=gettext_lazy("“3月底前”“全年”等没有年份的时限按此年度计算"),
    )
    file = forms.FileField(
        label=gettext_lazy("台账文件（.xlsx）"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx"}),
        help_text=gettext_lazy("先预览，确认无误后才写入；有任何错误都不会写入数据"),
    )


@permission_required("ledger.add_ledgerimport")
def import_list(request: HttpRequest) -> HttpResponse:
    form = LedgerUploadForm(
        request.POST or None, request.FILES or None, initial={"year": timezone.localdate().year}
    )
    if request.method == "POST" and form.is_valid():
        try:
            ledger_import, _queued = ledger_import_start(
                file=form.cleaned_data["file"], year=form.cleaned_data["year"], user=request.user
            )
        except ImportFailed as error:
            for line in failure_lines(error):
                form.add_error("file", line)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return redirect("ledger_imports:detail", pk=ledger_import.pk)
    imports = LedgerImport.objects.select_related("uploaded_by")
    query = request.GET.get("q", "").strip()
    if query:
        imports = imports.filter(original_name__icontains=query)
    return render(
        request,
        "ledger/imports/list.html",
        {
            "form": form,
            "page": paginate(request, imports),
            "q": query,
            "query": f"q={quote(query)}" if query else "",
        },
        status=400 if form.errors else 200,
    )


@permission_required("ledger.add_ledgerimport")
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    ledger_import = get_object_or_404(LedgerImport.objects.select_related("uploaded_by"), pk=pk)
    in_progress = ledger_import.status in (ImportStatus.PENDING, ImportStatus.RUNNING)
    counts = (ledger_import.summary or {}).get("counts") or {}
    return render(
        request,
        "ledger/imports/detail.html",
        {
            "imp": ledger_import,
            "in_progress": in_progress,
            "preview": ledger_import.summary or {},
            "counts": counts,
            # Written after the import by a follow-up task, which records the count when done.
            "assignments_failed": ledger_import.assignments_status == ImportStatus.FAILED,
            "assignments_pending": not ledger_import.dry_run
            and ledger_import.status == ImportStatus.SUCCEEDED
            and "assignments_created" in counts
            and counts["assignments_created"] is None,
            "can_confirm": ledger_import.dry_run and ledger_import.status == ImportStatus.SUCCEEDED,
        },
    )


@permission_required("ledger.add_ledgerimport")
@require_POST
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    ledger_import = get_object_or_404(LedgerImport, pk=pk)
    try:
        queued = ledger_import_confirm(ledger_import=ledger_import, user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if queued:
            messages.info(request, _("文件较大，已转入后台导入，请稍候查看进度"))
        else:
            ledger_import.refresh_from_db()
            if ledger_import.status == ImportStatus.SUCCEEDED:
                messages.success(request, _("导入完成"))
            else:
                messages.error(request, _("导入失败，未写入任何数据；请按下方列出的问题修改文件后重新上传"))
    return redirect("ledger_imports:detail", pk=pk)


@permission_required("ledger.add_ledgerimport")
@require_POST
def import_assignments_run(request: HttpRequest, pk: int) -> HttpResponse:
    """Write the import's assignments now, here: the way out when the background step never ran.

    Safe to repeat: existing (task, org, period) rows are skipped.
    """
    ledger_import = get_object_or_404(LedgerImport, pk=pk, status=ImportStatus.SUCCEEDED, dry_run=False)
    plan = Plan.objects.filter(year=ledger_import.year).first()
    created = 0
    if plan is not None:
        task_ids = list(Task.objects.filter(item__plan=plan).values_list("pk", flat=True))
        try:
            with assignments_step(pk):
                created = assignments_finish(
                    plan_id=plan.pk, task_ids=task_ids, user_id=request.user.pk, import_id=pk
                )
        except Exception as error:
            messages.error(
                request,
                _("生成任务分解失败（%(error)s）；工作项目和任务已导入，请排除问题后再点“立即生成任务分解”")
                % {"error": error},
            )
            return redirect("ledger_imports:detail", pk=pk)
    messages.success(request, _("任务分解已生成：新增 %(count)d 条") % {"count": created})
    return redirect("ledger_imports:detail", pk=pk)


@permission_required("ledger.add_ledgerimport")
def import_progress(request: HttpRequest, pk: int) -> JsonResponse:
    status = LedgerImport.objects.filter(pk=pk).values_list("status", flat=True).first()
    if status is None:
        return JsonResponse({"error": _("导入记录不存在")}, status=404)
    progress = progress_get(pk)
    done = status in (ImportStatus.SUCCEEDED, ImportStatus.FAILED)
    return JsonResponse(
        {
            "status": status,
            "status_label": str(ImportStatus(status).label),
            "phase": progress.get("phase", ""),
            "percent": 100 if done else progress.get("percent", 0),
            "finished": done,
        }
    )


@permission_required("ledger.export_ledger")
def export(request: HttpRequest) -> HttpResponse:
    try:
        year = parse_year(request.GET.get("year") or timezone.localdate().year)
    except ValueError as error:
        return HttpResponse(str(error), status=400)
    return export_respond(request, LEDGER, {"year": year})
