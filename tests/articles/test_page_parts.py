"""A page's own call to action, a hub's name beside its headline, closing text, co-authors."""

import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from articles.models import Author, Coauthor, default_author
from mindlab import site
from tests import factories

pytestmark = pytest.mark.django_db


def page_html(client, page) -> str:
    response = client.get(page.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def cta_block(html: str) -> str:
    return re.search(r'<aside class="cta".*?</aside>', html, re.S).group(0)


def json_ld(html: str) -> list[dict]:
    data = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    return json.loads(data)["@graph"]


def test_an_article_without_its_own_call_to_action_shows_the_sites(client, article):
    block = cta_block(page_html(client, article))
    settings = site.settings()
    assert settings.cta_heading in block
    assert settings.cta_button in block
    assert f"?from={article.get_absolute_url()}" in block.replace("%2F", "/")


def test_each_part_of_an_articles_call_to_action_falls_back_on_its_own(client, article):
    article.cta_heading = "Talk to Dr. Lane about your sleep"
    article.cta_text = "Two things first.\n\nThen **a second** paragraph.<script>alert(1)</script>"
    article.save()
    block = cta_block(page_html(client, article))
    assert "Talk to Dr. Lane about your sleep" in block
    assert "<p>Two things first.</p>" in block and "<strong>a second</strong>" in block
    assert "<script" not in block
    assert site.settings().cta_button in block  # the button was left to the site
    assert site.settings().cta_text not in block
    assert "/strategy-call/?from=" in block


def test_a_hub_has_its_own_button_label_and_keeps_the_site_heading(client, hub):
    hub.cta_button = "Book a call"
    hub.save()
    block = cta_block(page_html(client, hub))
    assert ">Book a call</a>" in block
    assert site.settings().cta_heading in block
    assert "/strategy-call/?from=" in block


def test_a_hub_is_named_in_lists_and_crumbs_and_headlined_on_its_page(client, pillar, author):
    hub = factories.make_hub(
        pillar, author=author, name="Attention Under Pressure", title="Why Focus Fails When It Matters Most"
    )
    factories.add_faqs(hub, 1)
    article = factories.make_article(hub, author=author)
    hub_page = page_html(client, hub)
    assert '<h1 id="page-title">Why Focus Fails When It Matters Most</h1>' in hub_page
    assert "<title>Why Focus Fails When It Matters Most ·" in hub_page
    assert "Executive FAQs: Attention Under Pressure" in hub_page
    assert 'aria-current="page">Attention Under Pressure</a>' in hub_page
    article_page = page_html(client, article)
    crumbs = re.search(r'<nav class="breadcrumbs.*?</nav>', article_page, re.S).group(0)
    assert "Attention Under Pressure" in crumbs and "Why Focus Fails" not in crumbs
    trail = next(node for node in json_ld(article_page) if node["@type"] == "BreadcrumbList")
    assert [item["name"] for item in trail["itemListElement"]][2] == "Attention Under Pressure"
    assert "Attention Under Pressure" in page_html(client, pillar)


def test_a_hub_without_a_name_is_named_by_its_headline(client, pillar):
    hub = factories.make_hub(pillar, title="Sleep and Recovery")
    factories.add_faqs(hub, 1)
    assert hub.display_name == "Sleep and Recovery"
    assert "Executive FAQs: Sleep and Recovery" in page_html(client, hub)


@pytest.mark.parametrize(
    ("published", "heading"), [(0, "Articles in This Hub"), (1, "The 1 Article in This Hub")]
)
def test_the_article_list_heading_never_counts_zero(client, hub, published, heading):
    for _ in range(published):
        factories.make_article(hub)
    factories.make_article(hub, status="draft")
    html = page_html(client, hub)
    assert f'<h2 id="hub-articles-heading">{heading}</h2>' in html
    assert "The 0 Articles" not in html
    if not published:
        assert "No articles have been published in this hub yet" in html


def test_closing_text_follows_the_hubs_article_list(client, hub):
    hub.closing_text = "Where to go *next*: start with the first article."
    hub.save()
    article = factories.make_article(hub, title="The First One")
    html = page_html(client, hub)
    assert "Where to go <em>next</em>" in html
    assert html.index(article.title) < html.index("Where to go") < html.index('class="pillar-placement"')


def test_every_author_of_an_article_is_in_its_byline_and_json_ld_in_order(client, article, author):
    second = factories.make_author(name="Sam Second", slug="sam-second", credentials="MD")
    third = factories.make_author(name="Tess Third", slug="tess-third")
    Coauthor.objects.create(article=article, author=third, position=2)
    Coauthor.objects.create(article=article, author=second, position=1)
    html = page_html(client, article)
    byline = re.search(r'<p class="byline">.*?</p>', html, re.S).group(0)
    assert byline.index(author.name) < byline.index("Sam Second") < byline.index("Tess Third")
    assert " and <a" in byline
    node = next(node for node in json_ld(html) if node["@type"] == "Article")
    assert [person["name"] for person in node["author"]] == [author.name, "Sam Second", "Tess Third"]


def test_a_hub_byline_names_its_author(client, hub, author):
    html = page_html(client, hub)
    byline = re.search(r'<p class="byline">.*?</p>', html, re.S).group(0)
    assert author.name in byline


def test_a_coauthor_is_on_exactly_one_page_and_not_the_first_author(article, hub, author):
    other = factories.make_author(name="Other Person", slug="other-person")
    with pytest.raises(ValidationError):
        Coauthor(article=article, hub=hub, author=other).full_clean()
    with pytest.raises(ValidationError):
        Coauthor(article=article, author=author).full_clean()


def test_the_default_author_is_the_setting_else_the_only_author(db):
    assert default_author() is None
    only = factories.make_author(name="Only One", slug="only-one")
    assert default_author() == only
    factories.make_author(name="Second Writer", slug="second-writer")
    assert default_author() is None
    only.make_default()
    assert default_author() == only
    only.delete()
    assert Author.objects.count() == 1
    assert default_author() == Author.objects.get()


def test_there_is_one_default_author_at_most(db):
    first = factories.make_author(name="First Writer", slug="first-writer")
    second = factories.make_author(name="Second Writer", slug="second-writer")
    first.make_default()
    second.make_default()
    assert list(Author.objects.filter(is_default=True)) == [second]
    with pytest.raises(IntegrityError), transaction.atomic():
        Author.objects.filter(pk=first.pk).update(is_default=True)


def test_the_admin_makes_one_author_the_default(staff_client):
    first = factories.make_author(name="First Writer", slug="first-writer")
    second = factories.make_author(name="Second Writer", slug="second-writer")
    changelist = "/admin/articles/author/"
    assert "make_default_author" in staff_client.get(changelist).content.decode()
    both = {"action": "make_default_author", "_selected_action": [first.pk, second.pk]}
    refused = staff_client.post(changelist, both, follow=True).content.decode()
    assert "Choose exactly one author" in refused
    assert default_author() is None
    one = {"action": "make_default_author", "_selected_action": [second.pk]}
    done = staff_client.post(changelist, one, follow=True).content.decode()
    assert "Second Writer now signs imported pages" in done
    assert default_author() == second


def test_an_authors_page_lists_what_they_co_wrote(client, article):
    partner = factories.make_author(name="Pat Partner", slug="pat-partner")
    Coauthor.objects.create(article=article, author=partner, position=0)
    html = page_html(client, partner)
    assert article.title in html


def test_the_feed_names_every_author(client, article, author):
    Coauthor.objects.create(article=article, author=factories.make_author(name="Pat Partner", slug="pp"))
    feed = client.get("/feed/").content.decode()
    assert f"{author.name} and Pat Partner" in feed


def test_an_author_without_a_short_bio_shows_the_long_one_once(client, article, author):
    author.short_bio = ""
    author.bio = "Ada has studied *sleep* for twenty years."
    author.save()
    html = page_html(client, article)
    bio = re.search(r'<section class="author-bio".*?</section>', html, re.S).group(0)
    assert "Ada has studied <em>sleep</em> for twenty years." in bio
    assert html.count("for twenty years") == 1


def test_co_authors_add_no_query_per_person(client, article, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    Coauthor.objects.create(article=article, author=factories.make_author(), position=0)
    with CaptureQueriesContext(connection) as one:
        assert client.get(article.get_absolute_url(), {"n": 1}).status_code == 200
    for position in range(1, 6):
        Coauthor.objects.create(article=article, author=factories.make_author(), position=position)
    with django_assert_max_num_queries(len(one)):
        client.get(article.get_absolute_url(), {"n": 2})


def test_the_admin_offers_the_call_to_action_name_and_co_authors(staff_client, hub, article):
    hub_form = staff_client.get(f"/admin/articles/hub/{hub.pk}/change/").content.decode()
    assert 'name="name"' in hub_form and 'name="closing_text"' in hub_form
    assert "Call to action" in hub_form and 'name="cta_heading"' in hub_form
    article_form = staff_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    for field in ("cta_heading", "cta_text", "cta_button", "coauthors-TOTAL_FORMS"):
        assert f'name="{field}"' in article_form
