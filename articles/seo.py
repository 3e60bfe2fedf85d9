"""The search snippet of a page, as its public page builds it (for the admin's preview).

The public templates say ``<title>{{ seo_title|default:title }} · {{ SITE_NAME }}</title>``
and ``<meta name="description" content="{{ seo_description|default:summary|truncatechars:160 }}">``
(the same fallbacks as the JSON-LD in ``structured_data``); ``FALLBACKS`` names those
fields so the preview's script (``static/admin/js/mindlab-seo.js``) follows the same rule.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.template.defaultfilters import truncatechars
from django.urls import reverse

from mindlab import site

from .models import Article, Hub

TITLE_LIMIT = 60
DESCRIPTION_LIMIT = 160
# model -> (URL name, field the SEO title falls back to, field the description falls back to)
FALLBACKS: dict[type[models.Model], tuple[str, str, str]] = {
    Article: ("articles:article", "title", "summary"),
    Hub: ("articles:hub", "title", "summary"),
}
_SLUG = "slug-placeholder"


@dataclass(frozen=True)
class Snippet:
    title: str  # what the counter counts: the SEO title, or the field it falls back to
    title_from_fallback: bool
    site_name: str
    url_prefix: str
    url_suffix: str
    slug: str
    description: str  # the full text before the page cuts it
    description_from_fallback: bool
    title_field: str
    description_field: str
    title_limit: int = TITLE_LIMIT
    description_limit: int = DESCRIPTION_LIMIT

    @property
    def url(self) -> str:
        return f"{self.url_prefix}{self.slug}{self.url_suffix}" if self.slug else self.url_prefix

    @property
    def shown_title(self) -> str:
        return f"{self.title} · {self.site_name}" if self.title else self.site_name

    @property
    def shown_description(self) -> str:
        return truncatechars(self.description, self.description_limit)

    @property
    def title_over(self) -> int:
        return max(0, len(self.title) - self.title_limit)

    @property
    def description_over(self) -> int:
        return max(0, len(self.description) - self.description_limit)


def has_snippet(model: type[models.Model]) -> bool:
    return model in FALLBACKS


def snippet(model: type[models.Model], values: dict[str, str]) -> Snippet:
    """The snippet for a page of ``model`` holding ``values`` (field name -> text, as in its form)."""
    url_name, title_field, description_field = FALLBACKS[model]
    address = settings.SITE_URL + reverse(url_name, kwargs={"slug": _SLUG})
    prefix, suffix = address.split(_SLUG, 1)
    seo_title = (values.get("seo_title") or "").strip()
    seo_description = (values.get("seo_description") or "").strip()
    return Snippet(
        title=seo_title or (values.get(title_field) or "").strip(),
        title_from_fallback=not seo_title,
        site_name=site.settings().organisation_name,
        url_prefix=prefix,
        url_suffix=suffix,
        slug=(values.get("slug") or "").strip(),
        description=seo_description or (values.get(description_field) or "").strip(),
        description_from_fallback=not seo_description,
        title_field=title_field,
        description_field=description_field,
    )
