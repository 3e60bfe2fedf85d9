"""The number of SQL queries per page does not grow with the content on it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories

pytestmark = pytest.mark.django_db


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_article_page_cost_does_not_grow_with_faqs_and_takeaways(client, hub, django_assert_max_num_queries):
    small = factories.make_article(hub)
    factories.add_faqs(small, 1)
    factories.add_takeaways(small, 1)
    large = factories.make_article(hub)
    factories.add_faqs(large, 40)
    factories.add_takeaways(large, 20)
    baseline = count_queries(client, small.get_absolute_url())
    with django_assert_max_num_queries(baseline):
        client.get(large.get_absolute_url())


def test_hub_page_cost_does_not_grow_with_articles(client, pillar, django_assert_max_num_queries):
    small_hub = factories.make_hub(pillar)
    for _ in range(2):
        factories.make_article(small_hub)
    factories.add_faqs(small_hub, 1)
    large_hub = factories.make_hub(pillar)
    for _ in range(30):
        factories.make_article(large_hub)
    factories.add_faqs(large_hub, 25)
    baseline = count_queries(client, small_hub.get_absolute_url())
    with django_assert_max_num_queries(baseline):
        client.get(large_hub.get_absolute_url())


def test_home_pillar_and_author_pages_do_not_grow(client, pillar, author, django_assert_max_num_queries):
    hub = factories.make_hub(pillar)
    factories.make_article(hub, author=author)
    urls = ["/", pillar.get_absolute_url(), author.get_absolute_url()]
    baselines = {url: count_queries(client, url) for url in urls}
    for _ in range(5):
        more = factories.make_hub(pillar)
        for _ in range(5):
            factories.make_article(more, author=author)
    for url in urls:
        with django_assert_max_num_queries(baselines[url]):
            client.get(url)
