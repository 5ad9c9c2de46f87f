"""Accord settings: everything comes from the environment (see docs/configuration.md).

ACCORD_ENV is `production` unless said otherwise, so that a forgotten variable fails loudly
instead of running a production server on development defaults.
"""

import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from accord.accounts.oidc_config import oidc_providers_from_env
from accord.core.env import env_bool, env_int, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(env_str("ACCORD_VAR_DIR", str(Path.cwd() / "var")))

ACCORD_ENV = env_str("ACCORD_ENV", "production")
if ACCORD_ENV not in {"dev", "test", "production"}:
    raise ImproperlyConfigured("ACCORD_ENV must be dev, test or production")
IS_DEV = ACCORD_ENV in {"dev", "test"}
TESTING = ACCORD_ENV == "test"

DEBUG = env_bool("ACCORD_DEBUG", ACCORD_ENV == "dev")
SECRET_KEY = env_secret("SECRET_KEY", dev_default="dev-only-not-secret-" + "x" * 40, is_dev=IS_DEV)
# Wraps each network's data key (DESIGN.md, mechanism 5): one or several 32-byte keys, base64,
# `id:key,id:key`, the first current (accord/vault/keys.py). The default is public: dev/test only.
ACCORD_MASTER_KEY = env_secret(
    "ACCORD_MASTER_KEY",
    dev_default="ZGV2LW9ubHktbWFzdGVyLWtleS1ub3Qtc2VjcmV0ISE=",
    is_dev=IS_DEV,
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if IS_DEV else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
ACCORD_BASE_URL = env_str("ACCORD_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",  # its widget templates, found by the project's engine (FORM_RENDERER below)
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "axes",
    "pgtrigger",
    "django_scopes",
    "django_tasks_db",
    "ninja",
    "accord.core",
    "accord.accounts",
    "accord.tenancy",
    "accord.audit",
    "accord.policy",
    "accord.api",
    "accord.charter",
    "accord.cases",
    "accord.sharing",
    "accord.vault",
    "accord.meetings",
    "accord.casework",
    "accord.demo",
    "accord.bench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "accord.core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "accord.core.middleware.RequestIdMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "accord.api.limits.RequestSizeLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accord.accounts.middleware.SessionExpiryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "accord.audit.middleware.ChainHeadBehindMiddleware",
    "accord.tenancy.middleware.NetworkScopeMiddleware",
    "accord.policy.middleware.DeniedMiddleware",
]

ROOT_URLCONF = "accord.urls"
WSGI_APPLICATION = "accord.wsgi.application"

# The largest request body (forms and API; Accord takes no file uploads). A larger one is a 413
# page or problem, refused by accord.api.limits before anything reads it.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("ACCORD_MAX_REQUEST_BYTES", 2_621_440)

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accord.tenancy.context_processors.network",
            ],
            # One date form and one date-time form everywhere (accord_dates); {% tablescroll %},
            # the form error summary and the title's "Error:" prefix (accord_ui): available in
            # every template, so no page can render a date, a table or a form another way.
            "builtins": [
                "accord.core.templatetags.accord_dates",
                "accord.core.templatetags.accord_ui",
            ],
        },
    }
]
FORM_RENDERER = "accord.core.forms.AccordFormRenderer"

# SQLite is the embedded default (the demo); PostgreSQL when DATABASE_URL is set (production, CI).
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    # Health checks: a connection kept from an earlier request is tested before reuse, so
    # after a PostgreSQL restart the next request reconnects instead of failing on it.
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60,
                                                  conn_health_checks=True)}
    # A query that runs longer is cancelled, and the request answers 503 with Retry-After
    # (accord.core.unavailable) instead of waiting for the proxy's timeout. Off by default; set
    # it for the web processes only (the worker and maintenance commands run long queries).
    _STATEMENT_TIMEOUT_MS = env_int("ACCORD_DB_STATEMENT_TIMEOUT_MS", 0)
    if _STATEMENT_TIMEOUT_MS:
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
            f"-c statement_timeout={_STATEMENT_TIMEOUT_MS}")
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("ACCORD_SQLITE_PATH", str(VAR_DIR / "accord.sqlite3")),
            # IMMEDIATE makes concurrent writers queue instead of failing half-way.
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Tests create many users; argon2 at full cost would dominate the suite's run time.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2

