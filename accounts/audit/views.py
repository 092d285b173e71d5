"""The audit admin's pages: the audit trail (filter, page, export) and the admin's action log."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC
from functools import wraps
from io import BytesIO
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from accounts.authz import may_read_audit
from partybuild.spreadsheets import excel_safe

from . import audit_log
from .forms import AdminLogFilterForm, AuditEventFilterForm
from .labels import action_label, detail_items
from .models import AuditEvent
from .selectors import admin_log_entries, audit_events

PAGE_SIZE = 50
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def audit_reader_required(view: Callable) -> Callable:
    """Only the audit admin (审计管理员); anyone else gets 403, itself recorded as a denied request."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not may_read_audit(request.user):
            raise PermissionDenied(_("只有审计管理员可以查看审计日志"))
        return view(request, *args, **kwargs)

    return wrapper


def _query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@audit_reader_required
def event_list(request: HttpRequest) -> HttpResponse:
    form = AuditEventFilterForm(request.GET or None)
    page = Paginator(audit_events(form), PAGE_SIZE).get_page(request.GET.get("page"))
    for event in page:
        event.action_label = action_label(event.action)
        event.detail_items = detail_items(event.detail)
    context = {"form": form, "page": page, "query": _query_without_page(request)}
    return render(request, "audit/event_list.html", context)


_EXPORT_COLUMNS = [
    (gettext_lazy("序号"), lambda e: e.seq),
    (gettext_lazy("时间（北京时间）"), lambda e: timezone.localtime(e.time).strftime("%Y-%m-%d %H:%M:%S")),
    (gettext_lazy("时间（UTC）"), lambda e: e.time.astimezone(UTC).isoformat(timespec="seconds")),
    (gettext_lazy("用户名"), lambda e: e.actor_username),
    (gettext_lazy("角色"), lambda e: e.roles),
    (gettext_lazy("客户端地址"), lambda e: e.address),
    (gettext_lazy("渠道"), lambda e: e.get_channel_display()),
    (gettext_lazy("操作"), lambda e: action_label(e.action)),
    (gettext_lazy("操作代码"), lambda e: e.action),
    (gettext_lazy("对象类型"), lambda e: e.object_type.name if e.object_type else ""),
    (gettext_lazy("对象编号"), lambda e: e.object_id),
    (gettext_lazy("对象"), lambda e: e.object_repr),
    (gettext_lazy("结果"), lambda e: e.get_result_display()),
    (gettext_lazy("行数"), lambda e: e.rows),
    (gettext_lazy("请求编号"), lambda e: e.request_id),
    (gettext_lazy("详情"), lambda e: json.dumps(e.detail, ensure_ascii=False) if e.detail else ""),
    (gettext_lazy("哈希"), lambda e: e.hash),
]


@audit_reader_required
def event_export(request: HttpRequest) -> HttpResponse:
    """The filtered events as .xlsx (oldest first); the export is itself an audit event."""
    form = AuditEventFilterForm(request.GET or None)
    back = reverse("audit:event_list") + (f"?{request.GET.urlencode()}" if request.GET else "")
    if request.GET and not form.is_valid():
        messages.error(request, _("筛选条件有误，未导出；请先改正筛选条件"))
        return redirect(back)
    events = audit_events(form)
    count = events.count()
    if count > settings.AUDIT_EXPORT_MAX_ROWS:
        messages.error(
            request,
            _("符合条件的记录有 %(count)d 条，超过单次导出上限 %(limit)d 条；请缩小日期范围或增加筛选条件")
            % {"count": count, "limit": settings.AUDIT_EXPORT_MAX_ROWS},
        )
        return redirect(back)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("审计日志"))
    sheet.append([str(title) for title, _getter in _EXPORT_COLUMNS])
    written = 0
    for event in events.order_by("seq").iterator(chunk_size=2000):
        sheet.append([excel_safe(getter(event)) for _title, getter in _EXPORT_COLUMNS])
        written += 1
    buffer = BytesIO()
    workbook.save(buffer)
    audit_log(
        "export.audit",
        target=AuditEvent,
        rows=written,
        detail={"filters": {key: value for key, value in request.GET.items() if value}},
    )
    filename = _("审计日志") + timezone.localdate().strftime("-%Y%m%d") + ".xlsx"
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@audit_reader_required
def admin_log(request: HttpRequest) -> HttpResponse:
    """django.contrib.admin's action log (LogEntry), readable: who changed what in the admin, and how."""
    form = AdminLogFilterForm(request.GET or None)
    page = Paginator(admin_log_entries(form), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "query": _query_without_page(request)}
    return render(request, "audit/admin_log.html", context)
