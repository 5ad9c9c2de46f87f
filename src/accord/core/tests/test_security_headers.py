"""What every response tells the browser, and what the code must never do."""

import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings

SOURCE = Path(settings.BASE_DIR)


def test_pages_carry_a_strict_content_security_policy(client, db):
    response = client.get("/accounts/sign-in/")
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert re.search(r"script-src 'self' 'nonce-[A-Za-z0-9+/=_-]+'", policy)
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def _features(header: str) -> dict[str, str]:
    return dict(part.strip().split("=", 1) for part in header.split(","))


def test_every_response_switches_off_the_powerful_browser_features(client, db):
    """Pages, redirects, errors, the API and static files: none may use a camera, a
    microphone or the location, and nothing they embed may either."""
    answers = [client.get("/accounts/sign-in/"), client.get("/"),
               client.get("/no-such-page/"), client.get("/api/v1/openapi.json"),
               client.get("/healthz")]
    for response in answers:
        features = _features(response["Permissions-Policy"])
        for feature in ("camera", "microphone", "geolocation", "payment", "usb",
                        "display-capture", "bluetooth", "serial", "hid", "autoplay"):
            assert features[feature] == "()", (response.status_code, feature)
        # Only our own pages may ask for a passkey (sign-in the way agencies work).
        assert features["publickey-credentials-get"] == "(self)"
        assert "*" not in response["Permissions-Policy"]


def test_the_script_tags_carry_the_nonce_of_the_policy(client, db):
    response = client.get("/accounts/sign-in/")
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    scripts = re.findall(r"<script[^>]*>", response.content.decode())
    assert scripts, "the page should load htmx"
    assert all(f'nonce="{nonce}"' in tag for tag in scripts)


def test_no_template_uses_inline_styles_or_handlers():
    offenders = []
    for template in SOURCE.rglob("templates/**/*.html"):
        text = template.read_text()
        if re.search(r"\sstyle=|\son[a-z]+=", text):
            offenders.append(str(template.relative_to(SOURCE)))
    assert offenders == []


def test_no_sql_is_built_from_strings():
    """A grep-level guard: no .raw()/.extra(), no f-strings or % into cursor.execute."""
    offenders = []
    pattern = re.compile(r"\.raw\(|\.extra\(|execute\(\s*f[\"']"
                         r"|execute\([^)]*%\s*\(|execute\([^)]*\.format\(")
    for path in SOURCE.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if pattern.search(line):
                offenders.append(f"{path.relative_to(SOURCE)}:{number}: {line.strip()}")
    assert offenders == []


def test_production_settings_harden_cookies_and_transport():
    """Computed in a fresh process, as a production server would start."""
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_NAME, s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY,"
        " s.SESSION_COOKIE_SAMESITE, s.CSRF_COOKIE_NAME, s.CSRF_COOKIE_SECURE,"
        " s.CSRF_COOKIE_SAMESITE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS > 0, s.DEBUG)"
    )
    env = {"ACCORD_ENV": "production", "SECRET_KEY": "p" * 60,
           "ACCORD_MASTER_KEY": "a2tr" * 10 + "a2s=",  # 32 bytes: the vault refuses others
           "ACCORD_AUDIT_SIGNING_KEY": "a" * 43 + "=",
           "ALLOWED_HOSTS": "accord.example.org", "DJANGO_SETTINGS_MODULE": "accord.settings",
           "ACCORD_VAR_DIR": "/tmp/accord-settings-test", "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", "import django; django.setup();" + code],
                         env=env, capture_output=True, text=True, check=True).stdout.split()
    assert out == ["__Host-accord-session", "True", "True", "Lax", "__Host-accord-csrf", "True",
                   "Lax", "True", "True", "False"]


def test_production_refuses_to_start_without_its_secrets():
    env = {"ACCORD_ENV": "production", "DJANGO_SETTINGS_MODULE": "accord.settings",
           "ACCORD_VAR_DIR": "/tmp/accord-settings-test", "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-c", "import django; django.setup()"], env=env,
                            capture_output=True, text=True)
    assert result.returncode != 0
    assert "SECRET_KEY (or SECRET_KEY_FILE) must be set" in result.stderr