# Sessions: rotated at sign-in (django.contrib.auth.login), idle and absolute expiry.
# Single sign-on per organisation (docs/sso.md). The demo's provider is the development
# OpenID provider that `make demo` starts on 127.0.0.1:8800; tests set their own.
ACCORD_OIDC_PROVIDERS = oidc_providers_from_env(
    is_dev=IS_DEV,
    dev_default={} if TESTING else {"rheinhafen-jugendamt": {
        "name": "Jugendamt Rheinhafen", "issuer": "http://127.0.0.1:8800/o",
        "client_id": "accord-demo", "dev_client_secret": "demo-client-secret",
        "network": "rheinhafen", "organisation": "Jugendamt Rheinhafen",
        "email_domains": ["example.org"],
    }},
)
# How often a signed-in SSO session asks its provider (refresh token) whether the account is
# still accepted; a refusal ends the session.
ACCORD_OIDC_RECHECK_MINUTES = env_int("ACCORD_OIDC_RECHECK_MINUTES", 5)
ACCORD_OIDC_TIMEOUT_SECONDS = env_int("ACCORD_OIDC_TIMEOUT_SECONDS", 5)
# Passkeys (django-otp-webauthn). The relying party ID is the site's domain: browsers refuse an
# IP address, so a development site on 127.0.0.1 offers passkeys at http://localhost:8000.
_BASE_HOST = ACCORD_BASE_URL.split("://", 1)[-1].split("/", 1)[0].split(":")[0]
OTP_WEBAUTHN_RP_ID = env_str("ACCORD_WEBAUTHN_RP_ID",
                             "localhost" if _BASE_HOST in {"127.0.0.1", "::1"} else _BASE_HOST)
OTP_WEBAUTHN_RP_NAME = "Accord"
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list(
    "ACCORD_WEBAUTHN_ORIGINS", [ACCORD_BASE_URL.replace("://127.0.0.1", "://localhost")])
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = True
OTP_WEBAUTHN_EXCEPTION_LOGGER_NAME = "accord.accounts.passkeys"
# Sensitive acts (audit export, API token creation, ...) need a second factor this fresh.
ACCORD_STEP_UP_MINUTES = env_int("ACCORD_STEP_UP_MINUTES", 10)
ACCORD_SESSION_IDLE_MINUTES = env_int("ACCORD_SESSION_IDLE_MINUTES", 30)
ACCORD_SESSION_ABSOLUTE_HOURS = env_int("ACCORD_SESSION_ABSOLUTE_HOURS", 12)
SESSION_COOKIE_AGE = ACCORD_SESSION_ABSOLUTE_HOURS * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# The demo runs over plain http on 127.0.0.1: browsers refuse `Secure` and `__Host-` cookies
# there, so only a non-dev environment gets them.
SECURE_COOKIES = env_bool("ACCORD_SECURE_COOKIES", not IS_DEV)
if SECURE_COOKIES:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-accord-session"
    CSRF_COOKIE_NAME = "__Host-accord-csrf"
else:
    SESSION_COOKIE_NAME = "accord-session"
    CSRF_COOKIE_NAME = "accord-csrf"
# The CSRF token is read from the cookie by nothing but Django; HTMX sends it from a meta tag.
CSRF_COOKIE_HTTPONLY = True

