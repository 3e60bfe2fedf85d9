import functools

from django.conf import settings
from django.http import HttpRequest
from django.urls import get_script_prefix, get_urlconf, reverse

from mindlab import site as site_defaults


@functools.lru_cache(maxsize=16)
def _frame_links(urlconf: str, script_prefix: str) -> dict[str, str]:
    return {
        "home": reverse("articles:home", urlconf=urlconf),
        "search": reverse("articles:search", urlconf=urlconf),
        "articles": reverse("articles:article_index", urlconf=urlconf),
        "authors": reverse("articles:author_index", urlconf=urlconf),
        "pillars": reverse("articles:pillar_index", urlconf=urlconf),
        "references": reverse("references:index", urlconf=urlconf),
        "feed": reverse("articles:feed_rss", urlconf=urlconf),
        "strategy_call": reverse("leads:strategy_call", urlconf=urlconf),
    }


def frame_links() -> dict[str, str]:
    """Addresses the site's frame (header, footer) links to on every page.

    Reversed once per URL configuration and script prefix: reversing them for each
    request was a quarter of the time of an article page served from the cache.
    """
    return _frame_links(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())


def site(request: HttpRequest) -> dict:
    """Expose the site-wide editorial defaults (name, disclaimer, call to action)."""
    return {
        "SITE_NAME": site_defaults.SITE_NAME,
        "SITE_TAGLINE": site_defaults.SITE_TAGLINE,
        "DEFAULT_DISCLAIMER": site_defaults.DEFAULT_DISCLAIMER,
        "DEFAULT_HUB_DISCLAIMER": site_defaults.DEFAULT_HUB_DISCLAIMER,
        "CTA_HEADING": site_defaults.CTA_HEADING,
        "CTA_TEXT": site_defaults.CTA_TEXT,
        "CTA_BUTTON": site_defaults.CTA_BUTTON,
        "FRAME_LINKS": frame_links(),
    }
