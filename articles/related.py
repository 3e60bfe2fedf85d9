"""“Related reading” at the end of an article: up to three published articles.

Order of preference: the same hub (in editorial order), then articles that cite the
same works, then the same pillar (newest first). Two queries at most (shared works,
then the articles), whatever the number of candidates.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.utils import timezone

from .citations import citations_for_page
from .models import Article, Hub, Status

RELATED_LIMIT = 3


def shared_reference_ids(
    article: Article, citations: Iterable | None, limit: int, now: datetime
) -> list[int]:
    """Published articles citing works that ``article`` cites, most shared works first.

    ``citations`` is the article's reference list when the caller already has it (the
    article page does); otherwise it is read here.
    """
    if citations is None:
        citations = citations_for_page(article)
    cited_ids = [citation.pk for citation in citations]
    if not cited_ids:
        return []
    return list(
        Article.objects.published(now)
        .filter(citation_links__citation_id__in=cited_ids)
        .exclude(pk=article.pk)
        .values("pk")
        .annotate(shared=Count("citation_links__citation_id", distinct=True))
        .order_by("-shared", "-published_at", "-pk")
        .values_list("pk", flat=True)[:limit]
    )


def related_articles(
    article: Article,
    hub: Hub | None,
    *,
    citations: Iterable | None = None,
    limit: int = RELATED_LIMIT,
    now: datetime | None = None,
) -> list[Article]:
    """Up to ``limit`` published articles related to ``article``; ``hub`` only if readers can see it."""
    now = now or timezone.now()
    shared = [pk for pk in shared_reference_ids(article, citations, limit * 4, now) if pk != article.pk]
    shared_order = Case(
        *(When(pk=pk, then=Value(position)) for position, pk in enumerate(shared)),
        default=Value(len(shared)),
        output_field=IntegerField(),
    )
    # Candidates are the best ``limit`` of each tier, picked in subqueries that use the
    # indexes; ranking every article of the pillar instead made each page read the
    # whole table (~150 ms at 2,000 articles). The order is the same. Still one query.
    others = Article.objects.published(now).exclude(pk=article.pk)
    tiers: list[When] = []
    candidates = Q()
    if hub is not None:
        tiers.append(When(hub_id=hub.pk, then=Value(0)))
        in_hub = others.filter(hub_id=hub.pk)
        if shared:  # (a constant ORDER BY term would read as a column number on PostgreSQL)
            in_hub = in_hub.annotate(shared_order=shared_order).order_by(
                "position", "shared_order", "-published_at", "-pk"
            )
        else:
            in_hub = in_hub.order_by("position", "-published_at", "-pk")
        best_in_hub = in_hub.values("pk")[:limit]
        candidates |= Q(pk__in=best_in_hub)
    if shared:
        tiers.append(When(pk__in=shared, then=Value(1)))
        candidates |= Q(pk__in=shared)
    if hub is not None:
        same_pillar = Q(
            hub__pillar_id=hub.pillar_id, hub__status=Status.PUBLISHED, hub__published_at__lte=now
        )
        tiers.append(When(same_pillar, then=Value(2)))
        pillar_hubs = Hub.objects.published(now).filter(pillar_id=hub.pillar_id).exclude(pk=hub.pk)
        newest_in_pillar = (
            others.filter(hub_id__in=pillar_hubs.values("pk"))
            .exclude(pk__in=shared)
            .order_by("-published_at", "-pk")
            .values("pk")[:limit]
        )
        candidates |= Q(pk__in=newest_in_pillar)
    if not tiers:
        return []
    hub_position = Case(When(hub_id=hub.pk, then="position"), default=Value(0)) if hub else Value(0)
    return list(
        others.filter(candidates)
        .select_related("author", "hub")
        .annotate(
            related_tier=Case(*tiers, default=Value(3), output_field=IntegerField()),
            shared_order=shared_order,
            hub_order=hub_position,
        )
        .order_by("related_tier", "hub_order", "shared_order", "-published_at", "-pk")[:limit]
    )
