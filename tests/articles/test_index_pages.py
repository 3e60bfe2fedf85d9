"""Index pages: /articles/, /authors/, /pillars/, /references/: what they list, pagination,
filters, breadcrumbs, JSON-LD, sitemap, and a number of queries that does not grow."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from articles import index_views
from articles.models import PageCitation
from tests import factories
from tests.discovery.helpers import json_ld, node_of
from tests.references.helpers import make_citation, person

pytestmark = pytest.mark.django_db

INDEXES = ["/articles/", "/authors/", "/pillars/", "/references/"]


def main(html: str) -> str:
    return html[html.index("<main") :]


def card_titles(html: str) -> list[str]:
    return re.findall(r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a>', html)


def cite(work, page) -> PageCitation:
    field = "article" if hasattr(page, "hub_id") else "hub"
    return PageCitation.objects.create(citation=work, kind=PageCitation.Kind.FURTHER, **{field: page})


@pytest.fixture
def library(pillar, hub, author):
    """Two pillars, published and draft pages, a reviewer, works cited on pages."""
    other_pillar = factories.make_pillar(number=2, name="Attention & Focus", slug="attention")
    other_hub = factories.make_hub(other_pillar, title="Deep Work", slug="deep-work")
    factories.make_hub(pillar, title="Draft hub", slug="draft-hub", published=False)
    reviewer = factories.make_author(name="Dr Rita Review", slug="rita", credentials="MD")
    old = factories.make_article(
        hub,
        author=author,
        title="Older piece",
        slug="older",
        published_at=timezone.now() - timedelta(days=30),
        reviewed_by=reviewer,
        reviewed_at=date.today(),
    )
    new = factories.make_article(
        other_hub,
        author=author,
        title="Newest piece",
        slug="newest",
        published_at=timezone.now() - timedelta(hours=1),
    )
    draft = factories.make_article(hub, author=author, title="Draft piece", slug="draft", published=False)
    factories.make_author(name="Nobody Published", slug="nobody")
    coan = make_citation(key="coan2006")
    sapolsky = make_citation(
        key="sapolsky2004",
        type="book",
        authors=[person("Sapolsky", "Robert M.")],
        year=2004,
        title="Why zebras don't get ulcers",
        container_title="",
        publisher="Holt",
        doi="",
    )
    hidden = make_citation(
        key="hidden2020", authors=[person("Hidden", "H.")], year=2020, title="Only on a draft"
    )
    cite(coan, old)
    cite(coan, hub)
    cite(sapolsky, new)
    cite(hidden, draft)
    return {
        "old": old,
        "new": new,
        "reviewer": reviewer,
        "other_pillar": other_pillar,
        "other_hub": other_hub,
    }


@pytest.mark.parametrize("url", INDEXES)
def test_index_pages_answer_with_breadcrumbs_and_json_ld(client, library, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'aria-label="Breadcrumb"' in html and f'href="{url}" aria-current="page"' in html
    graph = json_ld(html)
    page = node_of(graph, "CollectionPage")
    assert page["url"].endswith(url)
    assert page["mainEntity"]["itemListElement"], "the list is in the JSON-LD"
    trail = node_of(graph, "BreadcrumbList")["itemListElement"]
    assert [
        item["item"].removeprefix("http://testserver").split("://")[-1].split("/", 1)[-1] for item in trail
    ][-1] == url.strip("/") + "/"


@pytest.mark.parametrize("url", INDEXES)
def test_index_pages_are_in_the_sitemap_and_linked_from_every_page(client, library, url):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"{url}</loc>" in sitemap
    assert f'href="{url}"' in client.get("/").content.decode()


def test_articles_index_lists_published_articles_newest_first(client, library):
    html = client.get("/articles/").content.decode()
    assert card_titles(html) == ["Newest piece", "Older piece"]
    assert "Draft piece" not in html


def test_articles_index_filters_by_pillar_and_by_hub(client, library, pillar, hub):
    by_pillar = client.get("/articles/", {"pillar": library["other_pillar"].slug}).content.decode()
    assert card_titles(by_pillar) == ["Newest piece"]
    by_hub = client.get("/articles/", {"hub": hub.slug}).content.decode()
    assert card_titles(by_hub) == ["Older piece"]
    assert f'<option value="{hub.slug}" selected>' in by_hub
    # an unknown filter shows everything rather than an empty page
    assert card_titles(client.get("/articles/", {"pillar": "nope"}).content.decode()) == [
        "Newest piece",
        "Older piece",
    ]


def test_a_filtered_page_is_not_served_from_another_filters_cache(client, library, settings):
    settings.PAGECACHE_ENABLED = True
    assert card_titles(client.get("/articles/").content.decode()) == ["Newest piece", "Older piece"]
    filtered = client.get("/articles/", {"pillar": library["other_pillar"].slug}).content.decode()
    assert card_titles(filtered) == ["Newest piece"]


def test_articles_index_is_paginated_and_keeps_the_filter(client, hub, monkeypatch):
    monkeypatch.setattr(index_views, "ARTICLES_PER_PAGE", 3)
    for n in range(7):
        factories.make_article(hub, title=f"Piece {n}", slug=f"piece-{n}")
    first = client.get("/articles/", {"hub": hub.slug}).content.decode()
    assert len(card_titles(first)) == 3
    assert f'href="?hub={hub.slug}&amp;page=2"' in first
    last = client.get("/articles/", {"hub": hub.slug, "page": 3}).content.decode()
    assert card_titles(last) == ["Piece 6"]
    assert client.get("/articles/", {"page": 9}).status_code == 404


def test_authors_index_shows_roles_and_reviewed_articles(client, library, author):
    html = client.get("/authors/").content.decode()
    assert escape(author.name) in html and "Author of 2 articles" in html
    reviewer = re.search(r"Dr Rita Review.*?</li>\s*</ul>", main(html), re.S).group(0)
    assert "Medical reviewer of 1 article" in reviewer
    assert 'href="/articles/older/">Older piece</a>' in reviewer
    assert "Nobody Published" not in html


def test_pillars_index_lists_every_pillar_with_its_published_hubs(client, library, pillar, hub):
    html = client.get("/pillars/").content.decode()
    assert html.index("Attention &amp; Focus") < html.index(escape(pillar.display_name))  # by number
    assert f'href="{hub.get_absolute_url()}"' in html and "(1 article)" in html
    assert "Draft hub" not in html


def test_references_index_lists_cited_works_with_the_pages_citing_them(client, library, hub):
    html = client.get("/references/").content.decode()
    assert "Lending a hand" in html and "Why zebras" in html
    assert "Only on a draft" not in html
    coan = re.search(r"Lending a hand.*?</ul>", main(html), re.S).group(0)
    assert (
        'href="/articles/older/#ref-coan2006"' in coan
        and f'href="{hub.get_absolute_url()}#ref-coan2006"' in coan
    )


@pytest.mark.parametrize(
    ("query", "found", "missing"),
    [
        ("sapolsky", "Why zebras", "Lending a hand"),
        ("2006", "Lending a hand", "Why zebras"),
        ("zebras ulcers", "Why zebras", "Lending a hand"),
        ("coan 2004", None, "Why zebras"),
    ],
)
def test_references_index_is_searchable_by_author_title_and_year(client, library, query, found, missing):
    html = client.get("/references/", {"q": query}).content.decode()
    if found:
        assert found in html
    else:
        assert "No cited work matches" in html
    assert missing not in html


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", INDEXES)
def test_index_page_queries_do_not_grow_with_content(client, library, url, django_assert_max_num_queries):
    baseline = count_queries(client, url)
    reviewer = library["reviewer"]
    for n in range(12):
        pillar = factories.make_pillar(number=10 + n)
        hub = factories.make_hub(pillar)
        article = factories.make_article(hub, reviewed_by=reviewer, reviewed_at=date.today())
        cite(make_citation(key=f"work{n}", title=f"Work {n}", year=2000 + n), article)
    with django_assert_max_num_queries(baseline):
        client.get(url)
