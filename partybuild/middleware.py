from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from .storage import size_text


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
