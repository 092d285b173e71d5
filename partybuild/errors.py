"""The error pages (403, 404, 500 and a failed CSRF check) in Chinese, in the site's layout.

Under /api/ the same errors answer as JSON `{"detail": …}` (DRF answers inside its views; these cover
the addresses no view matched). The 500 page is rendered without a request context: the database or
whatever failed may be unreachable, so it touches neither the session nor the menu.
"""

from __future__ import annotations

import re

from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

API_PREFIX = "/api/"
# Django's own English messages that are not for people: get_object_or_404's and the resolver's.
_INTERNAL = re.compile(r"^(\{|No .* matches the given query\.$)")


def _wants_json(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def _message(exception: Exception | None) -> str:
    """The exception's own message when code raised one for people to read (they are Chinese)."""
    text = str(exception or "").strip()
    return "" if _INTERNAL.match(text) else text


def _page(request: HttpRequest, template: str, status: int, message: str) -> HttpResponse:
    body = loader.render_to_string(template, {"message": message}, request=request)
    return HttpResponse(body, status=status)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = _message(exception) or _("您的角色不能查看这个页面。")
    if _wants_json(request):
        return JsonResponse({"detail": message}, status=403)
    return _page(request, "403.html", 403, message)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = _message(exception)
    if _wants_json(request):
        return JsonResponse({"detail": message or _("未找到。")}, status=404)
    return _page(request, "404.html", 404, message)


def server_error(request: HttpRequest) -> HttpResponse:
    """No request context: no session, no menu, no query; a plain template and the static files."""
    if _wants_json(request):
        return JsonResponse(
            {"detail": _("服务器出错了，请稍后重试；如果一直出现，请联系管理员。")}, status=500
        )
    try:
        body = loader.get_template("500.html").render({})
    except Exception:  # noqa: BLE001 - the error page itself must not fail (e.g. a URL it links to is gone)
        body = f"<!doctype html><meta charset=utf-8><h1>{_('服务器出错')}</h1>"
    return HttpResponseServerError(body)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """settings.CSRF_FAILURE_VIEW: usually a form left open past the session, or cookies switched off."""
    message = _("页面已过期或浏览器禁用了 Cookie，本次提交没有保存。请返回上一页刷新后重新提交。")
    if _wants_json(request):
        return JsonResponse({"detail": message}, status=403)
    return _page(request, "403.html", 403, message)
