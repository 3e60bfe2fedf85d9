"""The site settings: one record edited in the admin, seeded from the old constants, cached,
and every save shows on cached pages at once."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from mindlab import site
from mindlab.models import SiteSettings

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def seeded(db) -> None:
    """The record as migration 0002 leaves it (a transactional test run earlier flushes tables)."""
    importlib.import_module("mindlab.migrations.0002_seed_site_settings").seed(apps, None)


def test_the_migration_seeds_the_former_constants():
    record = SiteSettings.objects.get()
    assert record.organisation_name == "MindLAB Neuroscience"
    assert record.cta_heading == "Book a Strategy Call"
    assert record.default_disclaimer.startswith("This article is written for general education")
    assert "<h2>What we collect when you book a strategy call</h2>" in record.privacy_html
    # The names older callers use keep working and read the record.
    assert record.organisation_name == site.SITE_NAME
    assert record.default_disclaimer == site.DEFAULT_DISCLAIMER


def test_reads_are_cached_and_a_save_is_seen_at_once():
    site.settings()
    with CaptureQueriesContext(connection) as queries:
        assert site.SITE_TAGLINE == "Neuroscience for people who lead"
    assert len(queries) == 0
    record = SiteSettings.objects.get()
    record.organisation_description = "Brains at work"
    record.save()
    assert site.SITE_TAGLINE == "Brains at work"


def test_a_request_reads_the_record_once_and_the_next_request_sees_an_edit(client, monkeypatch):
    from django.core.cache import caches

    from mindlab.models import CACHE_KEY

    shared = caches["default"]
    reads = []
    real_get = shared.get

    def counting_get(key, *args, **kwargs):
        reads.append(key)
        return real_get(key, *args, **kwargs)

    monkeypatch.setattr(shared, "get", counting_get)
    page = client.get("/search/", {"q": "cortisol"}).content.decode()
    assert "MindLAB Neuroscience" in page
    assert reads.count(CACHE_KEY) == 1
    # Another process saves: the shared copy is dropped, and the next request reads the new record.
    SiteSettings.objects.update(organisation_name="MindLAB Elsewhere")
    shared.delete(CACHE_KEY)
    assert "MindLAB Elsewhere" in client.get("/search/", {"q": "cortisol"}).content.decode()
    assert site.SITE_NAME == "MindLAB Elsewhere"  # outside a request: read as before


def test_editing_in_the_admin_changes_cached_pages_and_the_privacy_notice(admin_client):
    reader = Client()
    reader.get("/privacy/")
    cached = reader.get("/privacy/")
    assert cached["X-Page-Cache"] == "hit"
    assert admin_client.get("/admin/mindlab/sitesettings/").status_code == 302  # the list opens the record
    form = admin_client.get("/admin/mindlab/sitesettings/1/change/")
    assert form.status_code == 200
    record = SiteSettings.objects.get()
    data = {
        "organisation_name": "MindLAB Neuro",
        "organisation_description": record.organisation_description,
        "contact_email": "privacy@example.org",
        "cta_heading": record.cta_heading,
        "cta_text": "Talk to **us**. <script>alert(1)</script>",
        "cta_button": record.cta_button,
        "default_disclaimer": record.default_disclaimer,
        "privacy_notice": "## Our promise\n\nWe keep *little*.",
        "privacy_version": "2027-01",
        "privacy_updated": "2027-01-02",
    }
    response = admin_client.post("/admin/mindlab/sitesettings/1/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = reader.get("/privacy/").content.decode()
    assert "<h2>Our promise</h2>" in page and "<em>little</em>" in page
    assert "Version 2027-01" in page and "privacy@example.org" in page
    assert "MindLAB Neuro." in page  # the footer
    assert "<strong>us</strong>" in SiteSettings.objects.get().cta_html
    assert "<script>" not in SiteSettings.objects.get().cta_html
    assert admin_client.get("/admin/mindlab/sitesettings/1/delete/").status_code == 403


def test_the_footer_links_the_privacy_notice(client):
    assert 'href="/privacy/"' in client.get("/privacy/").content.decode()


def test_editors_edit_the_site_settings_and_intake_does_not(django_user_model):
    from django.contrib.auth.models import Group

    editors, intake = Group.objects.get(name="Editors"), Group.objects.get(name="Intake")
    assert editors.permissions.filter(codename="change_sitesettings").exists()
    assert not intake.permissions.filter(content_type__app_label="mindlab").exists()
    editor = django_user_model.objects.create_user("ed", password="a-long-password-1", is_staff=True)
    editor.groups.add(editors)
    browser = Client()
    browser.force_login(editor)
    assert browser.get("/admin/mindlab/sitesettings/1/change/").status_code == 200
