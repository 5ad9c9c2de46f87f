"""Settings of the development OpenID provider; the values come from __main__ (environment)."""

import os

SECRET_KEY = os.environ["DEV_OP_SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oauth2_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "accord.accounts.oidc_dev_provider.urls"
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "DIRS": [os.path.join(os.path.dirname(__file__), "templates")],
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
}]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3",
                         "NAME": os.environ["DEV_OP_DATABASE"]}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Test users' passwords only: a cheap hash keeps each sign-in at the provider fast.
PASSWORD_HASHERS = ["accord.accounts.oidc_dev_provider.hashers.QuickPBKDF2"]
USE_TZ = True
TIME_ZONE = "UTC"
LOGIN_URL = "/login/"
# The OP and Accord both run on 127.0.0.1 in tests: distinct cookie names keep their sessions
# apart (cookies are per host, not per port).
SESSION_COOKIE_NAME = "dev-op-session"
CSRF_COOKIE_NAME = "dev-op-csrf"

OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": os.environ["DEV_OP_RSA_KEY"],
    "OIDC_ISS_ENDPOINT": os.environ["DEV_OP_ISSUER"],
    "PKCE_REQUIRED": True,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["http", "https"],
    "ALLOW_LOCALHOST_LOOPBACK": True,
    "SCOPES": {"openid": "OpenID Connect", "email": "E-mail address", "profile": "Name"},
    "DEFAULT_SCOPES": ["openid"],
    "OAUTH2_VALIDATOR_CLASS": "accord.accounts.oidc_dev_provider.validator.ClaimsValidator",
    "ACCESS_TOKEN_EXPIRE_SECONDS": 300,
    "ID_TOKEN_EXPIRE_SECONDS": 300,
}
