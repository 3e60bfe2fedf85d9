"""Small helpers that build valid content for tests (real rows in the real database)."""

from __future__ import annotations

import itertools
from datetime import timedelta

from django.utils import timezone

from articles.models import FAQ, Article, Author, Hub, Pillar, Status, Takeaway

_counter = itertools.count(1)


def make_author(**fields) -> Author:
    n = next(_counter)
    defaults = {
        "name": f"Author {n}",
        "slug": f"author-{n}",
        "credentials": "PhD",
        "short_bio": "Writes.",
    }
    return Author.objects.create(**{**defaults, **fields})


def make_pillar(**fields) -> Pillar:
    n = next(_counter)
    defaults = {
        "number": n,
        "name": f"Pillar theme {n}",
        "slug": f"pillar-{n}",
        "summary": "A theme.",
    }
    return Pillar.objects.create(**{**defaults, **fields})


def make_hub(pillar: Pillar | None = None, *, published: bool = True, **fields) -> Hub:
    n = next(_counter)
    defaults = {
        "title": f"Hub {n}",
        "slug": f"hub-{n}",
        "summary": "A hub summary.",
        "intro": "## Why it matters\n\nIntro text.\n\n### Detail\n\nMore.",
        "status": Status.PUBLISHED if published else Status.DRAFT,
        "published_at": timezone.now() - timedelta(days=1) if published else None,
    }
    return Hub.objects.create(pillar=pillar or make_pillar(), **{**defaults, **fields})


def make_article(
    hub: Hub | None = None, *, published: bool = True, author: Author | None = None, **fields
) -> Article:
    n = next(_counter)
    defaults = {
        "title": f"Article {n}",
        "slug": f"article-{n}",
        "summary": f"Summary of article {n}.",
        "body": "## First section\n\nSome text.\n\n### A detail\n\nMore text.\n\n## Second section\n\nEnd.",
        "status": Status.PUBLISHED if published else Status.DRAFT,
        "published_at": timezone.now() - timedelta(hours=n) if published else None,
    }
    return Article.objects.create(hub=hub, author=author or make_author(), **{**defaults, **fields})


def add_takeaways(article: Article, count: int) -> None:
    Takeaway.objects.bulk_create(
        Takeaway(article=article, text=f"Takeaway {i}", position=i) for i in range(count)
    )


def add_faqs(page, count: int) -> None:
    key = "article" if isinstance(page, Article) else "hub"
    for i in range(count):
        FAQ(question=f"Question {i}?", answer=f"Answer **{i}**.", position=i, **{key: page}).save()
