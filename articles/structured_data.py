"""One schema.org JSON-LD ``@graph`` per public page, built from the site's hierarchy.

Every page carries the practice (``Organization``) and the site (``WebSite`` with a
``SearchAction`` for ``/search/``), then the page itself: a ``WebPage`` (or one of its
subtypes), an ``Article`` for articles, a ``BreadcrumbList`` (pillar > hub > article),
an ``FAQPage`` when the page shows FAQs, ``citation`` entries for the works it lists
(from the references library's CSL-JSON), and ``reviewedBy``/``lastReviewed`` for
medically reviewed articles.

Only what the page itself shows goes in: the views hand over published objects only,
and an unpublished hub is left out even when staff preview an article inside it.
Addresses are absolute, built on ``settings.SITE_URL`` like the canonical link.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import SafeString, mark_safe

from mindlab import site
from references.api import to_csl_json

from .citations import citations_for_page
from .models import Article, Author, Hub, Pillar
from .renditions import best_image
from .search import plain_text

SCHEMA_CONTEXT = "https://schema.org"
LANGUAGE = "en-GB"
HEADLINE_MAX = 110

# ``<``, ``>`` and ``&`` are written as JSON escapes so the data cannot close the
# script element or open a comment, whatever authors type (as Django's json_script).
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}

_LIST_SEPARATOR = re.compile(r",(?![^()]*\))")

CSL_TO_SCHEMA = {
    "article-journal": "ScholarlyArticle",
    "article": "ScholarlyArticle",
    "paper-conference": "ScholarlyArticle",
    "book": "Book",
    "chapter": "Chapter",
    "report": "Report",
    "webpage": "WebPage",
    "post-weblog": "BlogPosting",
}


def absolute(path: str) -> str:
    if path.startswith(("http://", "https://")):
        return path
    return f"{settings.SITE_URL}{path if path.startswith('/') else '/' + path}"


def organization_id() -> str:
    return absolute("/#organization")


def website_id() -> str:
    return absolute("/#website")


def organization() -> dict[str, Any]:
    return {
        "@type": "Organization",
        "@id": organization_id(),
        "name": site.SITE_NAME,
        "url": absolute("/"),
        "description": site.SITE_TAGLINE,
    }


def website() -> dict[str, Any]:
    return {
        "@type": "WebSite",
        "@id": website_id(),
        "url": absolute("/"),
        "name": site.SITE_NAME,
        "inLanguage": LANGUAGE,
        "publisher": {"@id": organization_id()},
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": absolute("/search/?q={search_term_string}")},
            "query-input": "required name=search_term_string",
        },
    }


def split_list(text: str) -> list[str]:
    """Comma-separated items, keeping commas inside parentheses: "Univ. X (PhD, neuroscience), BPS"."""
    return [item.strip() for item in _LIST_SEPARATOR.split(text or "") if item.strip()]


def _prefetched(obj, name: str) -> list | None:
    """A related list only if it was prefetched (never a query from the template)."""
    cache = getattr(obj, "_prefetched_objects_cache", {})
    return list(cache[name]) if name in cache else None


def person(author: Author) -> dict[str, Any]:
    """An author (or reviewer) as ``Person``, with credentials and affiliations."""
    url = absolute(author.get_absolute_url())
    node: dict[str, Any] = {"@type": "Person", "@id": f"{url}#person", "name": author.name, "url": url}
    if author.credentials:
        node["honorificSuffix"] = author.credentials
        node["hasCredential"] = [
            {"@type": "EducationalOccupationalCredential", "name": part}
            for part in split_list(author.credentials)
        ]
    if author.job_title:
        node["jobTitle"] = author.job_title
    if author.institutions:
        node["affiliation"] = [
            {"@type": "Organization", "name": name} for name in split_list(author.institutions)
        ]
    if author.short_bio:
        node["description"] = author.short_bio
    image = best_image(author.photo, author.photo_renditions)
    if image:
        node["image"] = absolute(image.url)
    links = _prefetched(author, "links")
    if links:
        node["sameAs"] = [link.url for link in links]
    return node


def _authors(page: Article | Hub) -> dict[str, Any] | list[dict[str, Any]] | None:
    """The page's authors in byline order: one ``Person``, or a list when several wrote it."""
    people = [person(author) for author in page.byline_authors]
    if not people:
        return None
    return people[0] if len(people) == 1 else people


def _image_object(field, renditions: dict, alt: str) -> dict[str, Any] | None:
    image = best_image(field, renditions)
    if image is None:
        return None
    node: dict[str, Any] = {"@type": "ImageObject", "url": absolute(image.url)}
    if image.width and image.height:
        node["width"] = image.width
        node["height"] = image.height
    if alt:
        node["caption"] = alt
    return node


def breadcrumb(url: str, trail: Iterable[tuple[str, str]]) -> dict[str, Any]:
    return {
        "@type": "BreadcrumbList",
        "@id": f"{url}#breadcrumb",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": absolute(path)}
            for position, (name, path) in enumerate(trail, start=1)
        ],
    }


