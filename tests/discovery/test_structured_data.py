"""JSON-LD: one parsed @graph per page type, with the required properties and no drafts."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.utils import timezone

from articles.models import AuthorLink
from articles.structured_data import json_ld_script, work_from_csl
from tests import factories

from .helpers import inline_scripts_and_styles, json_ld, node_of, nodes_of

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


def common_nodes(graph: dict) -> None:
    assert graph["@context"] == "https://schema.org"
    organization = node_of(graph, "Organization")
    assert organization["name"] and organization["url"] == f"{SITE}/"
    website = node_of(graph, "WebSite")
    action = website["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == f"{SITE}/search/?q={{search_term_string}}"
    assert action["query-input"] == "required name=search_term_string"
    assert website["publisher"] == {"@id": organization["@id"]}


def test_article_graph(client, article, hub, pillar, author):
    reviewer = factories.make_author(name="Dr Rev Iewer", slug="reviewer", credentials="MD, FRCPsych")
    article.reviewed_by = reviewer
    article.reviewed_at = date(2026, 3, 2)
    article.save()
    AuthorLink.objects.create(author=author, label="ORCID", url="https://orcid.org/0000-0002-1825-0097")
    factories.add_faqs(article, 2)
    graph = json_ld(client.get(article.get_absolute_url()).content.decode())
    common_nodes(graph)

    node = node_of(graph, "Article")
    url = f"{SITE}/articles/trusted-people/"
    assert node["headline"] == "Trusted People"
    assert node["description"] == article.summary
    assert node["url"] == url
    assert node["datePublished"] == article.published_at.isoformat()
    assert node["dateModified"] >= node["datePublished"]
    assert node["publisher"] == {"@id": f"{SITE}/#organization"}
    assert node["isPartOf"]["name"] == hub.title
    assert node["isPartOf"]["url"] == f"{SITE}/hubs/social-resilience/"
    person = node["author"]
    assert person["@type"] == "Person"
    assert person["name"] == "Dr Ada Example"
    assert person["honorificSuffix"] == "PhD"
    assert person["hasCredential"][0]["name"] == "PhD"
    assert person["url"] == f"{SITE}/authors/ada-example/"
    assert person["sameAs"] == ["https://orcid.org/0000-0002-1825-0097"]

    page = node_of(graph, "WebPage")
    assert page["@id"] == f"{url}#webpage"
    assert page["lastReviewed"] == "2026-03-02"
    assert page["reviewedBy"]["name"] == "Dr Rev Iewer"
    assert page["reviewedBy"]["honorificSuffix"] == "MD, FRCPsych"

    crumbs = node_of(graph, "BreadcrumbList")["itemListElement"]
    assert [c["name"] for c in crumbs] == ["Home", pillar.display_name, hub.title, article.title]
    assert [c["position"] for c in crumbs] == [1, 2, 3, 4]
    assert crumbs[-1]["item"] == url

    faq = node_of(graph, "FAQPage")
    assert [q["name"] for q in faq["mainEntity"]] == ["Question 0?", "Question 1?"]
    assert faq["mainEntity"][0]["acceptedAnswer"] == {"@type": "Answer", "text": "Answer 0."}


def test_article_in_unpublished_hub_leaks_nothing(client, pillar, author, staff_client):
    draft_hub = factories.make_hub(pillar, title="Secret hub title", slug="secret-hub", published=False)
    article = factories.make_article(draft_hub, author=author, title="Visible piece", slug="visible")
    for browser in (client, staff_client):
        html = browser.get(article.get_absolute_url()).content.decode()
        graph = json_ld(html)
        assert "Secret hub title" not in json.dumps(graph)
        assert "isPartOf" not in node_of(graph, "Article")
        assert [c["name"] for c in node_of(graph, "BreadcrumbList")["itemListElement"]] == [
            "Home",
            "Visible piece",
        ]


def test_hub_graph_lists_only_published_articles(client, hub, article, pillar):
    factories.make_article(hub, title="Draft in hub", slug="draft-in-hub", published=False)
    factories.make_article(
        hub,
        title="Scheduled in hub",
        slug="scheduled",
        published_at=timezone.now() + timedelta(days=2),
    )
    factories.add_faqs(hub, 1)
    html = client.get(hub.get_absolute_url()).content.decode()
    graph = json_ld(html)
    common_nodes(graph)
    page = node_of(graph, "CollectionPage")
    assert page["name"] == hub.title
    assert page["author"]["@type"] == "Person"
    items = page["mainEntity"]["itemListElement"]
    assert [i["name"] for i in items] == ["Trusted People"]
    text = json.dumps(graph)
    assert "Draft in hub" not in text and "Scheduled in hub" not in text
    crumbs = node_of(graph, "BreadcrumbList")["itemListElement"]
    assert [c["name"] for c in crumbs] == ["Home", pillar.display_name, hub.title]
    assert node_of(graph, "FAQPage")["mainEntity"][0]["name"] == "Question 0?"


def test_pillar_author_home_and_search_graphs(client, pillar, hub, article, author):
    factories.make_hub(pillar, title="Unpublished hub", slug="unpub", published=False)
    factories.make_article(None, author=author, title="Author draft", slug="author-draft", published=False)

    graph = json_ld(client.get(pillar.get_absolute_url()).content.decode())
    common_nodes(graph)
    page = node_of(graph, "CollectionPage")
    assert [i["name"] for i in page["mainEntity"]["itemListElement"]] == [hub.title]
    assert "Unpublished hub" not in json.dumps(graph)

    graph = json_ld(client.get(author.get_absolute_url()).content.decode())
    common_nodes(graph)
    profile = node_of(graph, "ProfilePage")
    assert profile["mainEntity"]["@type"] == "Person"
    assert profile["mainEntity"]["name"] == author.name
    assert "Author draft" not in json.dumps(graph)

    graph = json_ld(client.get("/").content.decode())
    common_nodes(graph)
    assert node_of(graph, "WebPage")["url"] == f"{SITE}/"

    graph = json_ld(client.get("/search/", {"q": "trusted"}).content.decode())
    common_nodes(graph)
    assert node_of(graph, "SearchResultsPage")


def test_json_ld_cannot_break_out_of_its_script(client, hub, author):
    hostile = "</script><script>alert(1)</script><!-- & -->"
    article = factories.make_article(
        hub, author=author, title=f"Title {hostile}", slug="hostile", summary=hostile
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    graph = json_ld(html)
    assert node_of(graph, "Article")["description"] == hostile
    assert inline_scripts_and_styles(html) == []


def test_json_ld_script_escapes_markup_characters():
    rendered = str(json_ld_script({"a": "<b>&</b>"}))
    assert rendered.startswith('<script type="application/ld+json">')
    assert "<b>" not in rendered and "&<" not in rendered
    assert "\\u003Cb\\u003E\\u0026\\u003C/b\\u003E" in rendered


def test_citation_entries_from_csl():
    work = work_from_csl(
        {
            "type": "article-journal",
            "title": "Toward a social baseline theory",
            "author": [{"family": "Coan", "given": "James A."}, {"literal": "The Lab"}],
            "issued": {"date-parts": [[2015]]},
            "container-title": "Current Opinion in Psychology",
            "volume": "1",
            "page": "87–91",
            "DOI": "10.1016/j.copsyc.2014.12.021",
        }
    )
    assert work["@type"] == "ScholarlyArticle"
    assert work["name"] == "Toward a social baseline theory"
    assert work["author"] == [
        {"@type": "Person", "name": "James A. Coan"},
        {"@type": "Organization", "name": "The Lab"},
    ]
    assert work["datePublished"] == "2015"
    assert work["isPartOf"] == {"@type": "Periodical", "name": "Current Opinion in Psychology"}
    assert work["url"] == "https://doi.org/10.1016/j.copsyc.2014.12.021"
    assert work["identifier"]["value"] == "10.1016/j.copsyc.2014.12.021"


def test_article_cites_its_references(client, hub, author):
    from articles.citations import attach_further_reading
    from references import api

    article = factories.make_article(hub, author=author, slug="cites", title="Cites")
    citation, _ = api.find_or_create_citation(
        {
            "id": "coan2015",
            "type": "article-journal",
            "title": "Social baseline theory",
            "author": [{"family": "Coan", "given": "James A."}, {"family": "Sbarra", "given": "David A."}],
            "issued": {"date-parts": [[2015]]},
            "container-title": "Current Opinion in Psychology",
            "DOI": "10.1016/j.copsyc.2014.12.021",
        }
    )
    attach_further_reading(article, [citation])
    graph = json_ld(client.get(article.get_absolute_url()).content.decode())
    works = node_of(graph, "Article")["citation"]
    assert len(works) == 1
    assert works[0]["name"] == "Social baseline theory"
    assert works[0]["url"] == "https://doi.org/10.1016/j.copsyc.2014.12.021"


def test_every_public_page_has_exactly_one_graph(client, article, hub, pillar, author):
    for url in ["/", pillar.get_absolute_url(), hub.get_absolute_url(), article.get_absolute_url(),
                author.get_absolute_url(), "/search/?q=people"]:  # fmt: skip
        html = client.get(url).content.decode()
        graph = json_ld(html)
        assert nodes_of(graph, "WebSite"), url
        assert inline_scripts_and_styles(html) == [], url


def test_lists_keep_commas_inside_parentheses():
    from articles.structured_data import split_list

    assert split_list("University of Edinburgh (PhD, cognitive neuroscience), BPS,") == [
        "University of Edinburgh (PhD, cognitive neuroscience)",
        "BPS",
    ]
