"""Feeds, sitemaps, robots.txt, canonical links and social cards."""

from __future__ import annotations

from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime

import pytest
from django.core.cache import caches
from django.utils import timezone

from tests import factories

from .helpers import parse_xml

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def content(pillar, hub, article, author):
    """Published pages plus every kind of thing that must stay out."""
    other_pillar = factories.make_pillar(number=7, name="Decisions", slug="decisions")
    other_hub = factories.make_hub(other_pillar, title="Choice", slug="choice")
    factories.make_article(other_hub, title="Elsewhere piece", slug="elsewhere")
    factories.make_article(hub, title="Draft piece", slug="draft-piece", published=False)
    factories.make_article(
        hub, title="Scheduled piece", slug="scheduled-piece", published_at=timezone.now() + timedelta(days=3)
    )
    draft_hub = factories.make_hub(pillar, title="Draft hub", slug="draft-hub", published=False)
    factories.make_article(draft_hub, title="In a draft hub", slug="in-draft-hub")
    factories.make_author(name="Only drafts", slug="only-drafts")
    return {"pillar": pillar, "hub": hub, "article": article}


def test_rss_feed_lists_published_articles_with_dates_and_authors(client, content):
    response = client.get("/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = parse_xml(response.content).find("channel")
    items = channel.findall("item")
    item_titles = [item.findtext("title") for item in items]
    assert "Trusted People" in item_titles
    assert "Elsewhere piece" in item_titles
    assert "Draft piece" not in item_titles and "Scheduled piece" not in item_titles
    trusted = items[item_titles.index("Trusted People")]
    assert trusted.findtext("description") == content["article"].summary
    assert "Dr Ada Example" in trusted.findtext("{http://purl.org/dc/elements/1.1/}creator")
    assert trusted.findtext("link").endswith("/articles/trusted-people/")
    published = parsedate_to_datetime(trusted.findtext("pubDate"))
    assert abs(published - content["article"].published_at) < timedelta(seconds=1)
    dates = [parsedate_to_datetime(item.findtext("pubDate")) for item in items]
    assert dates == sorted(dates, reverse=True)


def test_atom_feed_validates_and_has_authors(client, content):
    response = client.get("/feed/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = parse_xml(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert entries
    for entry in entries:
        assert entry.findtext(f"{ATOM}title")
        assert entry.findtext(f"{ATOM}id")
        assert entry.find(f"{ATOM}author/{ATOM}name").text
        assert datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))
        assert datetime.fromisoformat(entry.findtext(f"{ATOM}published"))
        assert entry.findtext(f"{ATOM}summary")
    titles = [entry.findtext(f"{ATOM}title") for entry in entries]
    assert "Draft piece" not in titles


def test_pillar_feed_holds_only_that_pillars_published_hubs(client, content):
    feed = parse_xml(client.get("/pillars/stress/feed/").content)
    titles = [item.findtext("title") for item in feed.find("channel").findall("item")]
    assert titles == ["Trusted People"]
    atom = parse_xml(client.get("/pillars/decisions/feed/atom/").content)
    assert [e.findtext(f"{ATOM}title") for e in atom.findall(f"{ATOM}entry")] == ["Elsewhere piece"]
    assert client.get("/pillars/nope/feed/").status_code == 404


def sitemap_urls(client, path="/sitemap.xml") -> dict[str, str | None]:
    response = client.get(path)
    assert response.status_code == 200
    root = parse_xml(response.content)
    assert root.tag == f"{SITEMAP}urlset"
    return {url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod") for url in root}


def test_sitemap_lists_public_pages_with_lastmod(client, content):
    urls = sitemap_urls(client)
    paths = {url.split("://", 1)[1].split("/", 1)[1] for url in urls}
    expected = {
        "",
        "pillars/stress/",
        "pillars/decisions/",
        "hubs/social-resilience/",
        "hubs/choice/",
        "articles/trusted-people/",
        "articles/elsewhere/",
        "articles/in-draft-hub/",
        "authors/ada-example/",
    }
    assert expected <= paths
    for hidden in [
        "articles/draft-piece/",
        "articles/scheduled-piece/",
        "hubs/draft-hub/",
        "authors/only-drafts/",
    ]:
        assert hidden not in paths
    article_url = next(url for url in urls if url.endswith("/articles/trusted-people/"))
    lastmod = datetime.fromisoformat(urls[article_url])
    assert abs(lastmod - content["article"].updated_at) < timedelta(seconds=1)


def test_sitemap_becomes_an_index_above_the_limit(client, content, settings):
    settings.SITEMAP_MAX_URLS = 3
    response = client.get("/sitemap.xml")
    root = parse_xml(response.content)
    assert root.tag == f"{SITEMAP}sitemapindex"
    locations = [s.findtext(f"{SITEMAP}loc") for s in root]
    assert any("/sitemap-articles.xml" in loc for loc in locations)
    total = set()
    for location in locations:
        path = location.split("://", 1)[1].split("/", 1)[1]
        urls = sitemap_urls(client, "/" + path)
        assert 0 < len(urls) <= 3
        total |= set(urls)
    assert len(total) == len(sitemap_urls_without_limit(client, settings))


def sitemap_urls_without_limit(client, settings):
    settings.SITEMAP_MAX_URLS = 50_000
    for cache in caches.all():
        cache.clear()
    return sitemap_urls(client)


def test_robots_txt_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "User-agent: *" in body
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_canonical_and_social_tags(client, content):
    article = content["article"]
    html = client.get(article.get_absolute_url() + "?utm_source=x").content.decode()
    assert f'<link rel="canonical" href="{SITE}/articles/trusted-people/">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="Trusted People">' in html
    assert f'<meta property="og:url" content="{SITE}/articles/trusted-people/">' in html
    assert '<meta name="twitter:card" content="summary">' in html
    assert '<meta property="article:section" content="Social Resilience">' in html
    assert 'type="application/rss+xml"' in html
    for url in ["/", "/pillars/stress/", "/hubs/social-resilience/", "/authors/ada-example/", "/search/"]:
        page = client.get(url).content.decode()
        assert f'<link rel="canonical" href="{SITE}{url}">' in page, url
        assert 'property="og:title"' in page and 'name="twitter:card"' in page, url
    pillar_page = client.get("/pillars/stress/").content.decode()
    assert 'href="/pillars/stress/feed/"' in pillar_page
