import functools

from django.conf import settings
from django.http import HttpRequest
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe

from mindlab import site as site_settings


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
        "privacy": reverse("privacy", urlconf=urlconf),
    }


def frame_links() -> dict[str, str]:
    """Addresses the site's frame (header, footer) links to on every page.

    Reversed once per URL configuration and script prefix: reversing them for each
    request was a quarter of the time of an article page served from the cache.
    """
    return _frame_links(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())


def site(request: HttpRequest) -> dict:
    """Expose the site settings (name, disclaimer, call to action, contact) and frame links.

    The record is read once per rendering, and only by a page that uses it.
    """
    record = SimpleLazyObject(site_settings.settings)
    return {
        "SITE": record,
        "SITE_NAME": SimpleLazyObject(lambda: record.organisation_name),
        "SITE_TAGLINE": SimpleLazyObject(lambda: record.organisation_description),
        "DEFAULT_DISCLAIMER": SimpleLazyObject(lambda: record.default_disclaimer),
        "DEFAULT_HUB_DISCLAIMER": SimpleLazyObject(
            lambda: site_settings.hub_disclaimer(record.default_disclaimer)
        ),
        "CTA_HEADING": SimpleLazyObject(lambda: record.cta_heading),
        "CTA_TEXT": SimpleLazyObject(lambda: record.cta_text),
        "CTA_HTML": SimpleLazyObject(lambda: mark_safe(record.cta_html)),  # noqa: S308 - sanitised on save
        "CTA_BUTTON": SimpleLazyObject(lambda: record.cta_button),
        "CONTACT_EMAIL": SimpleLazyObject(lambda: record.contact_email),
        "FRAME_LINKS": frame_links(),
    }
