"""Related reading (same hub, shared references, same pillar) and medical review."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles.models import Article
from articles.related import related_articles
from articles.review import ReviewStatusFilter, review_state
from tests import factories

pytestmark = pytest.mark.django_db


def related_titles(html: str) -> list[str]:
    section = re.search(r'<section class="related".*?</section>', html, re.S)
    if not section:
        return []
    return re.findall(r'class="card__title"><a href="[^"]+">([^<]+)</a>', section.group(0))


def test_same_hub_first_in_editorial_order_then_same_pillar(client, pillar, hub, article):
    factories.make_article(hub, title="Hub third", slug="hub-third", position=3)
    factories.make_article(hub, title="Hub first", slug="hub-first", position=1)
    factories.make_article(hub, title="Hub draft", slug="hub-draft", position=0, published=False)
    sibling_hub = factories.make_hub(pillar, title="Sibling", slug="sibling")
    factories.make_article(sibling_hub, title="Pillar newest", slug="pillar-newest")
    html = client.get(article.get_absolute_url()).content.decode()
    assert related_titles(html) == ["Hub first", "Hub third", "Pillar newest"]


def test_pillar_fill_skips_drafts_and_draft_hubs(client, pillar, hub, article):
    factories.make_article(hub, title="Hub draft", slug="hub-draft", published=False)
    draft_hub = factories.make_hub(pillar, title="Draft hub", slug="draft-hub", published=False)
    factories.make_article(draft_hub, title="Behind a draft hub", slug="behind")
    factories.make_article(
        hub, title="Scheduled", slug="scheduled", published_at=timezone.now() + timedelta(hours=5)
    )
    other_pillar_hub = factories.make_hub(factories.make_pillar())
    factories.make_article(other_pillar_hub, title="Other pillar", slug="other-pillar")
    sibling = factories.make_hub(pillar, title="Sibling", slug="sibling")
    factories.make_article(sibling, title="Sibling piece", slug="sibling-piece")
    assert related_titles(client.get(article.get_absolute_url()).content.decode()) == ["Sibling piece"]


def test_shared_references_come_between_hub_and_pillar(client, pillar, hub, article, author):
    from articles.citations import attach_further_reading
    from references import api

    citation, _ = api.find_or_create_citation(
        {
            "id": "coan2006",
            "type": "article-journal",
            "title": "Lending a hand",
            "author": [{"family": "Coan", "given": "James A."}],
            "issued": {"date-parts": [[2006]]},
        }
    )
    elsewhere = factories.make_hub(factories.make_pillar(), title="Far away", slug="far")
    sharer = factories.make_article(elsewhere, title="Shares a work", slug="sharer")
    factories.make_article(elsewhere, title="Shares nothing", slug="nothing")
    draft_sharer = factories.make_article(
        elsewhere, title="Draft sharer", slug="draft-sharer", published=False
    )
    for page in (article, sharer, draft_sharer):
        attach_further_reading(page, [citation])
    factories.make_article(hub, title="Hub mate", slug="hub-mate")
    sibling = factories.make_hub(pillar, title="Sibling", slug="sibling")
    factories.make_article(sibling, title="Pillar mate", slug="pillar-mate")
    html = client.get(article.get_absolute_url()).content.decode()
    assert related_titles(html) == ["Hub mate", "Shares a work", "Pillar mate"]


def test_standalone_article_without_references_has_no_related(client, author):
    article = factories.make_article(None, author=author, slug="alone")
    factories.make_article(None, slug="also-alone")
    assert related_titles(client.get(article.get_absolute_url()).content.decode()) == []


@pytest.mark.parametrize("count", [2, 30])
def test_related_costs_fixed_queries(hub, article, django_assert_max_num_queries, count):
    for n in range(count):
        factories.make_article(hub, slug=f"mate-{n}")
    with django_assert_max_num_queries(2):
        found = related_articles(article, hub)
    assert len(found) == min(count, 3)
    assert article not in found


@pytest.mark.parametrize("count", [1, 20])
def test_article_page_query_count_is_constant(
    client, pillar, hub, article, django_assert_max_num_queries, count
):
    reviewer = factories.make_author(slug="rev", credentials="MD")
    Article.objects.filter(pk=article.pk).update(reviewed_by=reviewer, reviewed_at=date(2026, 1, 5))
    sibling = factories.make_hub(pillar)
    for n in range(count):
        factories.make_article(hub if n % 2 else sibling, slug=f"a-{n}")
    factories.add_faqs(article, 3)
    factories.add_takeaways(article, 3)
    # The first request renders the page (one query of them for its co-authors)...
    with django_assert_max_num_queries(12):
        response = client.get(article.get_absolute_url(), {"fresh": 1})
    assert response.status_code == 200
    # ...later ones, whatever their query string, are served from the cache without a query.
    with django_assert_max_num_queries(0):
        again = client.get(article.get_absolute_url(), {"fresh": 2})
    assert again.content == response.content


def test_review_line_on_page_and_in_json_ld(client, article):
    reviewer = factories.make_author(name="Dr Kay Reviewer", slug="kay", credentials="MD, PhD")
    article.reviewed_by = reviewer
    article.reviewed_at = date(2026, 2, 14)
    article.full_clean()
    article.save()
    html = client.get(article.get_absolute_url()).content.decode()
    line = re.search(r'<p class="review-line">(.*?)</p>', html, re.S).group(1)
    text = re.sub(r"<[^>]+>|\s+", " ", line).split()
    assert " ".join(text) == "Reviewed by Dr Kay Reviewer , MD, PhD on 14 February 2026"
    assert 'href="/authors/kay/"' in line
    assert '<time datetime="2026-02-14">' in line


def test_no_review_line_without_a_review(client, article):
    assert "review-line" not in client.get(article.get_absolute_url()).content.decode()


def test_review_validation(article):
    no_credentials = factories.make_author(slug="plain", credentials="")
    article.reviewed_by = no_credentials
    article.reviewed_at = date(2026, 1, 1)
    with pytest.raises(ValidationError, match="credentials"):
        article.full_clean()
    article.reviewed_by = factories.make_author(slug="md", credentials="MD")
    article.reviewed_at = None
    with pytest.raises(ValidationError, match="both the reviewer and the review date"):
        article.full_clean()
    article.reviewed_at = timezone.localdate() + timedelta(days=2)
    with pytest.raises(ValidationError, match="future"):
        article.full_clean()


def test_review_states_follow_the_setting(settings):
    settings.MEDICAL_REVIEW_MAX_AGE_DAYS = 30
    today = date(2026, 6, 30)
    assert review_state(None, today) == "never"
    assert review_state(date(2026, 6, 1), today) == "current"
    assert review_state(date(2026, 5, 31), today) == "overdue"


def test_admin_lists_overdue_reviews(staff_client, hub, settings):
    settings.MEDICAL_REVIEW_MAX_AGE_DAYS = 90
    reviewer = factories.make_author(slug="rev", credentials="MD")
    today = timezone.localdate()
    old = factories.make_article(hub, title="Alpha piece", slug="old")
    fresh = factories.make_article(hub, title="Beta piece", slug="fresh")
    never = factories.make_article(hub, title="Gamma piece", slug="never")
    Article.objects.filter(pk=old.pk).update(reviewed_by=reviewer, reviewed_at=today - timedelta(days=91))
    Article.objects.filter(pk=fresh.pk).update(reviewed_by=reviewer, reviewed_at=today - timedelta(days=10))

    def listed(review: str) -> set[str]:
        html = staff_client.get(
            "/admin/articles/article/", {ReviewStatusFilter.parameter_name: review}
        ).content
        return {t for t in ("Alpha piece", "Beta piece", "Gamma piece") if t in html.decode()}

    assert listed("overdue") == {"Alpha piece"}
    assert listed("never") == {"Gamma piece"}
    assert listed("due") == {"Alpha piece", "Gamma piece"}
    assert listed("current") == {"Beta piece"}
    page = staff_client.get("/admin/articles/article/").content.decode()
    assert "Older than 90 days" in page
    assert never.reviewed_at is None


def test_admin_change_form_has_review_fields(staff_client, article):
    html = staff_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert 'name="reviewed_by"' in html and 'name="reviewed_at"' in html
