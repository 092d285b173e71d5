"""The client's address as the audit trail, rate limits and lockouts see it.

Behind a reverse proxy every request comes from the proxy, so the address is read from
X-Forwarded-For — but only as many hops as there are proxies we trust (PARTYBUILD_TRUSTED_PROXY_COUNT):
the rightmost entries were appended by our proxies, anything left of them is whatever the client sent.
"""

from __future__ import annotations

from django.conf import settings


def client_address(request) -> str:
    """The address of the client that sent `request`, never a value the client chose itself."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    trusted = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if trusted <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    # Each trusted proxy appended one entry: with N of them the client is the Nth from the right.
    if len(hops) >= trusted:
        return hops[-trusted]
    return remote