# Login throttle (django-axes): after ACCORD_LOGIN_FAILURE_LIMIT failures, lock the account,
# and the address plus account, for the cool-off. Never the address alone: everyone behind one
# NAT address (a city hall) would be shut out by one person. One address trying many accounts
# is slowed instead, with growing pauses (accord.accounts.throttle, docs/configuration.md).
AXES_FAILURE_LIMIT = env_int("ACCORD_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("ACCORD_LOGIN_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = ["username", ["ip_address", "username"]]
# Each failure with its address, for the per-address brake (pruned by axes' own command).
AXES_ENABLE_ACCESS_FAILURE_LOG = True
ACCORD_PROXY_COUNT = env_int("ACCORD_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "accord.accounts.throttle.client_ip"  # honours ACCORD_PROXY_COUNT
AXES_USERNAME_FORM_FIELD = "email"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accord.accounts.views.locked_out"
AXES_VERBOSE = False
AXES_ENABLE_ADMIN = False
ACCORD_LOGIN_ADDRESS_LIMIT = env_int("ACCORD_LOGIN_ADDRESS_LIMIT", 20)
ACCORD_LOGIN_ADDRESS_WINDOW_MINUTES = env_int("ACCORD_LOGIN_ADDRESS_WINDOW_MINUTES", 60)
ACCORD_LOGIN_ADDRESS_MAX_PAUSE_SECONDS = env_int("ACCORD_LOGIN_ADDRESS_MAX_PAUSE_SECONDS", 60)
# Password-reset e-mails per hour, per requesting address and per account.
ACCORD_PASSWORD_RESET_ADDRESS_LIMIT = env_int("ACCORD_PASSWORD_RESET_ADDRESS_LIMIT", 20)
ACCORD_PASSWORD_RESET_ACCOUNT_LIMIT = env_int("ACCORD_PASSWORD_RESET_ACCOUNT_LIMIT", 3)

# Security headers.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if not IS_DEV else None
SECURE_SSL_REDIRECT = env_bool("ACCORD_SSL_REDIRECT", not IS_DEV)
SECURE_REDIRECT_EXEMPT = [r"^healthz(/live)?$"]
SECURE_HSTS_SECONDS = env_int("ACCORD_HSTS_SECONDS", 0 if IS_DEV else 63072000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not IS_DEV
SECURE_HSTS_PRELOAD = not IS_DEV
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Languages: every page exists in these four.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("de", "Deutsch"), ("nl", "Nederlands"), ("fr", "Français")]
LANGUAGE_COOKIE_NAME = "accord-language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = SECURE_COOKIES
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# The project-wide static folder (accord.css, htmx) belongs to no app, so no app finder sees it.
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": str(VAR_DIR / "media")}},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
                    if not IS_DEV else
                    "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # The audit witness (accord.audit.witness): signed chain heads, outside the database. A
    # directory by default; any Django storage (object storage) by STORAGES configuration.
    # `check --deploy` warns while it is still inside ACCORD_VAR_DIR (audit/checks.py).
    "audit_witness": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                      "OPTIONS": {"location": env_str("ACCORD_AUDIT_WITNESS_DIR",
                                                      str(VAR_DIR / "witness"))}},
    # Meeting papers (accord.meetings, issue 16): a directory in development and the demo, any
    # Django storage (object storage) by STORAGES configuration. Never served by the web
    # server directly: every download is read through the decision point.
    "papers": {"BACKEND": "django.core.files.storage.FileSystemStorage",
               "OPTIONS": {"location": env_str("ACCORD_PAPERS_DIR", (
                   tempfile.mkdtemp(prefix="accord-test-papers-") if TESTING
                   else str(VAR_DIR / "papers")))}},
}
# The largest meeting paper accepted (bytes); a larger upload is refused and nothing is kept.
ACCORD_PAPER_MAX_BYTES = env_int("ACCORD_PAPER_MAX_BYTES", 25 * 1024 * 1024)
# Signs the audit chain heads the witness keeps (Ed25519, 32 bytes, base64). In development a
# key is made on first use under var/; elsewhere a missing or malformed key stops the start-up.
ACCORD_AUDIT_SIGNING_KEY = env_secret("ACCORD_AUDIT_SIGNING_KEY", dev_default="", is_dev=IS_DEV)
ACCORD_AUDIT_SIGNING_KEY_PATH = (
    Path(STORAGES["audit_witness"]["OPTIONS"]["location"]).parent / "audit-signing.key"
    if TESTING else VAR_DIR / "audit-signing.key")
