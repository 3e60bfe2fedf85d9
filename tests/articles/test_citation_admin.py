"""The references section of article and hub forms, page exports, and the pages listing a
work on its admin form, via the test client."""

import pytest

from articles.models import Article, PageCitation, Status
from tests import factories
from tests.references.helpers import coan_sbarra_pair

pytestmark = pytest.mark.django_db


def article_form(hub, author, **overrides) -> dict:
    data = {
        "title": "Trust under pressure",
        "subtitle": "",
        "slug": "trust-under-pressure",
        "author": str(author.pk),
        "hub": str(hub.pk),
        "position": "1",
        "summary": "Why trust lowers the cost of stress.",
        "body": "Holding hands helps [@coan2015a].",
        "closing_summary": "",
        "disclaimer": "",
        "hero_alt": "",
        "status": Status.DRAFT,
        "published_at_0": "",
        "published_at_1": "",
        "seo_title": "",
        "seo_description": "",
    }
    for prefix in ("takeaways", "faqs", "coauthors"):
        data.update(
            {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}
        )
    data.update(overrides)
    return data


def test_article_admin_attaches_further_reading_and_shows_cited_works(staff_client, hub, author):
    cacioppo, _first, second = coan_sbarra_pair()
    response = staff_client.post(
        "/admin/articles/article/add/",
        article_form(hub, author, further_reading=[str(second.pk), str(cacioppo.pk)]),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    article = Article.objects.get(slug="trust-under-pressure")
    links = set(PageCitation.objects.filter(article=article).values_list("citation__key", "kind"))
    assert links == {("coan2015a", "cited"), ("coan2015b", "further"), ("cacioppo2015", "further")}
    page = staff_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert "Further reading" in page and "@coan2015a" in page
    # removing one keeps the other
    staff_client.post(
        f"/admin/articles/article/{article.pk}/change/",
        article_form(hub, author, further_reading=[str(cacioppo.pk)]),
    )
    assert set(
        PageCitation.objects.filter(article=article, kind="further").values_list("citation__key", flat=True)
    ) == {"cacioppo2015"}


def test_article_admin_names_an_unknown_key(staff_client, hub, author):
    response = staff_client.post(
        "/admin/articles/article/add/", article_form(hub, author, body="As shown [@nosuch2010].")
    )
    assert response.status_code == 200
    assert "Unknown reference key “nosuch2010”" in response.content.decode()
    assert not Article.objects.exists()


def test_hub_admin_has_the_references_section(staff_client, hub):
    html = staff_client.get(f"/admin/articles/hub/{hub.pk}/change/").content.decode()
    assert "Further reading" in html and "Cited in the text" in html


def test_further_reading_autocomplete_searches_citations(staff_client):
    coan_sbarra_pair()
    response = staff_client.get(
        "/admin/autocomplete/",
        {"app_label": "articles", "model_name": "pagecitation", "field_name": "citation", "term": "Sbarra"},
    )
    assert response.status_code == 200
    texts = [item["text"] for item in response.json()["results"]]
    assert len(texts) == 2 and all("Sbarra" in t for t in texts)


def test_admin_action_exports_references_of_selected_pages(staff_client, hub, author):
    coan_sbarra_pair()
    one = factories.make_article(hub, author=author, body="[@coan2015a]")
    two = factories.make_article(hub, author=author, body="[@cacioppo2015] [@coan2015a]")
    response = staff_client.post(
        "/admin/articles/article/",
        {"action": "export_pages_ris", "_selected_action": [str(one.pk), str(two.pk)]},
    )
    body = response.content.decode()
    assert body.count("TY  - JOUR") == 2
    assert body.index("ID  - cacioppo2015") < body.index("ID  - coan2015a")


def test_citation_form_lists_the_pages_citing_it(staff_client, hub, author):
    _cacioppo, first, second = coan_sbarra_pair()
    factories.make_article(hub, author=author, title="Draft citing it", body="[@coan2015a]", published=False)
    html = staff_client.get(f"/admin/references/citation/{first.pk}/change/").content.decode()
    assert "Pages listing it" in html
    assert "Draft citing it</a> (Cited in the text)" in html
    unused = staff_client.get(f"/admin/references/citation/{second.pk}/change/").content.decode()
    assert "No page lists it yet." in unused
