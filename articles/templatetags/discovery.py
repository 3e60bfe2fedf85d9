"""Template tags for being found and trusted: head metadata and responsive images.

``{% discovery_head %}`` (in ``base.html``) writes the canonical link, feed links,
OpenGraph and Twitter card tags and the page's JSON-LD graph. The page kind is
taken from ``discovery_kind`` in the context when a view sets it, else recognised
from the objects the view put in the context.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from mindlab import site

from ..renditions import best_image, current_record, srcset
from ..structured_data import absolute, build_graph, json_ld_script

register = template.Library()

DEFAULT_SIZES = "(min-width: 48rem) 46rem, 100vw"
# The social card (og:image) of pages without a hero image or photo: 1200 × 630 px.
DEFAULT_SOCIAL_IMAGE = "img/og-default.png"
DEFAULT_SOCIAL_IMAGE_SIZE = (1200, 630)


def page_kind(context: template.Context) -> str:
    if context.get("discovery_kind"):
        return str(context["discovery_kind"])
    if context.get("article") is not None:
        return "article"
    if context.get("hub") is not None and "hub_articles" in context:
        return "hub"
    if context.get("pillar") is not None and "hubs" in context:
        return "pillar"
    if context.get("author") is not None and "author_articles" in context:
        return "author"
    if "latest_articles" in context:
        return "home"
    return "webpage"


def _social(kind: str, context: template.Context) -> dict[str, Any]:
    """Title, description, OpenGraph type and image of the page."""
    meta: dict[str, Any] = {"title": site.SITE_NAME, "description": site.SITE_TAGLINE, "type": "website"}
    if kind == "article":
        article = context["article"]
        meta.update(
            title=article.seo_title or article.title,
            description=article.seo_description or article.summary,
            type="article",
            image=best_image(article.hero_image, article.hero_renditions),
            image_alt=article.hero_alt,
            article=article,
        )
    elif kind == "hub":
        hub = context["hub"]
        meta.update(title=hub.seo_title or hub.title, description=hub.seo_description or hub.summary)
    elif kind == "pillar":
        pillar = context["pillar"]
        meta.update(title=pillar.display_name, description=pillar.summary or pillar.display_name)
    elif kind == "author":
        author = context["author"]
        meta.update(
            title=author.name_with_credentials,
            description=author.short_bio or author.name,
            type="profile",
            image=best_image(author.photo, author.photo_renditions),
            image_alt=author.photo_alt,
        )
    elif kind == "search":
        meta.update(title=f"Search · {site.SITE_NAME}")
    elif kind == "index":
        meta.update(title=f"{context['index_title']} · {site.SITE_NAME}")
    return meta


@register.simple_tag(takes_context=True)
def discovery_head(context: template.Context, kind: str = "") -> SafeString:
    request = context.get("request")
    path = request.path if request is not None else "/"
    kind = kind or page_kind(context)
    canonical = absolute(path)
    meta = _social(kind, context)
    tags: list[tuple[str, str, str]] = [
        ("property", "og:site_name", site.SITE_NAME),
        ("property", "og:locale", "en_GB"),
        ("property", "og:type", meta["type"]),
        ("property", "og:title", meta["title"]),
        ("property", "og:description", meta["description"]),
        ("property", "og:url", canonical),
    ]
    image = meta.get("image")
    if image is not None:
        tags.append(("property", "og:image", absolute(image.url)))
        if image.width and image.height:
            tags += [
                ("property", "og:image:width", str(image.width)),
                ("property", "og:image:height", str(image.height)),
            ]
        if meta.get("image_alt"):
            tags.append(("property", "og:image:alt", meta["image_alt"]))
    else:  # pages without an image of their own share the site's card
        tags += [
            ("property", "og:image", absolute(static(DEFAULT_SOCIAL_IMAGE))),
            ("property", "og:image:width", str(DEFAULT_SOCIAL_IMAGE_SIZE[0])),
            ("property", "og:image:height", str(DEFAULT_SOCIAL_IMAGE_SIZE[1])),
            ("property", "og:image:alt", site.SITE_NAME),
        ]
    article = meta.get("article")
    if article is not None:
        if article.published_at:
            tags.append(("property", "article:published_time", article.published_at.isoformat()))
        tags.append(("property", "article:modified_time", article.updated_at.isoformat()))
        if article.author is not None:
            tags.append(("property", "article:author", absolute(article.author.get_absolute_url())))
        hub = context.get("hub")
        if hub is not None and hub.is_published:
            tags.append(("property", "article:section", hub.display_name))
    tags += [
        ("name", "twitter:card", "summary_large_image" if image is not None else "summary"),
        ("name", "twitter:title", meta["title"]),
        ("name", "twitter:description", meta["description"]),
    ]
    if image is not None:
        tags.append(("name", "twitter:image", absolute(image.url)))
        if meta.get("image_alt"):
            tags.append(("name", "twitter:image:alt", meta["image_alt"]))
    else:
        tags.append(("name", "twitter:image", absolute(static(DEFAULT_SOCIAL_IMAGE))))
    feeds = [
        ("application/rss+xml", f"{site.SITE_NAME} (RSS)", reverse("articles:feed_rss")),
        ("application/atom+xml", f"{site.SITE_NAME} (Atom)", reverse("articles:feed_atom")),
    ]
    if kind == "pillar":
        pillar = context["pillar"]
        feeds += [
            (
                "application/rss+xml",
                f"{pillar.display_name} (RSS)",
                reverse("articles:pillar_feed_rss", args=[pillar.slug]),
            ),
            (
                "application/atom+xml",
                f"{pillar.display_name} (Atom)",
                reverse("articles:pillar_feed_atom", args=[pillar.slug]),
            ),
        ]
    parts = [
        format_html('<link rel="canonical" href="{}">', canonical),
        format_html_join("\n", '<link rel="alternate" type="{}" title="{}" href="{}">', feeds),
        format_html_join("\n", '<meta {}="{}" content="{}">', tags),
        json_ld_script(build_graph(kind, context, path)),
    ]
    return mark_safe("\n  ".join(parts))  # noqa: S308 - every part is built with format_html or escaped JSON


@register.simple_tag
def responsive_image(
    field_file,
    record: dict | None,
    alt: str,
    *,
    sizes: str = DEFAULT_SIZES,
    css_class: str = "",
    width: int | None = None,
    height: int | None = None,
) -> SafeString:
    """A lazily loaded ``<picture>``: WebP renditions with ``srcset`` and the original as fallback.

    ``width``/``height`` default to the image's own size (so the browser reserves its
    shape); pass them for images shown at a fixed size, like author photos.
    """
    if not field_file:
        return mark_safe("")
    current = current_record(field_file, record)
    width = width or current.get("width")
    height = height or current.get("height")
    dimensions = format_html(' width="{}" height="{}"', width, height) if width and height else ""
    img = format_html(
        '<img src="{}" alt="{}"{}{} loading="lazy" decoding="async">',
        field_file.url,
        alt or "",
        format_html(' class="{}"', css_class) if css_class else "",
        dimensions,
    )
    candidates = srcset(field_file, record)
    if not candidates:
        return img
    return format_html(
        '<picture><source type="image/webp" srcset="{}" sizes="{}">{}</picture>', candidates, sizes, img
    )
