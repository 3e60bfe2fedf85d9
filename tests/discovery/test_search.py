"""Search: the same page and behaviour on SQLite (fallback) and PostgreSQL (full text)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.urls import reverse
from django.utils.html import escape

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


def test_publication_changed_in_bulk_shows_in_results_at_once(client, pillar, corpus):
    """``QuerySet.update()`` sends no signal: results still follow the pages' own state."""
    from datetime import timedelta

    from django.utils import timezone

    from articles.models import Article, Hub, Status

    def found(query: str) -> list[str]:
        return titles(client.get(SEARCH, {"q": query}).content.decode())

    articles = Article.objects.filter(slug="negotiation")
    articles.update(status=Status.DRAFT)
    assert found("oxytocin") == []
    articles.update(status=Status.PUBLISHED, published_at=timezone.now() + timedelta(days=1))
    assert found("oxytocin") == []
    articles.update(published_at=timezone.now() - timedelta(minutes=1))
    assert found("oxytocin") == ["Negotiation under pressure"]

    factories.make_hub(pillar, title="Social resilience", slug="social", summary="Belonging buffers strain.")
    Hub.objects.filter(slug="social").update(status=Status.DRAFT)
    assert 'href="/hubs/social/"' not in client.get(SEARCH, {"q": "belonging"}).content.decode()
    Hub.objects.filter(slug="social").update(status=Status.PUBLISHED)
    assert 'href="/hubs/social/"' in client.get(SEARCH, {"q": "belonging"}).content.decode()


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


def words_of(parsed: search.ParsedQuery) -> tuple[list[list[tuple]], list[tuple]]:
    return [[t.words for t in group] for group in parsed.alternatives], [t.words for t in parsed.excluded]


def test_one_query_syntax_for_both_engines():
    assert words_of(search.parse("Stress or sleep -work")) == ([[("stress",)], [("sleep",)]], [("work",)])
    assert words_of(search.parse("or or")) == ([], [])
    assert words_of(search.parse('"social support" x')) == ([[("social", "support")]], [])
    assert words_of(search.parse('cortisol -"late meetings"')) == ([[("cortisol",)]], [("late", "meetings")])
    assert search.parse("stre*").alternatives == [[search.Term(("stre",), prefix=True)]]
    assert not search.parse("-work")


def test_exclusion_and_phrase_syntax(client, corpus):
    found = titles(client.get(SEARCH, {"q": "cortisol -sleep"}).content.decode())
    assert "Cortisol and the working day" in found
    assert "Sleep pressure" not in found


