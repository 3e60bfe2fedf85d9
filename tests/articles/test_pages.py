import pytest

from tests import factories


@pytest.mark.django_db
def test_article_page_shows_anatomy(client, article):
    factories.add_takeaways(article, 2)
    factories.add_faqs(article, 1)
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    for expected in [
        "Key Takeaways",
        "On this page",
        "Disclaimer",
        "Book a Strategy Call",
        "About Dr Ada Example",
        "Question 0?",
        'aria-label="Breadcrumb"',
        "Pillar 4 — Stress, Resilience &amp; Regulation",
        "/strategy-call/?from=/articles/trusted-people/",
    ]:
        assert expected in html, expected
