"""Settings for partybuild, read from the environment with safe defaults.

No environment at all is *local mode*: SQLite under var/, Celery tasks run in-process, console
e-mail, DEBUG on. DATABASE_URL (PostgreSQL) and REDIS_URL (broker and cache) switch to production;
DJANGO_SECRET_KEY is then required. .env.example lists every variable.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    if raw.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return [part.strip() for part in raw.split(",") if part.strip()]


DATABASE_URL = env_str("DATABASE_URL")
REDIS_URL = env_str("REDIS_URL")
LOCAL_MODE = not DATABASE_URL

DEBUG = env_bool("DJANGO_DEBUG", LOCAL_MODE)
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not LOCAL_MODE:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is required when DATABASE_URL is set")
    SECRET_KEY = "local-mode-insecure-key-do-not-use-in-production"
# Keyed hash for ID-card numbers: its own key, so rotating SECRET_KEY keeps de-duplication and a leaked
# SECRET_KEY does not turn the hashes back into numbers (2^35 candidates per birth date are few).
ID_NUMBER_HASH_KEY = env_str("PARTYBUILD_ID_HASH_KEY")
if not ID_NUMBER_HASH_KEY:
    if not LOCAL_MODE:
        raise ImproperlyConfigured("PARTYBUILD_ID_HASH_KEY is required when DATABASE_URL is set")
    ID_NUMBER_HASH_KEY = "local-mode-insecure-key-do-not-use-in-production"
elif ID_NUMBER_HASH_KEY == SECRET_KEY:
    raise ImproperlyConfigured("PARTYBUILD_ID_HASH_KEY must differ from DJANGO_SECRET_KEY")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
CSRF_FAILURE_VIEW = "partybuild.errors.csrf_failure"
# How many reverse proxies in front of the app append to X-Forwarded-For (0: trust none of it).
TRUSTED_PROXY_COUNT = env_int("PARTYBUILD_TRUSTED_PROXY_COUNT", 0)

INSTALLED_APPS = [
    "jazzmin",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "knox",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "treebeard",
    "import_export",
    "django_celery_beat",
    "csp",
    "accounts",
    "accounts.audit",
    # After knox and django_otp: its admin module unregisters theirs.
    "accounts.identity",
    "ledger",
    "assessments",
    "activities",
    "partybuild.apps.PartybuildConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "partybuild.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A request id for every request, the audit context for audit_log, and an event per 401/403.
    "accounts.audit.middleware.AuditMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "partybuild.middleware.ChineseFirstLocaleMiddleware",
    "partybuild.middleware.NulByteQueryMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before any view or CSRF check reads the body: an oversized upload is refused unread.
    "partybuild.middleware.UploadSizeLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After sessions, authentication and messages: stamp, idle/absolute timeouts, TOTP and password gates.
    "accounts.identity.middleware.SessionSecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "partybuild.middleware.RetryableConflictMiddleware",
]

ROOT_URLCONF = "partybuild.urls"
WSGI_APPLICATION = "partybuild.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
            ],
        },
    },
]

VAR_DIR = Path(env_str("PARTYBUILD_VAR_DIR", str(BASE_DIR / "var")))
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "db.sqlite3",
            # WAL lets pages read while one request writes; IMMEDIATE takes the write lock when a
            # transaction begins, so concurrent writers queue for `timeout` seconds instead of failing
            # at once with "database is locked" when a read lock cannot be upgraded.
            "OPTIONS": {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Permissions come only from accounts/permissions/ (rules); the model backend only checks passwords.
    "accounts.backends.MatrixBackend",
    "accounts.identity.backends.IdentityModelBackend",
]
# Identity policy (docs/operations.md, "Identity"). The last validator also records every password change.
_VALIDATORS = "accounts.identity.validators."
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": _VALIDATORS + "MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": _VALIDATORS + "CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": _VALIDATORS + "UserAttributeSimilarityValidator"},
    {"NAME": _VALIDATORS + "CommonPasswordValidator"},
    {"NAME": _VALIDATORS + "NumericPasswordValidator"},
    {"NAME": _VALIDATORS + "PasswordHistoryValidator"},
]
PARTYBUILD_PASSWORD_HISTORY = env_int("PARTYBUILD_PASSWORD_HISTORY", 5)
PARTYBUILD_PASSWORD_MAX_AGE_DAYS = env_int("PARTYBUILD_PASSWORD_MAX_AGE_DAYS", 90)
PARTYBUILD_RECOVERY_CODES = 10
OTP_TOTP_ISSUER = env_str("PARTYBUILD_OTP_ISSUER", "机关党建台账")
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lockout after repeated failures (等保: login failure handling), on the portal, the admin and the API:
# AXES_FAILURE_LIMIT failures within the window lock the account for AXES_COOLOFF_TIME; failures from
# one client address (any usernames) beyond PARTYBUILD_LOGIN_ADDRESS_FAILURE_LIMIT in the window block
# that address as long. accounts.identity.lockout implements the window (axes has none of its own).
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_HANDLER = "accounts.identity.lockout.WindowedAxesHandler"
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
PARTYBUILD_LOGIN_FAILURE_WINDOW_MINUTES = env_int("PARTYBUILD_LOGIN_FAILURE_WINDOW_MINUTES", 15)
PARTYBUILD_LOGIN_ADDRESS_FAILURE_LIMIT = env_int("PARTYBUILD_LOGIN_ADDRESS_FAILURE_LIMIT", 100)
# What a success resets and what axes' own records are keyed on; the lock itself counts the username's
# failures from every address (WindowedAxesHandler).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# accounts/admin/users.py registers the lockout tables with the 三员 permissions instead.
AXES_ENABLE_ADMIN = False
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "partybuild.client_address.client_address"
# A Chinese message: JSON under /api/, a page elsewhere.
AXES_LOCKOUT_CALLABLE = "accounts.views.axes_lockout_response"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(VAR_DIR / "media")))
# Evidence and uploads in transit: outside every served path, no URL (partybuild/storage.py).
PARTYBUILD_PRIVATE_ROOT = Path(env_str("PARTYBUILD_PRIVATE_ROOT", str(VAR_DIR / "private")))
# Large uploads are spooled here rather than /tmp while a request is read.
FILE_UPLOAD_TEMP_DIR = str(PARTYBUILD_PRIVATE_ROOT / "tmp" / "uploads")
IMPORT_EXPORT_TMP_STORAGE_CLASS = "partybuild.storage.ImportExportTempStorage"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "partybuild.storage.PrivateStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Uploads: legacy workbooks and evidence files. Checked again per file type in the import code.
UPLOAD_MAX_BYTES = env_int("PARTYBUILD_UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
XLSX_MAX_ZIP_ENTRIES = env_int("PARTYBUILD_XLSX_MAX_ZIP_ENTRIES", 2000)
XLSX_MAX_UNCOMPRESSED_BYTES = env_int("PARTYBUILD_XLSX_MAX_UNCOMPRESSED_BYTES", 300 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Quotas (finding 9): files and bytes one record submission may carry, evidence bytes per org per year
# (0: no yearly limit). Each refusal says the limit, what was sent and what to do.
EVIDENCE_MAX_FILES = env_int("PARTYBUILD_EVIDENCE_MAX_FILES", 10)
EVIDENCE_MAX_REQUEST_BYTES = env_int("PARTYBUILD_EVIDENCE_MAX_REQUEST_BYTES", 50 * 1024 * 1024)
EVIDENCE_ORG_YEAR_BYTES = env_int("PARTYBUILD_EVIDENCE_ORG_YEAR_BYTES", 2 * 1024 * 1024 * 1024)
if EVIDENCE_MAX_FILES < 1 or EVIDENCE_MAX_REQUEST_BYTES < 1 or EVIDENCE_ORG_YEAR_BYTES < 0:
    raise ImproperlyConfigured("PARTYBUILD_EVIDENCE_* limits must be positive (the yearly one may be 0)")
# A request body larger than this is refused (413) before it is read: the files plus the form.
UPLOAD_REQUEST_MAX_BYTES = env_int(
    "PARTYBUILD_UPLOAD_REQUEST_MAX_BYTES", max(EVIDENCE_MAX_REQUEST_BYTES, UPLOAD_MAX_BYTES) + 2 * 1024 * 1024
)
# Django's own cap (default 100): a little above ours, so a few files too many get the friendly message.
DATA_UPLOAD_MAX_NUMBER_FILES = 2 * EVIDENCE_MAX_FILES
# A previewed import that is never confirmed: its uploaded file is deleted after this many hours.
IMPORT_UPLOAD_MAX_AGE_HOURS = env_int("PARTYBUILD_IMPORT_UPLOAD_MAX_AGE_HOURS", 24)

# Exports: up to this many rows the file downloads at once; more become a background job with progress,
# whose file (and job) is deleted this many hours after it was asked for (`purge_exports`, hourly in beat).
EXPORT_INLINE_MAX_ROWS = env_int("PARTYBUILD_EXPORT_INLINE_MAX_ROWS", 2000)
EXPORT_MAX_AGE_HOURS = env_int("PARTYBUILD_EXPORT_MAX_AGE_HOURS", 24)

# Backups (`manage.py backup` / `restore`): where they go, and where pg_dump/pg_restore are (else PATH,
# then /usr/lib/postgresql/*/bin).
PARTYBUILD_BACKUP_DIR = Path(env_str("PARTYBUILD_BACKUP_DIR", str(VAR_DIR / "backups")))
PARTYBUILD_PG_BIN = env_str("PARTYBUILD_PG_BIN", "")

# Audit trail: purge_audit removes only rows older than the retention, and never fewer than 180 days.
AUDIT_RETENTION_MIN_DAYS = env_int("PARTYBUILD_AUDIT_RETENTION_MIN_DAYS", 180)
if AUDIT_RETENTION_MIN_DAYS < 180:
    raise ImproperlyConfigured("PARTYBUILD_AUDIT_RETENTION_MIN_DAYS must be at least 180 (six months)")
# The audit page's Excel export refuses more rows than this (narrow the filters instead).
AUDIT_EXPORT_MAX_ROWS = env_int("PARTYBUILD_AUDIT_EXPORT_MAX_ROWS", 50000)

# 服务监督岗: the public feedback page takes this many submissions per client address and window
# (django-ratelimit notation, e.g. "5/10m"); plates' QR codes point at PARTYBUILD_PUBLIC_URL when the
# public reach the portal by another address than staff (empty: the address the plates were printed from).
PARTYBUILD_FEEDBACK_RATE = env_str("PARTYBUILD_FEEDBACK_RATE", "5/10m")
PARTYBUILD_PUBLIC_URL = env_str("PARTYBUILD_PUBLIC_URL", "")

if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: in local mode tasks run in-process (eager); REDIS_URL makes them go to the broker.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 30 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 25 * 60)
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_IMPORTS = ["ledger.imports.tasks", "accounts.tasks", "assessments.points.tasks"]
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    "accounts-expire-roles-daily": {
        "task": "accounts.tasks.role_assignments_expire_task",
        "schedule": crontab(hour=0, minute=5),
    },
    "ledger-mark-overdue-daily": {
        "task": "ledger.tasks.mark_overdue_task",
        "schedule": crontab(hour=7, minute=0),
    },
    "ledger-purge-import-uploads-hourly": {
        "task": "ledger.tasks.purge_import_uploads_task",
        "schedule": crontab(minute=17),
    },
    "accounts-purge-export-jobs-hourly": {
        "task": "accounts.tasks.purge_export_jobs_task",
        "schedule": crontab(minute=23),
    },
}

EMAIL_BACKEND = env_str(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if LOCAL_MODE
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "partybuild@localhost")
# Reminder e-mails go out only when explicitly enabled; in-app notifications always do.
PARTYBUILD_EMAIL_NOTIFICATIONS = env_bool("PARTYBUILD_EMAIL_NOTIFICATIONS", False)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.identity.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["accounts.api.permissions.MatrixPermission"],
    "DEFAULT_PAGINATION_CLASS": "partybuild.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "partybuild.api.pagination.StableOrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "partybuild.api.exceptions.exception_handler",
    # member_write: adding or correcting members answers whether an ID number is registered elsewhere;
    # a secretary's real work is far below this, an enumeration far above.
    "DEFAULT_THROTTLE_RATES": {
        "token": "20/minute",
        "member_write": env_str("PARTYBUILD_MEMBER_WRITE_RATE", "120/hour"),
    },
}
# API tokens (django-rest-knox): stored as SHA-512 digests, valid for PARTYBUILD_API_TOKEN_TTL_HOURS.
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=env_int("PARTYBUILD_API_TOKEN_TTL_HOURS", 10)),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "partybuild API",
    "DESCRIPTION": "机关党建台账系统 REST API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and the docs only for logged-in users (session or token), in every mode.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # Swagger UI would otherwise send the schema to validator.swagger.io; the docs stay offline.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # One name for the 书记/副书记 choices, in a term's role and a vetting's proposed post alike.
    "ENUM_NAME_OVERRIDES": {
        "SecretaryRoleEnum": "accounts.models.people.SecretaryRole",
        "SelectionKindEnum": "activities.models.selections.SelectionKind",
        "CandidateStageEnum": "activities.models.selections.CandidateStage",
        "BrandStatusEnum": "activities.models.brands.BrandStatus",
    },
}

JAZZMIN_SETTINGS = {
    "site_title": "党建台账管理",
    "site_header": "机关党建台账",
    "site_brand": "党建台账",
    "welcome_sign": "机关党建台账管理后台",
    "copyright": "partybuild",
    "search_model": ["accounts.Organization", "accounts.Member"],
    "use_google_fonts_cdn": False,
    "show_ui_builder": False,
    "navigation_expanded": True,
    "language_chooser": False,
}

# Production hardening; `manage.py check --deploy` is clean when DEBUG is off.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
# Absolute session lifetime (also enforced server-side by SessionSecurityMiddleware); the idle timeout
# comes from accounts.authz.idle_timeout_seconds.
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_COOKIE_AGE", 12 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Scripts and styles only from our static files (no inline, no eval); partybuild/csp.py explains it
# and the one exception, the admin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Bootstrap draws select arrows, toggler and check icons as data: SVG in its stylesheet.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", False)
    SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
