"""Swagger UI for logged-in users only, with no inline script (CSP).

The schema and this page ask for an authenticated user through SPECTACULAR_SETTINGS["SERVE_PERMISSIONS"].
"""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.exceptions import AuthenticationFailed, NotAuthenticated


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI whose start-up script is a second request (?script), so the CSP needs no 'unsafe-inline'.

    A browser that is not logged in is sent to the login page and back, rather than shown a 401.
    """

    template_name = "api/swagger_ui.html"

    def handle_exception(self, exc):
        if isinstance(exc, NotAuthenticated | AuthenticationFailed) and "script" not in self.request.GET:
            return redirect_to_login(self.request.get_full_path())
        return super().handle_exception(exc)
