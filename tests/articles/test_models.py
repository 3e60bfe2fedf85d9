from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.markdown import RENDERER_VERSION
from articles.models import FAQ, Article, Hub, Pillar, SlugRedirect, Status
from tests import factories

pytestmark = pytest.mark.django_db


def test_pillar_numbers_are_unique_and_positive(pillar):
    with pytest.raises(IntegrityError), transaction.atomic():
        Pillar.objects.create(number=pillar.number, name="Other", slug="other")
    with pytest.raises(IntegrityError), transaction.atomic():
        Pillar.objects.create(number=0, name="Zero", slug="zero")
    assert str(pillar) == "Pillar 4 — Stress, Resilience & Regulation"


def test_slugs_are_unique(article, hub):
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.make_article(hub, slug=article.slug)
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.make_hub(hub.pillar, slug=hub.slug)


def test_faq_belongs_to_exactly_one_page(article, hub):
    with pytest.raises(IntegrityError), transaction.atomic():
        FAQ(question="Both?", answer="No", hub=hub, article=article).save()
    with pytest.raises(IntegrityError), transaction.atomic():
        FAQ(question="Neither?", answer="No").save()
    faq = FAQ(question="Neither?", answer="No")
    with pytest.raises(ValidationError, match="exactly one hub or one article"):
        faq.full_clean()
    FAQ(question="Only the hub?", answer="Yes", hub=hub).save()
    FAQ(question="Only the article?", answer="Yes", article=article).save()
    assert FAQ.objects.count() == 2


def test_takeaways_cannot_be_empty(article):
    with pytest.raises(IntegrityError), transaction.atomic():
        article.takeaways.create(text="", position=1)


def test_markdown_is_rendered_on_save_with_version_and_toc(article):
    article.body = "## Why\n\nBecause.\n\n### How\n\n<script>x()</script>Carefully."
    article.save()
    article.refresh_from_db()
    assert '<h2 id="why">Why</h2>' in article.body_html
    assert "<script" not in article.body_html
    assert article.toc == [{"level": 2, "id": "why", "text": "Why"}, {"level": 3, "id": "how", "text": "How"}]
    assert article.rendered_version == RENDERER_VERSION
    assert article.word_count == 4


def test_update_fields_save_still_renders(article):
    article.body = "## Fresh"
    article.save(update_fields=["body"])
    article.refresh_from_db()
    assert 'id="fresh"' in article.body_html


def test_publication_states(hub):
    now = timezone.now()
    draft = factories.make_article(hub, published=False)
    scheduled = factories.make_article(hub, status=Status.PUBLISHED, published_at=now + timedelta(days=2))
    live = factories.make_article(hub)
    assert (draft.publication_state, scheduled.publication_state, live.publication_state) == (
        "draft",
        "scheduled",
        "published",
    )
    assert list(Article.objects.published()) == [live]
    assert set(Article.objects.published(now + timedelta(days=3))) == {live, scheduled}


def test_publishing_without_a_time_stamps_now(hub):
    article = factories.make_article(hub, published=False)
    article.status = Status.PUBLISHED
    article.save()
    assert article.published_at is not None and article.is_published


def test_publishing_problems_name_what_a_reader_would_miss(hub):
    article = factories.make_article(hub, published=False, summary="", author=None)
    article.author = None
    article.hero_image = "heroes/x.jpg"
    article.status = Status.PUBLISHED
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    text = " ".join(error.value.messages)
    assert "summary" in text
    assert "author" in text
    assert "hero image" in text


def test_drafts_may_be_incomplete(hub):
    article = factories.make_article(hub, published=False, summary="")
    article.full_clean()


def test_oversize_markdown_is_a_validation_error(settings, article):
    settings.MARKDOWN_MAX_CHARS = 50
    article.body = "x" * 51
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "body" in error.value.message_dict


def test_nul_character_is_a_validation_error(article):
    article.body = "bad\x00text"
    with pytest.raises(ValidationError, match="NUL"):
        article.full_clean()


def test_changed_slug_is_remembered_and_a_reused_slug_is_not(article):
    article.slug = "trusted-people-v2"
    article.save()
    article.slug = "trusted-people-v3"
    article.save()
    redirects = dict(SlugRedirect.objects.filter(kind="article").values_list("old_slug", "object_id"))
    assert redirects == {"trusted-people": article.pk, "trusted-people-v2": article.pk}
    article.slug = "trusted-people"
    article.save()
    assert not SlugRedirect.objects.filter(kind="article", old_slug="trusted-people").exists()


def test_hub_reading_time_and_str(hub):
    assert hub.reading_time >= 1
    assert str(hub) == "Social Resilience"
    assert isinstance(hub, Hub)


def test_pages_with_faqs_can_be_deleted(hub, article, staff_client):
    factories.add_faqs(hub, 2)
    factories.add_faqs(article, 2)
    response = staff_client.post(f"/admin/articles/article/{article.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    hub.delete()
    assert not FAQ.objects.exists()
