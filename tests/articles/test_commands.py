import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from articles.models import FAQ, Article, Hub, Pillar, Takeaway

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_load_demo_is_idempotent_and_complete():
    call_command("load_demo", stdout=io.StringIO())
    first = (
        Pillar.objects.count(),
        Hub.objects.count(),
        Article.objects.count(),
        FAQ.objects.count(),
        Takeaway.objects.count(),
    )
    call_command("load_demo", stdout=io.StringIO())
    second = (
        Pillar.objects.count(),
        Hub.objects.count(),
        Article.objects.count(),
        FAQ.objects.count(),
        Takeaway.objects.count(),
    )
    assert first == second
    assert first[0] >= 2 and first[1] >= 3 and first[2] >= 6
    assert Article.objects.filter(status="draft").exists()
    assert Article.objects.count() - Article.objects.published().count() >= 2  # a draft and a scheduled one
    client = Client()
    for page in [*Pillar.objects.all(), *Hub.objects.all(), *Article.objects.published()]:
        assert client.get(page.get_absolute_url()).status_code == 200, page
    for hidden in Article.objects.exclude(pk__in=Article.objects.published()):
        assert client.get(hidden.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_demo_admin_generates_a_password_once(capsys):
    call_command("demo_admin")
    out = capsys.readouterr().out
    assert "password '" in out
    user = get_user_model().objects.get(username="admin")
    password = out.split("password '", 1)[1].split("'", 1)[0]
    assert user.check_password(password) and user.is_superuser
    call_command("demo_admin")
    assert "password '" not in capsys.readouterr().out
    user.refresh_from_db()
    assert user.check_password(password)


def run_manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "mindlab.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = run_manage("check", env={"DEBUG": "0"})
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_settings_pass_the_deployment_checklist():
    env = {
        "DEBUG": "0",
        "SECRET_KEY": "a-production-like-secret-key-with-enough-entropy-3f9a8b7c6d5e4f3a2b1c",
        "ALLOWED_HOSTS": "www.example.org",
        "SMTP_URL": "smtp://mail.example.org:587?tls=1",
    }
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_rerender_markdown_updates_old_versions_only(article):
    Article.objects.filter(pk=article.pk).update(body_html="<p>stale</p>", rendered_version=0)
    before = Article.objects.get(pk=article.pk).updated_at
    out = io.StringIO()
    call_command("rerender_markdown", stdout=out)
    article.refresh_from_db()
    assert 'id="first-section"' in article.body_html
    assert article.updated_at == before
    assert "Re-rendered 1 object" in out.getvalue()
    call_command("rerender_markdown", stdout=out)
    assert "Re-rendered 0 object" in out.getvalue()