if ACCORD_AUDIT_SIGNING_KEY:
    import base64
    import binascii

    try:
        _signing_seed = base64.b64decode(ACCORD_AUDIT_SIGNING_KEY, validate=True)
    except (binascii.Error, ValueError):
        _signing_seed = b""
    if len(_signing_seed) != 32:
        raise ImproperlyConfigured("ACCORD_AUDIT_SIGNING_KEY must be 32 bytes in base64 (an "
                                   "Ed25519 private key); `accord audit witness new-key` "
                                   "makes one.")
WHITENOISE_USE_FINDERS = IS_DEV

# E-mail: real backends; the console in development, memory in tests, SMTP in production.
_MAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if IS_DEV
    else "django.core.mail.backends.smtp.EmailBackend",
)
MAILERS = {
    "default": {
        "BACKEND": _MAIL_BACKEND,
        "OPTIONS": {
            "host": env_str("EMAIL_HOST", "localhost"),
            "port": env_int("EMAIL_PORT", 25),
            "username": env_str("EMAIL_HOST_USER", ""),
            "password": env_str("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", False),
            "use_ssl": env_bool("EMAIL_USE_SSL", False),
            "timeout": 20,
        } if _MAIL_BACKEND.endswith("smtp.EmailBackend") else {},
    }
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Accord <accord@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work: Django's tasks framework, database-backed; immediate in tests.
TASKS = {
    "default": {
        "BACKEND": "django.tasks.backends.immediate.ImmediateBackend"
        if TESTING or env_bool("ACCORD_TASKS_IMMEDIATE", False)
        else "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# E-mail delivery retries (accord.core.mail): the first retry after ACCORD_MAIL_RETRY_SECONDS,
# doubling up to an hour, given up after ACCORD_MAIL_MAX_ATTEMPTS (about a day with the
# defaults). `accord worker` queues the due retries every ACCORD_SCHEDULE_SECONDS.
ACCORD_MAIL_RETRY_SECONDS = env_int("ACCORD_MAIL_RETRY_SECONDS", 60)
ACCORD_MAIL_MAX_ATTEMPTS = env_int("ACCORD_MAIL_MAX_ATTEMPTS", 30)
# A task (or an e-mail being sent) claimed by a worker on another host is taken back after this
# long without finishing; on the same host a dead worker is seen at once (accord.core.workers).
ACCORD_TASK_LEASE_SECONDS = env_int("ACCORD_TASK_LEASE_SECONDS", 3600)
# How often `accord worker` enqueues due periodic tasks and mail retries, and takes back
# abandoned tasks.
ACCORD_SCHEDULE_SECONDS = env_int("ACCORD_SCHEDULE_SECONDS", 60)

# Network scope (django-scopes): a network-owned query outside a scope raises, everywhere.
SCOPES_DISABLED = False

OTP_TOTP_ISSUER = "Accord"
ACCORD_INVITATION_DAYS = env_int("ACCORD_INVITATION_DAYS", 7)
ACCORD_API_TOKEN_DAYS = env_int("ACCORD_API_TOKEN_DAYS", 90)
ACCORD_AUDIT_RETENTION_YEARS = env_int("ACCORD_AUDIT_RETENTION_YEARS", 1)

NINJA_PAGINATION_PER_PAGE = 50

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("ACCORD_LOG_LEVEL", "INFO")},
    # weasyprint.progress logs each stylesheet it parses, already at import: noise in every command.
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint.progress": {"level": "WARNING"}},
}

# Words shown in the browser tab and e-mails.
ACCORD_PRODUCT_NAME = _("Accord")
