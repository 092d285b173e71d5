from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


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
