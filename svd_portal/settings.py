"""Settings for SVD Portal, all read from the environment.

Development needs no environment at all: SQLite and the Celery broker live in files under var/,
email goes to the console. DJANGO_ENV=production demands real secrets and services and refuses
to start without them, so a half-configured server fails at boot rather than at 2am.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from svd_portal.schedule import beat_schedule

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a boolean: use one of {sorted(_TRUE | _FALSE)}"
    )


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number") from None


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DJANGO_ENV = env_str("DJANGO_ENV", "development")
if DJANGO_ENV not in {"development", "production"}:
    raise ImproperlyConfigured(f"DJANGO_ENV={DJANGO_ENV!r}: use 'development' or 'production'")
PRODUCTION = DJANGO_ENV == "production"

if PRODUCTION:
    _missing = [
        name
        for name in ("SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "REDIS_URL")
        if not env_str(name)
    ]
    if _missing:
        raise ImproperlyConfigured(
            f"DJANGO_ENV=production needs these environment variables: {', '.join(_missing)}"
        )

# Writable state for the embedded defaults: SQLite, the Celery broker, beat's schedule, uploads.
VAR_DIR = Path(env_str("VAR_DIR") or BASE_DIR / "var")
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEVELOPMENT_SECRET_KEY = "development-only-key-never-used-in-production-8f3b2c1d9e7a"  # noqa: S105 (public by design; refused in production)
SECRET_KEY = env_str("SECRET_KEY") or DEVELOPMENT_SECRET_KEY
if PRODUCTION and SECRET_KEY == DEVELOPMENT_SECRET_KEY:
    # The repository's key is public: sessions and reset links signed with it can be forged.
    raise ImproperlyConfigured(
        "SECRET_KEY is the development key from the repository: set a secret one of your own"
    )
DEBUG = env_bool("DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off when DJANGO_ENV=production")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"])
if PRODUCTION and any(host.strip() in {"*", ".*"} for host in ALLOWED_HOSTS):
    # A wildcard lets a forged Host header into absolute links (password reset emails).
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS must name the portal's host names when DJANGO_ENV=production, not '*'"
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "accounts",
    # Welsh beside English in the Duty catalogue's rows (partnerships/translation.py): before
    # the admin, as django-modeltranslation requires.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # allauth's list of passkeys says "3 days ago".
    "django.contrib.humanize",
    "whitenoise.runserver_nostatic",
    "svd_portal.apps.StaticFilesConfig",
    "django.forms",
    "django_htmx",
    # Sign-in (allauth.account), two-factor, single sign-on and the list of a person's sessions.
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.usersessions",
    "guardian",
    "simple_history",
    # Our apps, lowest layer first: each imports only apps before it (the import contracts
    # in pyproject.toml hold this; oversight and documents never import each other).
    "common",
    "outbox",
    "partnerships",
    "notifications",
    "assessments",
    "strategies",
    "oversight",
    "documents",
    "funding",
    # The read-only API (/api/v1/) and its tokens; "ninja" serves its docs from our static files.
    "api",
    "ninja",
    "demo",
    "svd_portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The language a signed-in person chose, over the browser's (it needs request.user).
    "accounts.language.ChosenLanguageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.sessions.IdleTimeoutMiddleware",
    # Records each signed-in session (device, address, last seen) for "your sessions".
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    # The admin works across partnerships, so superusers' admin requests run with django-scopes'
    # guard lifted (it needs request.user, so it comes after authentication).
    "svd_portal.admin_scopes.AdminScopesDisabledMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Sends a person who must use two-factor, and has not set it up, to set it up first.
    "partnerships.two_factor.TwoFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Records who made a change, for edits that do not come through a service (the admin).
    "simple_history.middleware.HistoryRequestMiddleware",
    # Logs every call made with an API token, whatever its answer (api/middleware.py).
    "api.middleware.ApiCallLogMiddleware",
]

ROOT_URLCONF = "svd_portal.urls"
WSGI_APPLICATION = "svd_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "svd_portal.context_processors.service",
            ],
        },
    },
]
FORM_RENDERER = "common.forms.GovukFormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web process and the worker share the file: WAL lets readers carry on during a write,
    # and IMMEDIATE transactions wait for the lock instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
CACHES = {
    "default": (
        # Redis away (a restart) means no rate limits for those moments, never a 500.
        {"BACKEND": "common.cache.ForgivingRedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Accounts and sign-in
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # allauth's: sign-in by email, counting failures for its rate limits (below).
    "allauth.account.auth_backends.AuthenticationBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Object permissions on partnerships (partnerships/roles.py says who gets which).
    "guardian.backends.ObjectPermissionBackend",
]
# No anonymous user row: signed-out visitors never hold object permissions here.
ANONYMOUS_USER_NAME = None
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:sign-in"
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 60 * 60 * 3)

# Sessions end after SESSION_IDLE_TIMEOUT seconds without a request (accounts/sessions.py); the
# page warns SESSION_TIMEOUT_WARNING seconds before (GOV.UK's timeout warning).
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT", 30 * 60)
SESSION_TIMEOUT_WARNING = env_int("SESSION_TIMEOUT_WARNING", 2 * 60)
SESSION_COOKIE_AGE = SESSION_IDLE_TIMEOUT

# django-allauth: sign-in by email and password only. Accounts are made by invitation, never by
# signing up; an account's email is verified by the invitation that reached it.
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_REAUTHENTICATION_TIMEOUT = 5 * 60
# Confirming it is you again takes the password or the second factor: never an emailed code,
# which anyone reading the mailbox could use.
ACCOUNT_REAUTHENTICATION_METHODS = ("password", "mfa")
# Failures are counted per address across accounts (password spraying) and per account across
# addresses (guessing one person's password from many machines). Colleagues behind one council
# proxy share an address, so its limit is a rate, not a lockout. Resetting a password is limited
# per address and per email.
ACCOUNT_RATE_LIMITS = {
    "login_failed": env_str("RATE_LIMIT_LOGIN_FAILED", "10/m/ip,50/h/ip,5/15m/key"),
    "login": env_str("RATE_LIMIT_LOGIN", "30/m/ip"),
    "reset_password": env_str("RATE_LIMIT_RESET_PASSWORD", "5/m/ip,3/h/key"),
    "reset_password_from_key": "20/m/ip",
    "reauthenticate": "10/m/user",
    "change_password": "5/m/user",
}
# Behind a proxy, the client's address is the last one the trusted proxies added.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Two-factor: an authenticator app (TOTP), a passkey or security key (WebAuthn), and recovery
# codes. Who must use it: partnerships/two_factor.py.
# In production partnership leads, data leads, conveners and administrators always need it;
# `make run`'s demo leaves that off so its sign-ins work with the password alone (set
# TWO_FACTOR_REQUIRED=true to try it). A lead's "every member" switch applies everywhere.
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", PRODUCTION)
if PRODUCTION and not TWO_FACTOR_REQUIRED:
    raise ImproperlyConfigured(
        "TWO_FACTOR_REQUIRED cannot be off when DJANGO_ENV=production: leads, data leads, "
        "conveners and administrators must sign in with two factors"
    )
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = env_str("MFA_TOTP_ISSUER", "SVD Portal")
# A code typed as the app turns to the next one still counts: one 30-second step either side,
# as RFC 6238 (5.2) advises for network delay and clock drift. A code is accepted only once.
MFA_TOTP_TOLERANCE = 1
MFA_PASSKEY_LOGIN_ENABLED = False
# Browsers allow WebAuthn on http://localhost only; production is served over HTTPS.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not PRODUCTION
MFA_RECOVERY_CODE_COUNT = 10

# Single sign-on with OpenID Connect (Microsoft Entra ID or any standards-compliant provider),
# switched on by OIDC_SERVER_URL. A person is matched to an existing account only by an email
# the provider says is verified (OIDC_TRUST_EMAIL=true says it verifies every email it issues,
# as Entra ID does for its tenant's own accounts without sending the claim); accounts are never
# made by signing in, only by accepting an invitation.
OIDC_SERVER_URL = env_str("OIDC_SERVER_URL").rstrip("/")
SOCIALACCOUNT_ADAPTER = "accounts.adapter.SocialAccountAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_REQUIRED = True
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = 10
SOCIALACCOUNT_PROVIDERS = (
    {
        "openid_connect": {
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [
                {
                    "provider_id": env_str("OIDC_PROVIDER_ID", "sso"),
                    "name": env_str("OIDC_NAME", "your organisation's account"),
                    "client_id": env_str("OIDC_CLIENT_ID"),
                    "secret": env_str("OIDC_CLIENT_SECRET"),
                    "settings": {
                        "server_url": OIDC_SERVER_URL,
                        "verified_email": env_bool("OIDC_TRUST_EMAIL", False),
                    },
                }
            ],
        }
    }
    if OIDC_SERVER_URL
    else {}
)
if OIDC_SERVER_URL and not env_str("OIDC_CLIENT_ID"):
    raise ImproperlyConfigured("OIDC_SERVER_URL is set: set OIDC_CLIENT_ID and OIDC_CLIENT_SECRET")

# Security headers. Content Security Policy is Django's own: scripts only from us or with the
# per-request nonce (GOV.UK's one-line "js-enabled" script), no inline styles, no framing.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    # Signing in with the organisation's account posts here, and is sent on to the provider.
    "form-action": [CSP.SELF, *([_origin(OIDC_SERVER_URL)] if OIDC_SERVER_URL else [])],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Container and load-balancer health checks speak plain HTTP from inside.
    SECURE_REDIRECT_EXEMPT = [r"^healthz/$", r"^readyz/$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# Language: British English and Welsh (issue 16). Each is named in itself, as the switcher in
# the header shows it. A person's choice is kept on their account (accounts/language.py); a
# Welsh partnership may ask for Welsh first. locale/cy is a first translation, for review.
LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", "English"), ("cy", "Cymraeg")]
# The catalogue's rows carry each text in both languages (name_en_gb, name_cy); a text with no
# Welsh yet is shown in English.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en-gb"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en-gb",)
LOCALE_PATHS = [BASE_DIR / "locale"]
# The language cookie (the switcher's choice while signed out) is essential: see /cookies/.
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
USE_I18N = True
TIME_ZONE = "Europe/London"
USE_TZ = True

# Static files: our own in static/, GOV.UK Frontend built into static/dist/ by `make assets`.
STATIC_URL = "/static/"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # The PDF print stylesheet needs no build step, so documents link it as 'pdf/document.css'.
    ("pdf", BASE_DIR / "static" / "src" / "pdf"),
]
STATIC_ROOT = Path(env_str("STATIC_ROOT") or BASE_DIR / "staticfiles")
if not PRODUCTION:
    # WhiteNoise expects the folder even when it serves straight from the finders.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Uploaded and generated files are private: no URL pattern or server serves MEDIA_ROOT; files
# leave only through permission-checked views. (MEDIA_URL must still be a path for Django.)
MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT") or VAR_DIR / "private")
MEDIA_URL = "/private-files-are-not-served/"
# The largest PDF a document export may produce; anything bigger fails with a plain message.
PDF_MAX_BYTES = env_int("PDF_MAX_BYTES", 25 * 1000 * 1000)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Attachments (docs/limits.md): each file, how many and how much in one request, and the
# storage each partnership may use (PARTNERSHIP_STORAGE_QUOTAS gives one partnership its own,
# by its web address; set in code, not the environment).
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
ATTACHMENT_MAX_FILES = env_int("ATTACHMENT_MAX_FILES", 10)
ATTACHMENT_MAX_REQUEST_BYTES = env_int("ATTACHMENT_MAX_REQUEST_BYTES", 50 * 1024 * 1024)
PARTNERSHIP_STORAGE_QUOTA_BYTES = env_int("PARTNERSHIP_STORAGE_QUOTA_BYTES", 2 * 1024**3)
PARTNERSHIP_STORAGE_QUOTAS: dict[str, int] = {}
# Django refuses a request with more files than this before any view reads them.
DATA_UPLOAD_MAX_NUMBER_FILES = ATTACHMENT_MAX_FILES + 2
# Private files (uploads, minutes, exported PDFs) stay on this machine's disk by default. With
# several web and worker machines they must be shared: set PRIVATE_STORAGE_S3_BUCKET to keep them
# in S3-compatible object storage instead (credentials from the usual AWS_* variables). Objects
# are private and reached only through the portal's permission-checked views.
PRIVATE_STORAGE_S3_BUCKET = env_str("PRIVATE_STORAGE_S3_BUCKET")
if PRIVATE_STORAGE_S3_BUCKET:
    _private_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": PRIVATE_STORAGE_S3_BUCKET,
            "endpoint_url": env_str("PRIVATE_STORAGE_S3_ENDPOINT_URL") or None,
            "region_name": env_str("PRIVATE_STORAGE_S3_REGION") or None,
            "location": env_str("PRIVATE_STORAGE_S3_PREFIX"),
            "default_acl": "private",
            "querystring_auth": True,
            # Exports are written again at the same key when re-rendered.
            "file_overwrite": True,
        },
    }
else:
    _private_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _private_storage,
    "staticfiles": {
        "BACKEND": (
            "svd_portal.storage.ManifestStaticStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

# Email
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "SVD Portal <no-reply@svd-portal.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SUPPORT_EMAIL = env_str("SUPPORT_EMAIL", "svd-portal-support@svd-portal.invalid")
_email_backend = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
_smtp_options = {
    "host": env_str("EMAIL_HOST", "localhost"),
    "port": env_int("EMAIL_PORT", 587),
    "username": env_str("EMAIL_HOST_USER"),
    "password": env_str("EMAIL_HOST_PASSWORD"),
    "use_tls": env_bool("EMAIL_USE_TLS", True),
    "timeout": 20,
}
MAILERS = {
    "default": {
        "BACKEND": _email_backend,
        "OPTIONS": _smtp_options if _email_backend.endswith("smtp.EmailBackend") else {},
    }
}

# Celery. Redis in production; without REDIS_URL an embedded broker in a SQLite file, so
# `make run` starts a real worker with no server to install.
CELERY_BROKER_URL = (
    env_str("CELERY_BROKER_URL")
    or REDIS_URL
    or (f"sqla+sqlite:///{VAR_DIR / 'celery-broker.sqlite'}")
)
CELERY_RESULT_BACKEND = (
    env_str("CELERY_RESULT_BACKEND")
    or REDIS_URL
    or (f"db+sqlite:///{VAR_DIR / 'celery-results.sqlite'}")
)
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_EXPIRES = timedelta(days=1)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 240)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300)
# A task is acknowledged only once it has finished, and a worker that dies mid-task hands it
# back to the queue, so a crash never silently drops work. Tasks must therefore be idempotent.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# WeasyPrint's memory grows with each document: recycle a worker process after this many tasks,
# or once it holds this much (in KiB) after a task. (Prefork pool only; `make run` uses solo.)
CELERY_WORKER_MAX_TASKS_PER_CHILD = env_int("CELERY_WORKER_MAX_TASKS_PER_CHILD", 50)
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env_int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", 512 * 1024)
# PDFs render on a queue of their own, so a long document never delays emails. (Its name can
# change so that tests, or two deployments sharing one Redis, keep their renders apart.)
EXPORT_QUEUE = env_str("EXPORT_QUEUE", "documents")
# Strategies with more actions than EXPORT_LARGE_FROM render on a queue of their own, served by
# a worker with more memory and one render at a time (documents/sizing.py, docs/scale.md).
EXPORT_LARGE_QUEUE = env_str("EXPORT_LARGE_QUEUE", "documents-large")
CELERY_TASK_ROUTES = {
    "documents.tasks.render_export": {"queue": EXPORT_QUEUE},
    "documents.tasks.render_large_export": {"queue": EXPORT_LARGE_QUEUE},
    # A Home Office return is a few pages: the ordinary documents worker renders it.
    "funding.tasks.render_return_pdf": {"queue": EXPORT_QUEUE},
}
# Redis re-delivers unacknowledged tasks after this; it must outlast the hard time limit.
# (The SQLAlchemy transport passes its options to create_engine, so it gets none.)
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {"visibility_timeout": 60 * 60} if CELERY_BROKER_URL.startswith(("redis", "rediss")) else {}
)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = beat_schedule(
    outbox_dispatch_every=env_int("OUTBOX_DISPATCH_EVERY", 5),
    export_sweep_every=env_int("EXPORT_SWEEP_EVERY", 15),
)
# The outbox (outbox/): how long a published message may wait for a worker before it is
# published again (doubling each time), how long a worker's claim on one lasts, and how many
# times a failing one is tried.
OUTBOX_REPUBLISH_AFTER = env_int("OUTBOX_REPUBLISH_AFTER", 30)
OUTBOX_CLAIM_TIMEOUT = env_int("OUTBOX_CLAIM_TIMEOUT", 600)
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 8)
# Delivered messages are kept this long (for an operator tracing an email), then pruned.
OUTBOX_KEEP_DAYS = env_int("OUTBOX_KEEP_DAYS", 14)
# Each worker records that it is alive this often; /readyz/ is unhealthy when none has for
# READY_WORKER_SILENCE seconds.
WORKER_HEARTBEAT_EVERY = env_int("WORKER_HEARTBEAT_EVERY", 15)
READY_WORKER_SILENCE = env_int("READY_WORKER_SILENCE", 60)
# PDF exports: the render's time limits, well inside the broker's visibility timeout above so
# Redis never hands a running render to a second worker, and how often a lost render is retried.
# Calls a minute one API token may make; more get 429 with Retry-After (api/auth.py).
API_RATE_LIMIT = env_int("API_RATE_LIMIT", 120)
# How long the log of API calls is kept: long enough to answer a question about last year's use.
API_CALL_RETENTION_DAYS = env_int("API_CALL_RETENTION_DAYS", 400)

EXPORT_SOFT_TIME_LIMIT = env_int("EXPORT_SOFT_TIME_LIMIT", 150)
EXPORT_TIME_LIMIT = env_int("EXPORT_TIME_LIMIT", 180)
# Sizes, in actions in the delivery plan (documents/sizing.py). Measured (bench/pdf.py) a render
# takes about 30 ms and 0.2 MB per action above a 190 MB process: 500 actions stay far inside
# the ordinary worker's 512 MiB child and 150 s; 5,000 need about 1.3 GB and several minutes,
# the most the large-document worker (2.5 GiB, below) is sized for. Beyond it, refused.
EXPORT_LARGE_FROM = env_int("EXPORT_LARGE_FROM", 500)
EXPORT_MAX_ACTIONS = env_int("EXPORT_MAX_ACTIONS", 5000)
EXPORT_LARGE_SOFT_TIME_LIMIT = env_int("EXPORT_LARGE_SOFT_TIME_LIMIT", 900)
EXPORT_LARGE_TIME_LIMIT = env_int("EXPORT_LARGE_TIME_LIMIT", 960)
# Worker pool processes lower their CPU priority by this (documents/tasks.py), so renders
# never take the CPU from web requests; 0 leaves it.
EXPORT_WORKER_NICE = env_int("EXPORT_WORKER_NICE", 10)
EXPORT_MAX_ATTEMPTS = env_int("EXPORT_MAX_ATTEMPTS", 3)
# A render says it is alive this often; one silent for the timeout has lost its worker. A job
# queued this long without a worker claiming it is handed to the queue again.
EXPORT_HEARTBEAT_EVERY = env_int("EXPORT_HEARTBEAT_EVERY", 10)
EXPORT_HEARTBEAT_TIMEOUT = env_int("EXPORT_HEARTBEAT_TIMEOUT", 60)
EXPORT_REQUEUE_AFTER = env_int("EXPORT_REQUEUE_AFTER", 60)
_visibility_timeout = CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", float("inf"))
if not EXPORT_SOFT_TIME_LIMIT < EXPORT_TIME_LIMIT < _visibility_timeout:
    raise ImproperlyConfigured(
        "Need EXPORT_SOFT_TIME_LIMIT < EXPORT_TIME_LIMIT < the broker's visibility timeout"
    )
if not EXPORT_LARGE_SOFT_TIME_LIMIT < EXPORT_LARGE_TIME_LIMIT < _visibility_timeout:
    raise ImproperlyConfigured(
        "Need EXPORT_LARGE_SOFT_TIME_LIMIT < EXPORT_LARGE_TIME_LIMIT < the broker's "
        "visibility timeout"
    )
if not EXPORT_LARGE_FROM <= EXPORT_MAX_ACTIONS:
    raise ImproperlyConfigured("Need EXPORT_LARGE_FROM <= EXPORT_MAX_ACTIONS")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # WeasyPrint logs every layout step at INFO; a worker's log needs only its warnings.
        "weasyprint.progress": {"level": "WARNING"},
    },
}
