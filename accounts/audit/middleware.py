"""AuditMiddleware: a request id for every request, the audit context, and one event per denied request.

Denied means a 401 or 403 response, whatever produced it: Django's PermissionDenied (its message noted
in process_exception), DRF's permission and authentication failures (the message is the response's
`detail`), CSRF failures. It is recorded after the view has returned, outside any transaction the view
used, so it stays although the request failed.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from . import audit_log
from .context import bind, context_for_request
from .models import Result

REQUEST_ID_HEADER = "X-Request-ID"
DENIED_STATUSES = (401, 403)


def _reason(request, response) -> str:
    reason = getattr(request, "audit_denied_reason", "")
    data = getattr(response, "data", None)  # a DRF Response: {"detail": "..."}
    if not reason and isinstance(data, dict):
        reason = data.get("detail", "")
    return str(reason)[:500]


class AuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        context = context_for_request(request)
        request.request_id = context.request_id
        with bind(context):
            response = self.get_response(request)
            if response.status_code in DENIED_STATUSES and not context.denied_recorded:
                context.denied_recorded = True
                audit_log(
                    "request.denied",
                    result=Result.DENIED,
                    request=request,
                    detail={
                        "method": request.method,
                        "path": request.path[:300],
                        "status": response.status_code,
                        "reason": _reason(request, response),
                    },
                )
        response[REQUEST_ID_HEADER] = context.request_id
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, PermissionDenied):
            request.audit_denied_reason = str(exception)
        return None
