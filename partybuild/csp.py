"""The Content-Security-Policy (settings.CONTENT_SECURITY_POLICY): scripts and styles only from our own
static files, nothing framed.

The portal has no inline script, no inline style attribute and no eval (static/js/*.js read their
data from data-* attributes or json_script), so `script-src 'self'` and `style-src 'self'` hold.
The admin (jazzmin's templates, Django's admin widgets) writes inline <script> blocks and style
attributes that we do not own; under /admin/ only, 'unsafe-inline' is added for scripts and styles.
The admin is used by the three admin roles and committee staff, behind login, and every other
directive (frame-ancestors, object-src, base-uri, form-action, connect-src) stays as strict there.
"""

from __future__ import annotations

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts

ADMIN_PREFIX = "/admin/"
ADMIN_RELAXATION = {"script-src": [UNSAFE_INLINE], "style-src": [UNSAFE_INLINE]}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's inline scripts and styles allowed under /admin/ only."""

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(ADMIN_PREFIX):
            parts.update = {**ADMIN_RELAXATION, **(parts.update or {})}
        return parts
