"""``/sitemap.xml``: every public page with its last modification time.

One file while the site has at most ``SITEMAP_MAX_URLS`` addresses (50,000, the
protocol's limit per file); beyond that ``/sitemap.xml`` becomes a sitemap index
pointing to one file per section, each paginated at that limit.
"""

from __future__ import annotations

from datetime import datetime
from functools import cached_property

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Max, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone

from mindlab.pagecache import cached_for_readers

from .models import Article, Author, Hub, Pillar, Status

PROTOCOL_LIMIT = 50_000
# Like Django's, with full W3C datetimes (time and offset) in ``lastmod``.
TEMPLATE = "sitemaps/sitemap.xml"


def max_urls() -> int:
    return min(getattr(settings, "SITEMAP_MAX_URLS", PROTOCOL_LIMIT), PROTOCOL_LIMIT)


class LimitedSitemap(Sitemap):
    """At most ``SITEMAP_MAX_URLS`` addresses per file; the newest ``lastmod`` from one query."""

    @property
    def limit(self) -> int:  # type: ignore[override]
        return max_urls()

    def get_latest_lastmod(self) -> datetime | None:
        items = self.items()
        if isinstance(items, QuerySet):
            return items.order_by().aggregate(latest=Max("updated_at"))["latest"]
        return super().get_latest_lastmod()


class HomeSitemap(LimitedSitemap):
    """The home page and the index pages (their first pages), as of the latest article."""

    changefreq = "daily"

    def items(self) -> list[str]:
        return [
            "articles:home",
            "articles:article_index",
            "articles:pillar_index",
            "articles:author_index",
            "references:index",
        ]

    def location(self, item: str) -> str:
        return reverse(item)

    @cached_property
    def _latest_article(self) -> datetime | None:
        return Article.objects.published(timezone.now()).aggregate(latest=Max("published_at"))["latest"]

    def lastmod(self, item: str) -> datetime | None:
        return self._latest_article


class PillarSitemap(LimitedSitemap):
    def items(self) -> QuerySet[Pillar]:
        return Pillar.objects.order_by("number")

    def lastmod(self, item: Pillar) -> datetime:
        return item.updated_at


class HubSitemap(LimitedSitemap):
    def items(self) -> QuerySet[Hub]:
        return Hub.objects.published(timezone.now()).only("slug", "updated_at", "published_at").order_by("pk")

    def lastmod(self, item: Hub) -> datetime:
        return max(item.updated_at, item.published_at)


class ArticleSitemap(LimitedSitemap):
    def items(self) -> QuerySet[Article]:
        return (
            Article.objects.published(timezone.now())
            .only("slug", "updated_at", "published_at")
            .order_by("pk")
        )

    def lastmod(self, item: Article) -> datetime:
        return max(item.updated_at, item.published_at)


class AuthorSitemap(LimitedSitemap):
    """Authors with at least one published article or hub; lastmod = their latest published work."""

    def items(self) -> QuerySet[Author]:
        now = timezone.now()
        published_article = Q(articles__status=Status.PUBLISHED, articles__published_at__lte=now)
        published_hub = Q(hubs__status=Status.PUBLISHED, hubs__published_at__lte=now)
        return (
            Author.objects.filter(published_article | published_hub)
            .annotate(
                last_article=Max("articles__updated_at", filter=published_article),
                last_hub=Max("hubs__updated_at", filter=published_hub),
            )
            .only("slug")
            .distinct()
            .order_by("pk")
        )

    def lastmod(self, item: Author) -> datetime | None:
        return max(filter(None, [item.last_article, item.last_hub]), default=None)

    def get_latest_lastmod(self) -> datetime | None:
        return max(filter(None, (self.lastmod(item) for item in self.items())), default=None)


SITEMAPS: dict[str, type[Sitemap]] = {
    "pages": HomeSitemap,
    "pillars": PillarSitemap,
    "hubs": HubSitemap,
    "articles": ArticleSitemap,
    "authors": AuthorSitemap,
}


def total_urls() -> int:
    return sum(sitemap().paginator.count for sitemap in SITEMAPS.values())


@cached_for_readers
def sitemap_or_index(request: HttpRequest) -> HttpResponse:
    """A single sitemap while it fits in one file, else a sitemap index."""
    if total_urls() <= max_urls():
        return sitemap_views.sitemap(request, sitemaps=SITEMAPS, template_name=TEMPLATE)
    return sitemap_views.index(request, sitemaps=SITEMAPS, sitemap_url_name="articles:sitemap_section")


@cached_for_readers
def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    return sitemap_views.sitemap(request, sitemaps=SITEMAPS, section=section, template_name=TEMPLATE)