def faq_page(url: str, faqs: Iterable) -> dict[str, Any] | None:
    questions = [
        {
            "@type": "Question",
            "name": faq.question,
            "acceptedAnswer": {"@type": "Answer", "text": plain_text(faq.answer_html)},
        }
        for faq in faqs
    ]
    if not questions:
        return None
    return {
        "@type": "FAQPage",
        "@id": f"{url}#faq",
        "url": url,
        "isPartOf": {"@id": website_id()},
        "inLanguage": LANGUAGE,
        "mainEntity": questions,
    }


def item_list(url: str, items: Iterable) -> dict[str, Any]:
    return {
        "@type": "ItemList",
        "@id": f"{url}#items",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "url": absolute(item.get_absolute_url()),
                "name": str(item),
            }
            for position, item in enumerate(items, start=1)
        ],
    }


def citations(page, references: Iterable | None = None) -> list[dict[str, Any]]:
    """The page's references as schema.org works, from the references library's CSL-JSON.

    ``references`` is the page's reference list when the view already loaded it.
    """
    works = citations_for_page(page) if references is None else references
    return [work_from_csl(to_csl_json(citation)) for citation in works]


def work_from_csl(csl: Mapping[str, Any]) -> dict[str, Any]:
    """A CSL-JSON item as a schema.org ``CreativeWork`` (or a more precise subtype)."""
    node: dict[str, Any] = {"@type": CSL_TO_SCHEMA.get(str(csl.get("type", "")), "CreativeWork")}
    if csl.get("title"):
        node["name"] = plain_text(str(csl["title"]))
    authors = []
    for name in csl.get("author") or []:
        if not isinstance(name, Mapping):
            continue
        if name.get("literal"):
            authors.append({"@type": "Organization", "name": str(name["literal"])})
        elif name.get("family"):
            full = " ".join(str(part) for part in (name.get("given"), name.get("family")) if part)
            authors.append({"@type": "Person", "name": full})
    if authors:
        node["author"] = authors
    date_parts = (
        (csl.get("issued") or {}).get("date-parts") if isinstance(csl.get("issued"), Mapping) else None
    )
    if date_parts and date_parts[0] and date_parts[0][0]:
        node["datePublished"] = "-".join(
            f"{int(p):02d}" if i else str(int(p)) for i, p in enumerate(date_parts[0])
        )
    if csl.get("container-title"):
        node["isPartOf"] = {"@type": "Periodical" if node["@type"] == "ScholarlyArticle" else "CreativeWork"}
        node["isPartOf"]["name"] = plain_text(str(csl["container-title"]))
    for csl_key, schema_key in (("volume", "volumeNumber"), ("issue", "issueNumber"), ("page", "pagination")):
        if csl.get(csl_key):
            node[schema_key] = str(csl[csl_key])
    if csl.get("publisher"):
        node["publisher"] = {"@type": "Organization", "name": str(csl["publisher"])}
    doi = str(csl.get("DOI") or "").strip()
    if doi:
        node["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": doi}
        node["url"] = f"https://doi.org/{doi}"
    elif csl.get("URL"):
        node["url"] = str(csl["URL"])
    return node


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _visible_hub(hub: Hub | None) -> Hub | None:
    return hub if hub is not None and hub.is_published else None


def _trail(pillar: Pillar | None, hub: Hub | None, current: tuple[str, str] | None) -> list[tuple[str, str]]:
    trail = [("Home", "/")]
    if pillar is not None:
        trail.append((pillar.display_name, pillar.get_absolute_url()))
    if hub is not None:
        trail.append((hub.display_name, hub.get_absolute_url()))
    if current is not None and current[1] != trail[-1][1]:
        trail.append(current)
    return trail


def web_page(
    kind: str, url: str, name: str, description: str = "", *, with_breadcrumb: bool = True
) -> dict[str, Any]:
    node: dict[str, Any] = {
        "@type": kind,
        "@id": f"{url}#webpage",
        "url": url,
        "name": name,
        "isPartOf": {"@id": website_id()},
        "publisher": {"@id": organization_id()},
        "inLanguage": LANGUAGE,
    }
    if description:
        node["description"] = description
    if with_breadcrumb:
        node["breadcrumb"] = {"@id": f"{url}#breadcrumb"}
    return node


