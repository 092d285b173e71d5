"""Import from the list pages: 下载模板 → 上传 → 预览 (every row, every problem) → 确认.

The upload is checked by a dry run of the same engine the command uses, kept in private storage
under a random name until it is confirmed (or, unconfirmed, for IMPORT_UPLOAD_MAX_AGE_HOURS), and
imported for real on confirmation.
Each kind's import is allowed by the permission its spec names (committee staff).
"""

from __future__ import annotations

from uuid import uuid4

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts import authz
from accounts.audit import audit_log
from partybuild.legacy_excel import ImportFailed
from partybuild.storage import private_storage, purge_stale

from ..forms.vetting import ImportUploadForm
from ..imports import UnknownKind, get_kind, import_records
from ..imports.template import template_workbook

FOLDER = "records_imports"
SESSION_KEY = "records_imports"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _kind_for(request, code: str):
    try:
        kind = get_kind(code)
    except UnknownKind:
        raise Http404(_("没有这种导入类型")) from None
    if not authz.may(request.user, kind.permission):
        raise PermissionDenied(_("您的角色不能导入%(what)s") % {"what": kind.label})
    return kind


def _back(kind) -> str:
    return reverse(kind.list_url_name) if kind.list_url_name else reverse("home")


@login_required
def import_template(request: HttpRequest, code: str) -> HttpResponse:
    kind = _kind_for(request, code)
    response = HttpResponse(template_workbook(kind), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{kind.name}_template.xlsx"
    return response


def _forget(request, token: str) -> None:
    kept = request.session.get(SESSION_KEY, {})
    if kept.pop(token, None) is not None:
        private_storage().delete(f"{FOLDER}/{token}.xlsx")
        request.session[SESSION_KEY] = kept


@login_required
def import_upload(request: HttpRequest, code: str) -> HttpResponse:
    kind = _kind_for(request, code)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    context = {"kind": kind, "form": form, "back": _back(kind)}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            context["report"] = import_records(kind, upload, actor=request.user, dry_run=True)
        except ImportFailed as failed:
            context["problems"] = [str(p) for p in failed.problems]
        else:
            # An abandoned preview's file goes after IMPORT_UPLOAD_MAX_AGE_HOURS, checked at each upload.
            purge_stale(FOLDER, max_age_seconds=settings.IMPORT_UPLOAD_MAX_AGE_HOURS * 3600)
            token = uuid4().hex
            upload.seek(0)
            private_storage().save(f"{FOLDER}/{token}.xlsx", upload)
            kept = request.session.get(SESSION_KEY, {})
            kept[token] = {"kind": kind.name, "name": upload.name}
            request.session[SESSION_KEY] = kept
            context["token"] = token
            context["file_name"] = upload.name
    return render(request, "activities/import.html", context)


@login_required
def import_confirm(request: HttpRequest, code: str) -> HttpResponse:
    kind = _kind_for(request, code)
    if request.method != "POST":
        return redirect("activities:import_upload", code=kind.name)
    token = request.POST.get("token", "")
    entry = request.session.get(SESSION_KEY, {}).get(token)
    if entry is None or entry["kind"] != kind.name:
        return HttpResponseBadRequest(_("预览已失效，请重新上传文件"))
    path = f"{FOLDER}/{token}.xlsx"
    try:
        with private_storage().open(path, "rb") as handle:
            handle.name = entry["name"]
            report = import_records(kind, handle, actor=request.user)
    except ImportFailed as failed:  # the data changed since the preview
        audit_log(
            "import",
            actor=request.user,
            target=kind.model,
            result="failure",
            request=request,
            detail={"kind": kind.name, "file": entry["name"], "problems": len(failed.problems)},
        )
        context = {"kind": kind, "form": ImportUploadForm(), "back": _back(kind)}
        context["problems"] = [str(p) for p in failed.problems]
        return render(request, "activities/import.html", context, status=400)
    finally:
        _forget(request, token)
    messages.success(
        request, _("%(what)s导入完成：%(summary)s") % {"what": kind.label, "summary": report.summary()}
    )
    return redirect(_back(kind))
