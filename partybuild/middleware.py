import logging

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers

from partybuild.db_errors import RETRY_MESSAGE, is_retryable_conflict

logger = logging.getLogger(__name__)


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
            return JsonResponse({"detail": str(RETRY_MESSAGE)}, status=409)
        return render(request, "409.html", {"message": RETRY_MESSAGE}, status=409)
