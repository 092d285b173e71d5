import logging

from django.conf import settings
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partybuild.db_errors import RETRY_MESSAGE, is_retryable_conflict

from .storage import size_text

logger = logging.getLogger(__name__)
NUL_MESSAGE = gettext_lazy("请求参数中含有不可见的空字符（\\x00），已拒绝；请删除后重试。")


class ChineseFirstLocaleMiddleware:
    """Chinese unless the user chose another language with the switcher (the language cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, so an intranet PC with an
    English browser would get English pages; here the default is the committee's language, zh-hans.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        previous = translation.get_language()
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        try:
            response = self.get_response(request)
        finally:
            # The language is per thread: do not let one request's choice leak into the next work done here.
            if previous:
                translation.activate(previous)
            else:
                translation.deactivate()
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class UploadSizeLimitMiddleware:
    """Refuse a request body over UPLOAD_REQUEST_MAX_BYTES (413) from its Content-Length, before reading it.

    Django caps form fields (DATA_UPLOAD_MAX_MEMORY_SIZE) but streams uploaded files to disk whatever
    their total; this stops "100 files of 20 MB" at the door. The answer says the limit, what was sent
    and what to do: JSON under /api/, a page elsewhere.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.UPLOAD_REQUEST_MAX_BYTES
        if length <= limit:
            return self.get_response(request)
        message = _(
            "本次提交共 %(sent)s，超过每次提交 %(limit)s 的上限，未保存任何内容；"
            "请压缩图片或减少文件数量后重新提交，材料较多时可分几次修改记录补充上传"
        ) % {"sent": size_text(length), "limit": size_text(limit)}
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=413)
        return render(request, "413.html", {"message": message}, status=413)


class RetryableConflictMiddleware:
    """A page whose write met another writer's lock answers 409 "请稍后重试", never a 500.

    SQLite's "database is locked" after its timeout, PostgreSQL's serialization failures, deadlocks
    and lock timeouts: the transaction was rolled back, so sending the form again is safe. The API
    answers the same through its exception handler (partybuild.api.exceptions).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_retryable_conflict(exception):
            return None
        logger.warning("409 after a database lock conflict on %s: %s", request.path, exception)
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"detail": str(RETRY_MESSAGE)}, status=409, json_dumps_params={"ensure_ascii": False}
            )
        return render(request, "409.html", {"message": RETRY_MESSAGE}, status=409)


class NulByteQueryMiddleware:
    """A query string carrying a NUL byte is answered 400 before any view sees it.

    PostgreSQL cannot store or compare text holding NUL (psycopg raises ValueError: a 500); forms and
    serializers refuse it field by field, but a raw ?q= read by a view would pass it to a query.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()
        ):
            message = str(NUL_MESSAGE)
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": message}, status=400, json_dumps_params={"ensure_ascii": False}
                )
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
