"""What readers meet on every page: one name per pillar, the home page's pillars and feed,
social card, print and colour-scheme styles, and the small frictions of issue 17."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.utils.html import escape

from articles.models import PageCitation
from mindlab import site
from tests import factories
from tests.references.helpers import make_citation

pytestmark = pytest.mark.django_db


def main(html: str) -> str:
    return html[html.index("<main") :]


def test_a_pillar_has_one_name_on_its_own_page_and_in_lists(client, pillar, hub):
    name = escape(pillar.display_name)
    assert name == "Pillar 4 — Stress, Resilience &amp; Regulation"
    assert f"<h1>{name}</h1>" in client.get(pillar.get_absolute_url()).content.decode()
    assert name in client.get("/").content.decode()
    assert name in client.get("/pillars/").content.decode()


def test_home_page_lists_every_pillar_and_shows_the_feed(client, pillar):
    empty = factories.make_pillar(number=7, name="Sleep & Recovery", slug="sleep")
    html = main(client.get("/").content.decode())
    assert escape(pillar.display_name) in html and escape(empty.display_name) in html
    assert re.search(r'<a class="feed-link" href="/feed/">[^<]+</a>', html)


def test_pages_without_an_image_have_the_default_social_card(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    assert re.search(r'<meta property="og:image" content="http[^"]+/static/img/og-default\.png">', html)
    assert '<meta property="og:image:width" content="1200">' in html
    assert finders.find("img/og-default.png")


def test_every_page_has_print_and_colour_scheme_styles(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    assert re.search(r'<link rel="stylesheet" href="/static/css/print\.css" media="print">', html)
    assert '<script src="/static/js/print.js" defer></script>' in html
    css = Path(finders.find("css/site.css")).read_text(encoding="utf-8")
    assert "@media (prefers-color-scheme: dark)" in css
    printed = Path(finders.find("css/print.css")).read_text(encoding="utf-8")
    for hidden in (".site-header", ".toc", ".card", ".cta"):
        assert hidden in printed.split("display: none")[0]
    assert "attr(href)" in printed


def test_hub_disclaimer_speaks_of_the_hub_and_sits_where_the_articles_does(client, hub, article):
    html = main(client.get(hub.get_absolute_url()).content.decode())
    assert site.DEFAULT_HUB_DISCLAIMER.startswith("This hub ")
    assert escape(site.DEFAULT_HUB_DISCLAIMER) in html
    assert "This article is written" not in html
    assert html.index('class="disclaimer"') < html.index('class="prose"')
    article_html = main(client.get(article.get_absolute_url()).content.decode())
    assert article_html.index('class="disclaimer"') < article_html.index('class="prose"')


def test_hub_reading_time_counts_what_the_page_shows(client, pillar):
    hub = factories.make_hub(pillar, intro="## Why\n\n" + "word " * 460)
    for n in range(4):
        factories.make_article(hub, summary="summary " * 115, slug=f"long-summary-{n}")
    html = client.get(hub.get_absolute_url()).content.decode()
    # 460 intro words and 4 x 115 summary words: 920 words, 4 minutes (not the intro's 2).
    assert "4 min read" in html


def test_author_bio_does_not_repeat_the_name(client, article, author):
    html = main(client.get(article.get_absolute_url()).content.decode())
    bio = re.search(r'<section class="author-bio".*?</section>', html, re.S).group(0)
    assert f"About {escape(author.name)}" in bio
    assert bio.count(escape(author.name)) == 1


def test_reference_page_has_breadcrumbs_and_shows_its_doi_once(client, article):
    work = make_citation(key="coan2006", doi="10.1111/j.1467-9280.2006.01832.x")
    assert work.doi_url
    PageCitation.objects.create(citation=work, article=article, kind=PageCitation.Kind.FURTHER)
    html = client.get(work.get_absolute_url()).content.decode()
    assert 'aria-label="Breadcrumb"' in html and 'href="/references/">References</a>' in html
    assert main(html).count(work.doi_url) == 2  # the link of the APA entry: its address and its text


def test_reference_link_name_contains_its_visible_text(client, article):
    work = make_citation(key="coan2006")
    PageCitation.objects.create(citation=work, article=article, kind=PageCitation.Kind.FURTHER)
    html = client.get(article.get_absolute_url()).content.decode()
    link = re.search(r'<a class="reference__more"[^>]*>(.*?)</a>', html, re.S)
    assert "aria-label" not in link.group(0)
    assert '<span aria-hidden="true">↗</span>' in link.group(1)
    assert "About this work (coan2006)" in link.group(1)
