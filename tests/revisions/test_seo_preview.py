"""The search result preview on the hub and article change forms (server-rendered part)."""

from __future__ import annotations

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_preview_falls_back_to_title_and_summary_as_the_page_does(staff_client, article, client):
    article.summary = "S" * 200
    article.save()
    html = staff_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert 'id="seo-preview"' in html and "mindlab-seo.js" in html
    assert f"{settings.SITE_URL}/articles/trusted-people/" in html
    assert "Trusted People · MindLAB Neuroscience" in html
    assert "S" * 159 + "…" in html  # cut as the page's meta description is
    assert "SEO title (from the title): 14 of 60 characters." in html
    assert "SEO description (from the summary): 200 of 160 characters, 40 over" in html
    assert "seo-count--over" in html
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<title>Trusted People · MindLAB Neuroscience</title>" in page
    assert 'content="' + "S" * 159 + '…"' in page


def test_preview_uses_the_seo_fields_when_set(staff_client, hub):
    hub.seo_title = "A sharper title for search"
    hub.seo_description = "What the hub offers, in one sentence."
    hub.save()
    html = staff_client.get(f"/admin/articles/hub/{hub.pk}/change/").content.decode()
    assert "A sharper title for search · MindLAB Neuroscience" in html
    assert "SEO title: 26 of 60 characters." in html
    assert "SEO description: 37 of 160 characters." in html
    assert "seo-count--over" not in html


def test_add_form_has_the_preview_and_pillars_authors_do_not(staff_client, author, pillar):
    assert 'id="seo-preview"' in staff_client.get("/admin/articles/article/add/").content.decode()
    for url in (f"/admin/articles/author/{author.pk}/change/", f"/admin/articles/pillar/{pillar.pk}/change/"):
        assert 'id="seo-preview"' not in staff_client.get(url).content.decode()


def test_long_seo_title_is_flagged(staff_client, article):
    article.seo_title = "T" * 65
    article.save()
    html = staff_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert "SEO title: 65 of 60 characters, 5 over: search engines cut it off." in html
