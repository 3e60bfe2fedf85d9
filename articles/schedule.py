"""What goes live in the coming weeks, for the admin's "Scheduled" list.

Two things are scheduled: a page whose own publish time is still to come (hubs and
articles with status *published* and a future ``published_at``), and a draft revision
of any page (pillar, hub, article, author) waiting for its ``scheduled_for`` time. Only
the kinds of page the user may preview (``may_preview``: view or change permission) are
listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from revisions.models import PENDING, Revision

from .models import Article, Author, Hub, Pillar, Status, may_preview

PAGE_MODELS: tuple[type[models.Model], ...] = (Pillar, Hub, Article, Author)
WITH_PUBLISH_TIME: tuple[type[models.Model], ...] = (Hub, Article)


@dataclass(frozen=True)
class Scheduled:
    """One page going live (or changing) at one time."""

    when: datetime
    page: models.Model
    revision: Revision | None = None  # None: the page itself is first published then

    @property
    def what(self) -> str:
        if self.revision is None:
            return "First publication"
        return f"Changes (draft revision #{self.revision.pk})"


def previewable_models(user) -> list[type[models.Model]]:
    return [model for model in PAGE_MODELS if may_preview(user, model)]


def coming_up(user, weeks: int = 4, now: datetime | None = None) -> list[Scheduled]:
    """Everything scheduled from ``now`` to ``weeks`` ahead that ``user`` may see, soonest first."""
    now = now or timezone.now()
    until = now + timedelta(weeks=weeks)
    allowed = previewable_models(user)
    items: list[Scheduled] = []
    for model in allowed:
        if model in WITH_PUBLISH_TIME:
            pages = model._default_manager.filter(
                status=Status.PUBLISHED, published_at__gt=now, published_at__lte=until
            )
            items += [Scheduled(page.published_at, page) for page in pages]
    types = ContentType.objects.get_for_models(*allowed) if allowed else {}
    by_type = {content_type.pk: model for model, content_type in types.items()}
    revisions = list(
        Revision.objects.filter(
            PENDING, content_type__in=list(types.values()), scheduled_for__gt=now, scheduled_for__lte=until
        )
        .defer("snapshot")
        .select_related("created_by")
    )
    wanted: dict[type[models.Model], set[int]] = {}
    for revision in revisions:
        wanted.setdefault(by_type[revision.content_type_id], set()).add(revision.object_id)
    pages = {model: model._default_manager.in_bulk(ids) for model, ids in wanted.items()}
    for revision in revisions:
        page = pages[by_type[revision.content_type_id]].get(revision.object_id)
        if page is not None:
            items.append(Scheduled(revision.scheduled_for, page, revision))
    return sorted(
        items, key=lambda item: (item.when, str(item.page), item.revision.pk if item.revision else 0)
    )
