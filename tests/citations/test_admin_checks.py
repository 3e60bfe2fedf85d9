"""The "Citation checks" panel of hub and article change forms (test client), and that the
checks cost public pages nothing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.citations import attach_further_reading
from articles.models import FAQ
from tests import factories
from tests.references.helpers import make_citation, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def works():
    okafor = make_citation(
        key="okafor2020", authors=[person("Okafor", "Chidi")], year=2020, title="Evening light"
    )
    brandt = make_citation(
        key="brandt2015", authors=[person("Brandt", "Kai"), person("Osei", "Ama")], year=2015, title="Lamps"
    )
    return okafor, brandt


def change_form(client, page) -> str:
    model = page._meta.model_name
    response = client.get(f"/admin/articles/{model}/{page.pk}/change/")
    assert response.status_code == 200
    return response.content.decode()


def test_article_form_lists_unmatched_mentions_and_uncited_entries(staff_client, hub, author, works):
    _okafor, brandt = works
    article = factories.make_article(
        hub,
        author=author,
        body="## Light\n\nLight delays sleep [@okafor2020].\n\nAs Lee and Park (2021) showed, (Hartmann) too.",
    )
    attach_further_reading(article, [brandt])
    FAQ.objects.create(article=article, question="Does it matter?", answer="Yes (Mensah, 2023).", position=1)
    page = change_form(staff_client, article)
    assert "Citation checks" in page
    assert "Body, line 5: “Lee and Park (2021)” matches no entry of the reference list" in page
    assert "“(Hartmann)” gives no year" in page
    assert "FAQ “Does it matter?”, line 1: “(Mensah, 2023)” matches no entry" in page
    assert "References never cited in the text (1)" in page and "@brandt2015" in page
    assert "(Brandt &amp; Osei, 2015): listed, but no text of the page cites it" in page
    # In the publishing checks, right after "Ready to publish?", and not blocking.
    assert page.index("Ready to publish?") < page.index("Citation checks") < page.index("Further reading")
    assert "do not stop the page from being published" in page


def test_hub_form_has_the_panel_and_a_clean_page_says_so(staff_client, pillar, author, works):
    hub = factories.make_hub(
        pillar, author=author, intro="## Why\n\nOkafor (2020) showed it [@okafor2020; @brandt2015]."
    )
    factories.add_faqs(hub, 1)
    page = change_form(staff_client, hub)
    assert "Citation checks" in page and "No problems: every in-text citation matches" in page


def test_the_add_form_asks_to_save_first(staff_client):
    response = staff_client.get("/admin/articles/article/add/")
    assert response.status_code == 200
    assert "Save the page to see its citation checks." in response.content.decode()


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_public_pages_never_run_the_checks(client, hub, author, works):
    clean = factories.make_article(hub, author=author, body="## A\n\nText [@okafor2020].")
    noisy = factories.make_article(
        hub,
        author=author,
        body="## A\n\nText [@okafor2020]. "
        + " ".join(f"Smith{n} (2020) and (Hartmann{n})." for n in range(50)),
    )
    warm = factories.make_article(hub, author=author, body="## A\n\nText.")
    count_queries(client, warm.get_absolute_url())  # site settings and the like, read once
    baseline = count_queries(client, clean.get_absolute_url())
    assert count_queries(client, noisy.get_absolute_url()) == baseline
    page = client.get(noisy.get_absolute_url()).content.decode()
    assert "Citation checks" not in page and "matches no entry" not in page