def test_pagination(client, hub):
    for n in range(23):
        factories.make_article(hub, title=f"Dopamine note {n}", slug=f"dopamine-{n}", summary="Dopamine.")
    first = client.get(SEARCH, {"q": "dopamine"}).content.decode()
    assert len(titles(first)) == search.RESULTS_PER_PAGE
    assert "Articles (23)" in first
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
def test_query_count_does_not_grow_with_matches(client, pillar, hub, django_assert_max_num_queries, matches):
    for n in range(matches):
        factories.make_article(hub, title=f"Serotonin study {n}", slug=f"serotonin-{n}")
    for n in range(matches // 5):
        factories.make_hub(pillar, title=f"Serotonin hub {n}", slug=f"serotonin-hub-{n}")
    site.settings()  # the site settings are read once, then kept in the cache
    # Both: the ranked, counted article and hub ids in one statement, those articles, those
    # hubs; then SQLite's snippets, or PostgreSQL's index_matching (two statements here, in
    # the test's transaction; its headlines come with the pages).
    with django_assert_max_num_queries(5 if is_postgres() else 4):
        response = client.get(SEARCH, {"q": "serotonin"})
    assert response.status_code == 200
    assert f"Articles ({matches})" in response.content.decode()
    assert f"Hubs ({matches // 5})" in response.content.decode()


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


# --- Both engines: stemming, phrases, exclusion, prefixes, layout --------------------


@pytest.fixture
def stress_corpus(hub):
    factories.make_article(
        hub,
        title="How stress shapes the brain",
        slug="stress-brain",
        summary="Acute and chronic load.",
        body="## Under load\n\nThe stress response starts in the amygdala. Social support buffers it.",
    )
    factories.make_article(
        hub,
        title="Support at work",
        slug="support-work",
        summary="Teams and trust.",
        body="Support from a manager matters more than social events.",
    )
    return hub


@pytest.mark.parametrize("query", ["stresses", "stressed", "Stress", "stressing"])
def test_inflected_words_find_the_article_about_stress(client, stress_corpus, query):
    assert titles(client.get(SEARCH, {"q": query}).content.decode()) == ["How stress shapes the brain"]


def test_a_quoted_phrase_finds_only_the_exact_phrase(client, stress_corpus):
    assert titles(client.get(SEARCH, {"q": '"social support"'}).content.decode()) == [
        "How stress shapes the brain"
    ]
    both = titles(client.get(SEARCH, {"q": "social support"}).content.decode())
    assert sorted(both) == ["How stress shapes the brain", "Support at work"]
    assert titles(client.get(SEARCH, {"q": '"support social"'}).content.decode()) == []


def test_minus_excludes_a_word_or_a_phrase(client, stress_corpus):
    assert titles(client.get(SEARCH, {"q": "support -amygdala"}).content.decode()) == ["Support at work"]
    assert titles(client.get(SEARCH, {"q": 'support -"social support"'}).content.decode()) == [
        "Support at work"
    ]
    assert titles(client.get(SEARCH, {"q": "-amygdala"}).content.decode()) == []


def test_a_star_searches_by_prefix(client, stress_corpus):
    assert titles(client.get(SEARCH, {"q": "amygd*"}).content.decode()) == ["How stress shapes the brain"]
    assert titles(client.get(SEARCH, {"q": "amygd"}).content.decode()) == []


def test_snippets_mark_whole_words_and_keep_headings_apart(client, stress_corpus):
    html = client.get(SEARCH, {"q": "amygdala"}).content.decode()
    snippet = re.search(r'search-result__snippet">(.*?)</p>', html, re.S).group(1)
    assert "<mark>amygdala</mark>." in snippet  # the full stop stays outside the highlight
    assert "Under load · The" in snippet  # the heading is not run into the text


def test_results_are_grouped_under_hubs_and_articles_with_counts(client, pillar, stress_corpus):
    factories.make_hub(pillar, title="Stress and recovery", slug="stress-recovery", summary="Stress hub.")
    html = client.get(SEARCH, {"q": "stress"}).content.decode()
    assert '<h3 id="hub-results-heading">Hubs (1)</h3>' in html
    assert '<h3 id="article-results-heading">Articles (1)</h3>' in html
    assert html.index("Hubs (1)") < html.index("Articles (1)")


def test_no_results_suggest_a_spelling_and_offer_the_pillars(client, pillar, stress_corpus):
    html = client.get(SEARCH, {"q": "chronik"}).content.decode()
    assert "Nothing was found for “chronik”" in html
    assert 'Did you mean <a href="?q=chronic">chronic</a>?' in html
    assert f'href="{pillar.get_absolute_url()}"' in html and escape(pillar.display_name) in html


def test_the_index_follows_edits_and_deletes(client, stress_corpus):
    from articles.models import Article

    article = Article.objects.get(slug="support-work")
    article.title = "Managers who listen"
    article.save()
    assert titles(client.get(SEARCH, {"q": "listening"}).content.decode()) == ["Managers who listen"]
    article.delete()
    assert titles(client.get(SEARCH, {"q": "listening"}).content.decode()) == []


def fts_index_agrees_with_entries() -> None:
    """FTS5's own check: raises if the index differs from the entries it indexes."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO articles_searchentry_fts(articles_searchentry_fts, rank) VALUES ('integrity-check', 1)"
        )


@pytest.mark.skipif(is_postgres(), reason="the FTS5 table exists on SQLite only")
def test_sqlite_fts_index_stays_in_step_with_saves_deletes_and_rebuilds(stress_corpus):
    from io import StringIO

    from django.core.management import call_command

    from articles.models import Article

    article = Article.objects.get(slug="support-work")
    article.summary = "Rewritten summary about listening."
    article.save()
    Article.objects.get(slug="stress-brain").delete()
    fts_index_agrees_with_entries()
    call_command("rebuild_search_index", stdout=StringIO())
    fts_index_agrees_with_entries()
    assert [item.title for item in search.search("listened").page.object_list] == ["Support at work"]
