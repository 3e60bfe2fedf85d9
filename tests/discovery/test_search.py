"""Search: the same page and behaviour on SQLite (fallback) and PostgreSQL (full text)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.urls import reverse

from articles import search
from articles.models import FAQ, SearchEntry, Takeaway
from mindlab import site
from tests import factories
from tests.conftest import is_postgres, requires_postgres

pytestmark = pytest.mark.django_db

SEARCH = "/search/"


def titles(html: str) -> list[str]:
    return re.findall(r'<p class="search-result__title"><a href="[^"]+">([^<]+)</a>', html)


@pytest.fixture
def corpus(hub):
    """A few published pages about different things, and drafts that must never show."""
    factories.make_article(
        hub,
        title="Cortisol and the working day",
        slug="cortisol-day",
        summary="How the stress hormone rises and falls.",
        body="## Morning\n\nCortisol peaks shortly after waking.",
    )
    factories.make_article(
        hub,
        title="Sleep pressure",
        slug="sleep-pressure",
        summary="Adenosine builds during the day.",
        body="## Evening\n\nLate meetings delay sleep; cortisol stays high.",
    )
    factories.make_article(
        None,
        title="Negotiation under pressure",
        slug="negotiation",
        summary="Decisions at the table.",
        body="Oxytocin and trust at work.",
    )
    factories.make_article(
        hub,
        title="Secret cortisol draft",
        slug="secret-draft",
        published=False,
        summary="Unpublished cortisol notes.",
        body="cortisol cortisol",
    )
    return hub


def test_title_match_ranks_above_body_match(client, corpus):
    response = client.get(SEARCH, {"q": "cortisol"})
    assert response.status_code == 200
    found = titles(response.content.decode())
    assert found[:2] == ["Cortisol and the working day", "Sleep pressure"]
    assert "Secret cortisol draft" not in response.content.decode()


def test_results_have_highlighted_snippets(client, corpus):
    html = client.get(SEARCH, {"q": "adenosine"}).content.decode()
    assert titles(html) == ["Sleep pressure"]
    assert re.search(r"<mark>adenosine</mark>", html, re.I)


def test_takeaways_and_faq_questions_are_searchable_and_kept_current(client, hub):
    article = factories.make_article(hub, title="Plain title", slug="plain")
    takeaway = Takeaway.objects.create(article=article, text="Hippocampus shrinks under chronic strain")
    FAQ(article=article, question="Does amygdala size matter?", answer="Sometimes.").save()
    assert titles(client.get(SEARCH, {"q": "hippocampus"}).content.decode()) == ["Plain title"]
    assert titles(client.get(SEARCH, {"q": "amygdala"}).content.decode()) == ["Plain title"]
    takeaway.delete()
    assert titles(client.get(SEARCH, {"q": "hippocampus"}).content.decode()) == []
    article.title = "Renamed neuroplasticity piece"
    article.save()
    assert titles(client.get(SEARCH, {"q": "neuroplasticity"}).content.decode()) == [
        "Renamed neuroplasticity piece"
    ]


def test_unpublishing_removes_from_results(client, corpus):
    from articles.models import Article

    article = Article.objects.get(slug="negotiation")
    assert "Negotiation under pressure" in titles(client.get(SEARCH, {"q": "oxytocin"}).content.decode())
    article.unpublish()
    article.save()
    assert titles(client.get(SEARCH, {"q": "oxytocin"}).content.decode()) == []


def test_hubs_are_found(client, pillar):
    factories.make_hub(pillar, title="Social resilience", slug="social", summary="Belonging buffers strain.")
    factories.make_hub(pillar, title="Hidden hub", slug="hidden", summary="Belonging draft.", published=False)
    html = client.get(SEARCH, {"q": "belonging"}).content.decode()
    assert 'href="/hubs/social/"' in html
    assert "Hidden hub" not in html


def test_deleting_a_page_removes_its_entry(corpus):
    from articles.models import Article

    article = Article.objects.get(slug="negotiation")
    assert SearchEntry.objects.filter(article=article).exists()
    article.delete()
    assert not SearchEntry.objects.filter(title="Negotiation under pressure").exists()


def test_deleting_an_article_with_takeaways_does_not_reindex_it(hub):
    article = factories.make_article(hub)
    factories.add_takeaways(article, 3)
    article_id = article.pk
    article.delete()
    assert not SearchEntry.objects.filter(article_id=article_id).exists()
    assert SearchEntry.objects.filter(hub=hub).exists()


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        '"unterminated quote',
        "cortisol -sleep",
        "cortisol or oxytocin",
        "&&& ||| !!! (((",
        "-",
        "🧠🔥",
        "<script>alert(1)</script>",
        "x" * 5000,
        "a\x00b",
        "' OR 1=1 --",
        "tsquery:* & | ! <->",
    ],
)
def test_odd_queries_give_a_page_never_an_error(client, corpus, query):
    response = client.get(SEARCH, {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert response.headers["X-Robots-Tag"].startswith("noindex")


def test_query_is_escaped_wherever_reflected(client, corpus):
    html = client.get(SEARCH, {"q": '"><img src=x onerror=alert(1)> cortisol'}).content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_long_query_is_shortened_with_a_note(client, corpus):
    html = client.get(SEARCH, {"q": "cortisol " * 100}).content.decode()
    assert "only its first 200 characters" in html


def test_snippet_content_is_escaped(client, hub):
    factories.make_article(
        hub, title="Markup talk", slug="markup", body="Write `<b>serotonin</b>` as code.", summary="Code."
    )
    html = client.get(SEARCH, {"q": "serotonin"}).content.decode()
    snippet = re.search(r'search-result__snippet">(.*?)</p>', html, re.S).group(1)
    assert "<b>" not in snippet
    assert re.sub(r"</?mark>", "", snippet) == re.sub(r"</?mark>", "", snippet).replace("<", "")
    assert "<mark>" in snippet and "serotonin" in snippet


def test_or_finds_either_word(client, corpus):
    found = titles(client.get(SEARCH, {"q": "adenosine or oxytocin"}).content.decode())
    assert sorted(found) == ["Negotiation under pressure", "Sleep pressure"]
    assert titles(client.get(SEARCH, {"q": "adenosine oxytocin"}).content.decode()) == []


def test_fallback_terms_follow_web_search_syntax():
    assert search.fallback_terms("Stress or sleep -work") == ([["stress"], ["sleep"]], ["work"])
    assert search.fallback_terms("or or") == ([], [])
    assert search.fallback_terms('"social support" x') == ([["social", "support"]], [])


def test_exclusion_and_phrase_syntax(client, corpus):
    found = titles(client.get(SEARCH, {"q": "cortisol -sleep"}).content.decode())
    assert "Cortisol and the working day" in found
    assert "Sleep pressure" not in found


def test_pagination(client, hub):
    for n in range(23):
        factories.make_article(hub, title=f"Dopamine note {n}", slug=f"dopamine-{n}", summary="Dopamine.")
    first = client.get(SEARCH, {"q": "dopamine"}).content.decode()
    assert len(titles(first)) == search.RESULTS_PER_PAGE
    assert "23 articles" in first
    assert 'rel="next"' in first
    third = client.get(SEARCH, {"q": "dopamine", "page": 3}).content.decode()
    assert len(titles(third)) == 3
    beyond = client.get(SEARCH, {"q": "dopamine", "page": "999"})
    assert beyond.status_code == 200
    assert client.get(SEARCH, {"q": "dopamine", "page": "abc"}).status_code == 200
    huge = client.get(SEARCH, {"q": "dopamine", "page": "9" * 40})
    assert huge.status_code == 200
    assert "Page 3 of 3" in huge.content.decode()
    assert client.get(SEARCH, {"q": "dopamine", "page": "-4"}).status_code == 200


@pytest.mark.parametrize("matches", [5, 50])
def test_query_count_does_not_grow_with_matches(client, hub, django_assert_max_num_queries, matches):
    for n in range(matches):
        factories.make_article(hub, title=f"Serotonin study {n}", slug=f"serotonin-{n}")
    site.settings()  # the site settings are read once, then kept in the cache
    # Page ids with the total, those articles, hubs; PostgreSQL adds index_matching's two statements.
    with django_assert_max_num_queries(5 if is_postgres() else 3):
        response = client.get(SEARCH, {"q": "serotonin"})
    assert response.status_code == 200
    assert f"{matches} articles" in response.content.decode()


def test_rebuild_index_recreates_entries(corpus):
    SearchEntry.objects.all().delete()
    count = search.rebuild_index()
    assert count == SearchEntry.objects.count() >= 5
    results = search.search("adenosine")
    assert [item.title for item in results.page.object_list] == ["Sleep pressure"]


def entry_texts() -> dict:
    return {
        (entry.article_id, entry.hub_id): (entry.title, entry.lead, entry.body)
        for entry in SearchEntry.objects.all()
    }


def test_saving_a_page_and_rebuilding_the_index_write_the_same_entries(hub, django_assert_max_num_queries):
    article = factories.make_article(
        hub, title="Vagal tone", slug="vagal", subtitle="Breath and heart", summary="Slow breathing."
    )
    Takeaway.objects.create(article=article, text="Exhale longer than you inhale.", position=1)
    FAQ.objects.create(article=article, question="Is it safe?", answer="Yes.", position=1)
    FAQ.objects.create(hub=hub, question="Where to start?", answer="Here.", position=1)
    saved = entry_texts()
    assert "Exhale longer" in saved[(article.pk, None)][1] and "Where to start?" in saved[(None, hub.pk)][1]
    # The rebuild reads each page's takeaways and FAQs from a prefetch, not page by page.
    with django_assert_max_num_queries(12):
        search.rebuild_index()
    assert entry_texts() == saved


def test_search_link_in_navigation(client, corpus):
    html = client.get(reverse("articles:home")).content.decode()
    assert f'href="{SEARCH}"' in html


@requires_postgres
def test_postgres_uses_weighted_vector_and_gin_index(corpus):
    entry = SearchEntry.objects.get(article__slug="cortisol-day")
    assert entry.vector is not None
    assert "'cortisol':1A" in str(entry.vector)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM articles_searchentry "
            "WHERE vector @@ websearch_to_tsquery('english', 'cortisol')"
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "articles_searchentry_vector_gin" in plan


@requires_postgres
def test_postgres_stems_and_supports_websearch_phrases(client, corpus):
    found = titles(client.get(SEARCH, {"q": "peaks"}).content.decode())
    assert found == ["Cortisol and the working day"]
    found = titles(client.get(SEARCH, {"q": '"stays high"'}).content.decode())
    assert found == ["Sleep pressure"]


def test_rebuild_search_index_command(corpus):
    from io import StringIO

    from django.core.management import call_command

    SearchEntry.objects.all().delete()
    out = StringIO()
    call_command("rebuild_search_index", "--missing", stdout=out)
    assert "Indexed" in out.getvalue()
    assert [item.title for item in search.search("adenosine").page.object_list] == ["Sleep pressure"]
