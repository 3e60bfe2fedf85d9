"""Pages that list many works (an author's, a hub's) list them a page at a time."""

import pytest

from articles.views import AUTHOR_ARTICLES_PER_PAGE
from tests import factories

pytestmark = pytest.mark.django_db


def test_an_authors_articles_come_a_page_at_a_time(client, hub, author):
    count = AUTHOR_ARTICLES_PER_PAGE + 3
    for number in range(count):
        factories.make_article(hub, author=author, title=f"Essay number {number:03d}", slug=f"essay-{number}")
    first = client.get(author.get_absolute_url()).content.decode()
    assert first.count("Essay number") == AUTHOR_ARTICLES_PER_PAGE
    assert f"({count})" in first
    assert 'rel="next" href="?page=2"' in first
    second = client.get(author.get_absolute_url(), {"page": 2}).content.decode()
    assert second.count("Essay number") == 3
    assert 'rel="prev" href="?page=1"' in second
    shown = [chunk[:3] for chunk in (first + second).split("Essay number ")[1:]]
    assert sorted(shown) == [f"{number:03d}" for number in range(count)]  # each once, none twice


@pytest.mark.parametrize("page", ["3", "0", "abc", "9" * 30])
def test_a_page_beyond_the_last_or_not_a_number_is_not_found(client, hub, author, page):
    factories.make_article(hub, author=author)
    assert client.get(author.get_absolute_url(), {"page": page}).status_code == 404


def test_an_author_without_articles_still_has_a_page(client, author):
    response = client.get(author.get_absolute_url())
    assert response.status_code == 200
    assert "No published articles yet." in response.content.decode()
    assert "pagination" not in response.content.decode()


def test_a_large_hub_lists_its_articles_a_page_at_a_time(client, hub, author):
    from articles.views import HUB_ARTICLES_PER_PAGE

    count = HUB_ARTICLES_PER_PAGE + 2
    for number in range(count):
        factories.make_article(
            hub, author=author, title=f"Hub piece {number:03d}", slug=f"hub-piece-{number}"
        )
    first = client.get(hub.get_absolute_url()).content.decode()
    assert f"The {count} Articles in This Hub" in first
    assert first.count(">Hub piece ") == HUB_ARTICLES_PER_PAGE
    second = client.get(hub.get_absolute_url(), {"page": 2}).content.decode()
    assert f"The {count} Articles in This Hub" in second
    assert second.count(">Hub piece ") == 2
    assert f'start="{HUB_ARTICLES_PER_PAGE + 1}"' in second
    assert client.get(hub.get_absolute_url(), {"page": 3}).status_code == 404
