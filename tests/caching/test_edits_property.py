"""Any sequence of editorial changes: every page a reader is served equals a fresh render.

Caching is checked as a whole here: Hypothesis draws edits of every kind a page shows
(titles, bodies with citations, publishing, moving between hubs, FAQs, takeaways,
authors, reviewers, hubs, pillars, cited works), and after each one every public page a
reader gets, by its bare address and with another query string, must be byte for byte
the page rendered with every cache emptied.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import caches
from django.db import transaction
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.models import FAQ, Article, Author, Hub, Pillar, Status, Takeaway
from references.models import Citation
from tests import factories
from tests.references.helpers import make_citation, person

pytestmark = pytest.mark.django_db

KEYS = ("porges2011", "coan2006", "mcewen1998")


def build_corpus() -> None:
    pillar = factories.make_pillar(name="Regulation", slug="regulation")
    other_pillar = factories.make_pillar(name="Focus", slug="focus")
    hubs = [
        factories.make_hub(pillar, title="Hub A", slug="hub-a"),
        factories.make_hub(pillar, title="Hub B", slug="hub-b"),
        factories.make_hub(other_pillar, title="Hub C", slug="hub-c"),
    ]
    authors = [
        factories.make_author(name="Writer One", credentials="PhD"),
        factories.make_author(name="Writer Two"),
    ]
    for number, key in enumerate(KEYS):
        make_citation(
            key=key, authors=[person(key[:-4].title(), "A.")], year=2000 + number, title=f"Work {key}"
        )
    for number in range(7):
        hub = hubs[number % 3] if number < 6 else None
        body = f"## Part\n\nText citing [@{KEYS[number % 3]}].\n" if number % 2 == 0 else "## Part\n\nPlain."
        article = factories.make_article(
            hub, author=authors[number % 2], title=f"Piece {number}", slug=f"piece-{number}", body=body
        )
        factories.add_faqs(article, 1)
        Takeaway.objects.create(article=article, text=f"Point of piece {number}")


def _pick(data, queryset):
    items = list(queryset.order_by("pk"))
    return data.draw(st.sampled_from(items)) if items else None


def retitle(data):
    article = _pick(data, Article.objects.all())
    article.title = f"{article.title} again"[:200]
    article.save()


def resummarise(data):
    article = _pick(data, Article.objects.all())
    article.summary = f"New summary {data.draw(st.integers(0, 99))}."
    article.save()


def recite(data):
    article = _pick(data, Article.objects.all())
    key = data.draw(st.sampled_from(KEYS))
    article.body = (
        f"## Part\n\nNow citing [@{key}] only.\n" if data.draw(st.booleans()) else "## Part\n\nNo citations."
    )
    article.save()


def toggle_published(data):
    article = _pick(data, Article.objects.all())
    article.status = Status.DRAFT if article.status == Status.PUBLISHED else Status.PUBLISHED
    article.save()


def reschedule(data):
    article = _pick(data, Article.objects.all())
    article.status = Status.PUBLISHED
    article.published_at = timezone.now() + timedelta(hours=data.draw(st.sampled_from([-30, -2, 5])))
    article.save()


def move(data):
    article = _pick(data, Article.objects.all())
    article.hub = data.draw(st.sampled_from([None, *Hub.objects.order_by("pk")]))
    article.position = data.draw(st.integers(0, 5))
    article.save()


def edit_faq(data):
    article = _pick(data, Article.objects.all())
    faq = article.faqs.first()
    if faq is None or data.draw(st.booleans()):
        FAQ(
            article=article, question=f"Extra question {data.draw(st.integers(0, 99))}?", answer="Yes."
        ).save()
    else:
        faq.delete()


def edit_takeaway(data):
    takeaway = _pick(data, Takeaway.objects.all())
    if takeaway is not None:
        takeaway.text = f"{takeaway.text}, revised"[:280]
        takeaway.save()


def rename_author(data):
    author = _pick(data, Author.objects.all())
    author.name = f"{author.name} Jr"[:120]
    author.save()


def review(data):
    article = _pick(data, Article.objects.all())
    reviewer = _pick(data, Author.objects.exclude(credentials=""))
    article.reviewed_by, article.reviewed_at = reviewer, timezone.localdate()
    article.save()


def edit_hub(data):
    hub = _pick(data, Hub.objects.all())
    if data.draw(st.booleans()):
        hub.title = f"{hub.title} renamed"[:200]
    else:
        hub.status = Status.DRAFT if hub.status == Status.PUBLISHED else Status.PUBLISHED
    hub.save()


def rename_pillar(data):
    pillar = _pick(data, Pillar.objects.all())
    pillar.name = f"{pillar.name} renamed"[:120]
    pillar.save()


def edit_work(data):
    work = _pick(data, Citation.objects.all())
    work.title = f"{work.title} (revised)"
    work.save()


def add_article(data):
    number = Article.objects.count()
    factories.make_article(
        data.draw(st.sampled_from([None, *Hub.objects.order_by("pk")])),
        author=_pick(data, Author.objects.all()),
        title=f"Newcomer {number}",
        slug=f"newcomer-{number}-{data.draw(st.integers(0, 10**6))}",
        body=f"Cites [@{data.draw(st.sampled_from(KEYS))}].",
    )


def delete_article(data):
    if Article.objects.count() > 3:
        _pick(data, Article.objects.all()).delete()


EDITS = [
    retitle,
    resummarise,
    recite,
    toggle_published,
    reschedule,
    move,
    edit_faq,
    edit_takeaway,
    rename_author,
    review,
    edit_hub,
    rename_pillar,
    edit_work,
    add_article,
    delete_article,
]


def every_page(reader: Client) -> dict[str, tuple[int, bytes]]:
    """Every public page, by its bare address and with a query string the page cache skips."""
    urls = ["/", "/feed/", "/sitemap.xml"]
    for model in (Pillar, Hub, Article, Author):
        urls += [item.get_absolute_url() for item in model.objects.order_by("pk")]
    pages = {}
    for url in urls:
        for query in ("", "?ref=newsletter"):
            response = reader.get(url + query)
            pages[url + query] = (response.status_code, response.content)
    return pages


def empty_caches() -> None:
    for cache in caches.all():
        cache.clear()


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_after_any_edits_readers_get_what_a_fresh_render_shows(db, data):
    with transaction.atomic():  # each example starts from the same corpus
        empty_caches()
        build_corpus()
        reader = Client()
        every_page(reader)  # every published page cached
        for _ in range(data.draw(st.integers(1, 3), label="number of edits")):
            edit = data.draw(st.sampled_from(EDITS), label="edit")
            edit(data)
            served = every_page(reader)
            empty_caches()
            fresh = every_page(reader)
            for url, page in fresh.items():
                assert served.get(url) == page, f"{url} was stale after {edit.__name__}"
        transaction.set_rollback(True)
