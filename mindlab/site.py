"""Site-wide settings shown around every page: read from the one ``SiteSettings`` record.

``settings()`` returns the record (cached with Django's cache framework, dropped when it
is saved). The names older callers use stay: ``site.SITE_NAME``, ``site.SITE_TAGLINE``,
``site.DEFAULT_DISCLAIMER``, ``site.CTA_HEADING``, ``site.CTA_TEXT`` and
``site.CTA_BUTTON`` read the record too (module attributes resolved on each access).
``DEFAULTS`` is what a new installation starts with (migration ``mindlab.0002``).

A request reads the record once: a page asks for it a dozen times (its head, its
structured data, the frame), and each cache read is a round trip to Redis in production.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import nh3
from asgiref.local import Local
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import DatabaseError
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

if TYPE_CHECKING:
    from mindlab.models import SiteSettings

logger = logging.getLogger(__name__)

DEFAULT_PRIVACY_NOTICE = """\
## Who we are

MindLAB Neuroscience is responsible for the personal data you give us through this site.
Questions about it, or a request to see, correct or delete your data: write to us at the
contact address below.

## What we collect when you book a strategy call

- your name and email address, and if you give them your phone number and role or organisation;
- what you would like to address and when would suit you;
- the time zone you chose, the page you came from and campaign tags in its link;
- the wording and version of the consent you gave, and when.

We ask you not to include medical details.

## Why, and for how long

We use these details only to arrange and hold your call and to follow up on it. We do not
sell or share them, and we send you updates only if you ask for them. Requests that do not
lead to working together are anonymised after a year.

## Your rights

You may ask to see, correct or delete your data, object to its use, or withdraw your
consent at any time; you may also complain to your data-protection authority.
"""

DEFAULTS: dict[str, str] = {
    "organisation_name": "MindLAB Neuroscience",
    "organisation_description": "Neuroscience for people who lead",
    "contact_email": "hello@mindlabneuroscience.com",
    "cta_heading": "Book a Strategy Call",
    "cta_text": (
        "Thirty minutes with the MindLAB team to look at what you are facing and whether "
        "a neuroscience-based programme fits it. No preparation needed."
    ),
    "cta_button": "Book a Strategy Call",
    "default_disclaimer": (
        "This article is written for general education about the brain and behaviour. "
        "It is not medical or psychological advice, and reading it does not create a "
        "clinical relationship. If you are concerned about your health, speak with a "
        "qualified professional who knows your situation."
    ),
    "privacy_notice": DEFAULT_PRIVACY_NOTICE,
    "privacy_version": "2026-12",
}

# The older constant names and the fields they now read.
_LEGACY_NAMES = {
    "SITE_NAME": "organisation_name",
    "SITE_TAGLINE": "organisation_description",
    "DEFAULT_DISCLAIMER": "default_disclaimer",
    "CTA_HEADING": "cta_heading",
    "CTA_TEXT": "cta_text",
    "CTA_BUTTON": "cta_button",
    "CONTACT_EMAIL": "contact_email",
}

CACHE_TIMEOUT = 3600


# The record as the current request first read it (per thread and per task).
_this_request = Local()


def settings() -> SiteSettings:
    """The site settings record (cached; a missing record or table gives the defaults, unsaved)."""
    kept = getattr(_this_request, "record", None)
    if kept is not None:
        return kept
    record = _read()
    if getattr(_this_request, "open", False):
        _this_request.record = record
    return record


def _read() -> SiteSettings:
    from mindlab.models import CACHE_KEY, SiteSettings

    record = cache.get(CACHE_KEY)
    if record is not None:
        return record
    try:
        record = SiteSettings.objects.filter(pk=1).first()
    except DatabaseError:  # before migrate: the defaults, not an error page
        logger.warning("Site settings table missing: using the built-in defaults.")
        record = SiteSettings(pk=1, **DEFAULTS)
        record.render()
        return record
    if record is None:  # no record yet (a flushed table): the defaults, cached like a record
        record = SiteSettings(pk=1, **DEFAULTS)
        record.render()
    cache.set(CACHE_KEY, record, CACHE_TIMEOUT)
    return record


def forget_request_copy() -> None:
    """The record changed: the rest of this request reads it again."""
    _this_request.record = None


def _request_started(**kwargs) -> None:
    _this_request.record, _this_request.open = None, True


def _request_finished(**kwargs) -> None:
    _this_request.record, _this_request.open = None, False


def connect_signals() -> None:
    """Called once from ``MindlabConfig.ready``: a request's copy lives as long as the request."""
    request_started.connect(_request_started, dispatch_uid="site-settings-request-started")
    request_finished.connect(_request_finished, dispatch_uid="site-settings-request-finished")


def hub_disclaimer(disclaimer: str) -> str:
    """The default disclaimer as a hub says it ("This hub…" where it says "This article…")."""
    return disclaimer.replace("This article", "This hub", 1)


def __getattr__(name: str) -> Any:
    if name in _LEGACY_NAMES:
        return getattr(settings(), _LEGACY_NAMES[name])
    if name == "DEFAULT_HUB_DISCLAIMER":
        return hub_disclaimer(settings().default_disclaimer)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_ALLOWED_TAGS = {"p", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "a", "br", "blockquote", "code"}


def render_markdown(source: str) -> SafeString:
    """Short site texts (call to action, privacy notice) as sanitised HTML; raw HTML is escaped."""
    html = MarkdownIt("commonmark", {"html": False}).render(source or "")
    return mark_safe(  # noqa: S308 - nh3 reduced it to the allowlist
        nh3.clean(
            html,
            tags=_ALLOWED_TAGS,
            attributes={"a": {"href"}},
            url_schemes={"http", "https", "mailto"},
            link_rel="noopener noreferrer",
        )
    )
