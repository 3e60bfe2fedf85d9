"""Security headers on every kind of response, and the production settings behind them.

``check --deploy`` and HSTS are checked with the production environment in a
subprocess (settings are read once at import, so the suite's own settings process
cannot show them).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

from articles.models import Article
from mindlab.middleware import PERMISSIONS_POLICY
from references.models import Citation

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "prod-like-" + "k3y-for-the-deploy-check-" * 3,
    "ALLOWED_HOSTS": "www.example.org",
    "SMTP_URL": "smtp://mail.example.org:587?tls=1",
}
UNSAFE_SOURCES = ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'strict-dynamic'", "*")


def production_env() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTEST"))}
    env.update(PRODUCTION_ENV)
    env["DJANGO_SETTINGS_MODULE"] = "mindlab.settings"
    return env


def parse_csp(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def assert_strict_csp(header: str) -> None:
    policy = parse_csp(header)
    for directive, sources in policy.items():
        for unsafe in UNSAFE_SOURCES:
            assert unsafe not in sources, f"{directive} allows {unsafe}: {header}"
        assert not any(source.startswith("data:") for source in sources if directive != "img-src"), header
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    for directive in ("script-src", "style-src"):
        assert policy[directive][0] == "'self'"
        assert all(s == "'self'" or s.startswith("'nonce-") for s in policy[directive]), header


def assert_security_headers(response, where: str) -> None:
    headers = response.headers
    assert headers["X-Content-Type-Options"] == "nosniff", where
    assert headers["X-Frame-Options"] == "DENY", where
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin", where
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin", where
    assert headers["Permissions-Policy"] == PERMISSIONS_POLICY, where
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in headers["Permissions-Policy"], where
    assert_strict_csp(headers["Content-Security-Policy"])


@pytest.fixture
def public_pages(db) -> dict[str, str]:
    call_command("load_demo", verbosity=0)
    article = Article.objects.published().filter(hub__isnull=False).select_related("hub__pillar").first()
    citation = Citation.objects.order_by("pk").first()
    return {
        "reference": citation.get_absolute_url(),
        "feed": "/feed/",
        "sitemap": "/sitemap.xml",
        "home": "/",
        "pillar": article.hub.pillar.get_absolute_url(),
        "hub": article.hub.get_absolute_url(),
        "article": article.get_absolute_url(),
        "author": article.author.get_absolute_url(),
        "search": "/search/?q=stress",
        "strategy-call": "/strategy-call/",
        "404": "/no-such-page/",
        "admin login": "/admin/login/",
    }


@pytest.mark.django_db
def test_every_public_page_type_carries_the_security_headers(client, public_pages):
    for name, path in public_pages.items():
        for attempt in ("fresh", "from the page cache"):
            response = client.get(path)
            assert response.status_code in {200, 404}, (name, response.status_code)
            assert_security_headers(response, f"{name} ({attempt})")


@pytest.mark.parametrize(
    "path", ["/static/css/site.css", "/static/leads/booking.js", "/static/admin/css/base.css"]
)
def test_static_files_carry_the_same_security_headers_and_no_cors(client, settings, path):
    settings.WHITENOISE_USE_FINDERS = True  # serve from the source folders, as in development
    response = client.get(path)
    assert response.status_code == 200, path
    assert_security_headers(response, path)
    assert "Access-Control-Allow-Origin" not in response.headers


@pytest.mark.django_db
def test_admin_editor_pages_carry_a_strict_csp(staff_client):
    for path in ("/admin/", "/admin/articles/article/add/", "/admin/articles/hub/add/"):
        response = staff_client.get(path)
        assert response.status_code == 200, path
        assert_security_headers(response, path)


@pytest.mark.django_db
def test_cached_public_pages_need_no_nonce(client, public_pages):
    """A cached page replays its nonce to everyone, so public pages must not use one."""
    for name, path in public_pages.items():
        if name == "admin login":
            continue
        html = client.get(path).content.decode()
        assert "nonce=" not in html, name


@pytest.fixture(scope="module")
def production_settings() -> dict:
    script = (
        "import json, mindlab.settings as s; print(json.dumps({k: getattr(s, k, None) for k in ["
        "'DEBUG', 'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_HSTS_PRELOAD',"
        "'SECURE_SSL_REDIRECT', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY',"
        "'X_FRAME_OPTIONS', 'SECURE_CONTENT_TYPE_NOSNIFF', 'SECURE_REFERRER_POLICY']}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_settings_turn_on_hsts_and_secure_cookies(production_settings):
    assert production_settings["DEBUG"] is False
    assert production_settings["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert production_settings["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert production_settings["SECURE_HSTS_PRELOAD"] is True
    assert production_settings["SECURE_SSL_REDIRECT"] is True
    assert production_settings["SESSION_COOKIE_SECURE"] is True
    assert production_settings["CSRF_COOKIE_SECURE"] is True
    assert production_settings["SESSION_COOKIE_HTTPONLY"] is True


@pytest.mark.django_db
def test_hsts_header_is_sent_over_https_with_production_values(client, production_settings):
    with override_settings(
        SECURE_HSTS_SECONDS=production_settings["SECURE_HSTS_SECONDS"],
        SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
        SECURE_HSTS_PRELOAD=True,
    ):
        response = client.get("/", secure=True)
    assert response.headers["Strict-Transport-Security"] == (
        f"max-age={production_settings['SECURE_HSTS_SECONDS']}; includeSubDomains; preload"
    )


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https_in_production(client):
    with override_settings(SECURE_SSL_REDIRECT=True):
        response = client.get("/admin/login/")
    assert response.status_code == 301
    assert response.headers["Location"].startswith("https://")


def test_check_deploy_reports_nothing_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output, output
