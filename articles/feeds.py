"""RSS and Atom feeds of the latest published articles, site-wide and per pillar.

Feed readers treat an item's description (and an Atom summary of ``type="html"``) as
HTML, so a summary, which is plain text, is escaped as HTML before the XML writer escapes
it again: ``<img onerror=…>`` or ``R&D`` reach the reader as the text they are. Every
string is stripped of what XML 1.0 cannot hold, so stored text can never break a feed,
and every address is absolute on ``settings.SITE_URL``, never on the request's Host.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.html import escape

from mindlab import site
from mindlab.pagecache import cached_for_readers
from mindlab.plain_text import xml_safe

from .models import Article, Coauthor, Pillar, Status


def feed_size() -> int:
    return getattr(settings, "FEED_ITEMS", 20)


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _xml_safe_values(values: dict) -> dict:
    def clean(value):
        if isinstance(value, str):
            return xml_safe(value)
        if isinstance(value, list | tuple):
            return type(value)(clean(item) for item in value)
        return value

    return {name: clean(value) for name, value in values.items()}


class XmlSafeFeed(SyndicationFeed):
    """A feed generator that drops characters XML 1.0 refuses from every value it is given."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **_xml_safe_values(kwargs))

    def add_item(self, *args, **kwargs) -> None:
        super().add_item(*args, **_xml_safe_values(kwargs))


class SafeRss(XmlSafeFeed, Rss201rev2Feed):
    pass


class SafeAtom(XmlSafeFeed, Atom1Feed):
    pass


class LatestArticlesRss(Feed):
    """The newest published articles with their summaries and authors."""

    feed_type = SafeRss
    language = "en-GB"

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return cached_for_readers(super().__call__)(request, *args, **kwargs)

    def title(self, obj: Pillar | None = None) -> str:
        return f"{site.SITE_NAME}: {obj.display_name}" if obj else f"{site.SITE_NAME}: latest articles"

    def subtitle(self, obj: Pillar | None = None) -> str:
        """Plain text (Atom's ``subtitle`` is text)."""
        return (obj.summary if obj and obj.summary else "") or site.SITE_TAGLINE

    def description(self, obj: Pillar | None = None) -> str:
        """The same text for RSS, where readers take the channel description as HTML."""
        return escape(self.subtitle(obj))

    def link(self, obj: Pillar | None = None) -> str:
        return absolute(obj.get_absolute_url() if obj else reverse("articles:home"))

    def feed_url(self, obj: Pillar | None = None) -> str:
        if obj is not None:
            return absolute(reverse(self.pillar_url_name, args=[obj.slug]))
        return absolute(reverse(self.site_url_name))

    site_url_name = "articles:feed_rss"
    pillar_url_name = "articles:pillar_feed_rss"

    def base_items(self) -> QuerySet[Article]:
        return (
            Article.objects.published(timezone.now())
            .select_related("author", "hub")
            .prefetch_related(Prefetch("coauthors", queryset=Coauthor.objects.select_related("author")))
        )

    def items(self, obj: Pillar | None = None) -> QuerySet[Article]:
        items = self.base_items()
        if obj is not None:
            # Only through a published hub: a draft hub must not reveal its articles' pillar.
            items = items.filter(
                hub__pillar=obj, hub__status=Status.PUBLISHED, hub__published_at__lte=timezone.now()
            )
        return items.order_by("-published_at", "-pk")[: feed_size()]

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        return escape(item.summary)

    def item_link(self, item: Article) -> str:
        return absolute(item.get_absolute_url())

    def item_guid(self, item: Article) -> str:
        return f"{settings.SITE_URL}/articles/id/{item.pk}"

    item_guid_is_permalink = False

    def item_author_name(self, item: Article) -> str | None:
        """The byline: one author with credentials, or every author's name ("A, B and C")."""
        people = item.byline_authors
        if len(people) <= 1:
            return people[0].name_with_credentials if people else None
        names = [person.name for person in people]
        return f"{', '.join(names[:-1])} and {names[-1]}"

    def item_author_link(self, item: Article) -> str | None:
        return absolute(item.author.get_absolute_url()) if item.author else None

    def item_pubdate(self, item: Article) -> datetime | None:
        return item.published_at

    def item_updateddate(self, item: Article) -> datetime:
        return max(item.updated_at, item.published_at) if item.published_at else item.updated_at

    def item_categories(self, item: Article) -> list[str]:
        return [item.hub.display_name] if item.hub is not None and item.hub.is_published else []


class LatestArticlesAtom(LatestArticlesRss):
    feed_type = SafeAtom
    site_url_name = "articles:feed_atom"
    pillar_url_name = "articles:pillar_feed_atom"


class PillarMixin:
    def get_object(self, request: HttpRequest, slug: str) -> Pillar:
        return get_object_or_404(Pillar, slug=slug)


class PillarArticlesRss(PillarMixin, LatestArticlesRss):
    """The newest published articles in one pillar's published hubs."""


class PillarArticlesAtom(PillarMixin, LatestArticlesAtom):
    pass