def article_nodes(
    article: Article, hub: Hub | None, faqs: Iterable, references: Iterable | None = None
) -> list[dict[str, Any]]:
    hub = _visible_hub(hub)
    pillar = hub.pillar if hub is not None else None
    url = absolute(article.get_absolute_url())
    description = article.seo_description or article.summary
    page = web_page("WebPage", url, article.seo_title or article.title, description)
    page["mainEntity"] = {"@id": f"{url}#article"}
    if article.review_is_visible:
        page["reviewedBy"] = person(article.reviewed_by)
        page["lastReviewed"] = article.reviewed_at.isoformat()
    node: dict[str, Any] = {
        "@type": "Article",
        "@id": f"{url}#article",
        "url": url,
        "headline": article.title[:HEADLINE_MAX],
        "description": description,
        "mainEntityOfPage": {"@id": f"{url}#webpage"},
        "publisher": {"@id": organization_id()},
        "datePublished": _iso(article.published_at),
        "dateModified": _iso(max(filter(None, [article.updated_at, article.published_at]), default=None)),
        "inLanguage": LANGUAGE,
        "isAccessibleForFree": True,
    }
    if article.word_count:
        node["wordCount"] = article.word_count
    authors = _authors(article)
    if authors:
        node["author"] = authors
    image = _image_object(article.hero_image, article.hero_renditions, article.hero_alt)
    if image:
        node["image"] = image
        page["primaryImageOfPage"] = image
    if hub is not None:
        node["isPartOf"] = {
            "@type": "CollectionPage",
            "@id": f"{absolute(hub.get_absolute_url())}#webpage",
            "name": hub.display_name,
            "url": absolute(hub.get_absolute_url()),
        }
        node["articleSection"] = hub.display_name
    works = citations(article, references)
    if works:
        node["citation"] = works
    nodes = [page, node, breadcrumb(url, _trail(pillar, hub, (article.title, article.get_absolute_url())))]
    faq = faq_page(url, faqs)
    if faq:
        nodes.append(faq)
    return nodes


def hub_nodes(
    hub: Hub, articles: Iterable[Article], faqs: Iterable, references: Iterable | None = None
) -> list[dict[str, Any]]:
    url = absolute(hub.get_absolute_url())
    page = web_page("CollectionPage", url, hub.seo_title or hub.title, hub.seo_description or hub.summary)
    page["datePublished"] = _iso(hub.published_at)
    page["dateModified"] = _iso(hub.updated_at)
    page["mainEntity"] = item_list(url, articles)
    authors = _authors(hub)
    if authors:
        page["author"] = authors
    works = citations(hub, references)
    if works:
        page["citation"] = works
    nodes = [page, breadcrumb(url, _trail(hub.pillar, hub, None))]
    faq = faq_page(url, faqs)
    if faq:
        nodes.append(faq)
    return nodes


def pillar_nodes(pillar: Pillar, hubs: Iterable[Hub]) -> list[dict[str, Any]]:
    url = absolute(pillar.get_absolute_url())
    page = web_page("CollectionPage", url, pillar.display_name, pillar.summary)
    page["mainEntity"] = item_list(url, hubs)
    return [page, breadcrumb(url, _trail(pillar, None, None))]


def author_nodes(author: Author) -> list[dict[str, Any]]:
    url = absolute(author.get_absolute_url())
    page = web_page("ProfilePage", url, author.name, author.short_bio)
    page["mainEntity"] = person(author)
    return [page, breadcrumb(url, _trail(None, None, (author.name, author.get_absolute_url())))]


def index_nodes(path: str, title: str, items: Iterable, description: str = "") -> list[dict[str, Any]]:
    """An index page (all articles, authors, pillars, references): its list and breadcrumb."""
    url = absolute(path)
    page = web_page("CollectionPage", url, title, description)
    page["mainEntity"] = item_list(url, items)
    return [page, breadcrumb(url, _trail(None, None, (title, path)))]


def build_graph(kind: str, context: Mapping[str, Any], path: str) -> dict[str, Any]:
    """The page's whole graph; ``kind`` is one of the page kinds of ``discovery_head``."""
    nodes: list[dict[str, Any]] = [organization(), website()]
    if kind == "article":
        nodes += article_nodes(
            context["article"], context.get("hub"), context.get("faqs") or [], context.get("references")
        )
    elif kind == "hub":
        nodes += hub_nodes(
            context["hub"],
            context.get("hub_articles") or [],
            context.get("faqs") or [],
            context.get("references"),
        )
    elif kind == "pillar":
        nodes += pillar_nodes(context["pillar"], context.get("hubs") or [])
    elif kind == "author":
        nodes += author_nodes(context["author"])
    elif kind == "index":
        index_path = context.get("index_url") or path
        nodes += index_nodes(index_path, context["index_title"], context.get("index_items") or [])
    elif kind == "home":
        home = web_page("WebPage", absolute("/"), site.SITE_NAME, site.SITE_TAGLINE, with_breadcrumb=False)
        home["about"] = {"@id": organization_id()}
        nodes.append(home)
    elif kind == "search":
        nodes.append(
            web_page("SearchResultsPage", absolute(path), f"Search · {site.SITE_NAME}", with_breadcrumb=False)
        )
    else:
        nodes.append(web_page("WebPage", absolute(path), site.SITE_NAME, with_breadcrumb=False))
    return {"@context": SCHEMA_CONTEXT, "@graph": nodes}


def json_ld_script(graph: Mapping[str, Any]) -> SafeString:
    """The graph as a ``<script type="application/ld+json">`` data block, safely escaped."""
    data = json.dumps(graph, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return mark_safe(  # noqa: S308 - <, > and & are JSON-escaped, so the block cannot be closed early
        f'<script type="application/ld+json">{data.translate(_SCRIPT_ESCAPES)}</script>'
    )
