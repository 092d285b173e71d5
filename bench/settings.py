"""Production settings for benchmarks served over plain HTTP on 127.0.0.1 (bench/server.py).

Everything is partybuild.settings with DEBUG off, except what only TLS makes work: in production
nginx terminates TLS, so cookies are Secure; a benchmark client on http://127.0.0.1 would drop
Secure cookies and never stay logged in. Nothing else changes.
"""

from partybuild.settings import *  # noqa: F403

SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
