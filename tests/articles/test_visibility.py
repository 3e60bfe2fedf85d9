"""Drafts and scheduled pages are invisible to readers everywhere, until they are published."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Status
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def hidden(hub, author):
    draft = factories.make_article(
        hub, author=author, published=False, title="Secret Draft Piece", slug="draft"
    )
    scheduled = factories.make_article(
        hub,
        author=author,
        title="Future Scheduled Piece",
        slug="scheduled",
        status=Status.PUBLISHED,
        published_at=timezone.now() + timedelta(days=3),
    )
    return draft, scheduled


def public_pages(article, hub, author):
    return [
        "/",
        hub.pillar.get_absolute_url(),
        hub.get_absolute_url(),
        article.get_absolute_url(),
        author.get_absolute_url(),
    ]


def test_hidden_articles_appear_nowhere(client, article, hub, author, hidden):
    for url in public_pages(article, hub, author):
        html = client.get(url).content.decode()
        assert "Secret Draft Piece" not in html, url
        assert "Future Scheduled Piece" not in html, url
    for page in hidden:
        assert client.get(page.get_absolute_url()).status_code == 404


def test_hub_counts_only_published_articles(client, article, hub, hidden):
    assert "The 1 Article in This Hub" in client.get(hub.get_absolute_url()).content.decode()
    assert "1 article" in client.get(hub.pillar.get_absolute_url()).content.decode()


def test_publishing_makes_them_appear(client, article, hub, author, hidden):
    draft, scheduled = hidden
    draft.publish()
    draft.save()
    scheduled.published_at = timezone.now() - timedelta(minutes=1)
    scheduled.save()
    hub_html = client.get(hub.get_absolute_url()).content.decode()
    assert "The 3 Articles in This Hub" in hub_html
    for url in ["/", hub.get_absolute_url(), author.get_absolute_url()]:
        html = client.get(url).content.decode()
        assert "Secret Draft Piece" in html and "Future Scheduled Piece" in html, url
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_unpublished_hub_is_hidden_with_its_breadcrumb(client, article, hub):
    hub.unpublish()
    hub.save()
    assert client.get(hub.get_absolute_url()).status_code == 404
    html = client.get(article.get_absolute_url()).content.decode()
    assert hub.get_absolute_url() not in html
    assert hub.title not in client.get("/").content.decode()


def test_staff_preview_a_draft_at_its_real_address(staff_client, hidden):
    draft, scheduled = hidden
    for page, state in [(draft, "draft"), (scheduled, "scheduled")]:
        response = staff_client.get(page.get_absolute_url())
        html = response.content.decode()
        assert response.status_code == 200
        assert "Preview" in html and state in html
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
        assert response["X-Robots-Tag"].startswith("noindex")


def test_staff_see_published_pages_without_preview_banner(staff_client, article):
    html = staff_client.get(article.get_absolute_url()).content.decode()
    assert "readers cannot see this page yet" not in html


def test_draft_hub_preview_lists_only_published_articles(staff_client, hub, article, hidden):
    hub.unpublish()
    hub.save()
    html = staff_client.get(hub.get_absolute_url()).content.decode()
    assert "The 1 Article in This Hub" in html
    assert "Secret Draft Piece" not in html


def test_changed_slug_answers_old_address_with_301(client, article, hub):
    old_url = article.get_absolute_url()
    article.slug = "trusted-people-renamed"
    article.save()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == "/articles/trusted-people-renamed/"
    old_hub_url = hub.get_absolute_url()
    hub.slug = "social-resilience-and-connection"
    hub.save()
    assert client.get(old_hub_url)["Location"] == "/hubs/social-resilience-and-connection/"


def test_old_slug_of_an_unpublished_page_does_not_leak(client, article):
    article.slug = "moved"
    article.unpublish()
    article.save()
    assert client.get("/articles/trusted-people/").status_code == 404


def test_unknown_pages_are_404_with_the_site_template(client, db):
    response = client.get("/articles/does-not-exist/")
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()
