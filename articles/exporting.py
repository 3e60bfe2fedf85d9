"""Never lock content in: every pillar, author, hub and article as Markdown with front matter.

``export_content(directory)`` writes::

    pillars/<slug>.md   authors/<slug>.md   hubs/<slug>.md   articles/<slug>.md
    references.json     (CSL-JSON: every cited work, keyed as the pages cite them)
                        or references.bib with ``library_format="bibtex"``

Pages list their references by key; in-text citations stay pandoc-style in the body.
``manage.py import_content`` reads the folder back (library first) into equal content:
every field an editor can set (own call to action, hub name and closing text, co-authors,
the medical review, old addresses that redirect, image file names) and each body exactly,
trailing blank lines included. Images themselves stay in the media storage: the files
name them; copy the media folder with the export to move sites.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml
from django.db.models import Prefetch
from django.utils import timezone

from articles.citations import citations_for_page
from articles.models import FAQ, Article, Author, Coauthor, Hub, Pillar, SlugRedirect, Takeaway
from references import api as references

LIBRARY_FILE = "references.json"
LIBRARY_FILES = {"csl-json": LIBRARY_FILE, "bibtex": "references.bib"}


class _Dumper(yaml.SafeDumper):
    """Multi-line text as readable ``|`` blocks."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _represent_str)


@dataclass
class ExportSummary:
    directory: Path
    counts: dict[str, int] = field(default_factory=dict)

    def __str__(self) -> str:
        parts = ", ".join(f"{count} {kind}" for kind, count in self.counts.items())
        return f"Exported {parts} to {self.directory}"


def _when(value: datetime | None) -> str | None:
    if value is None:
        return None
    return timezone.localtime(value, timezone.UTC).isoformat().replace("+00:00", "Z")


def _compact(data: dict[str, Any]) -> dict[str, Any]:
    """Leave out empty values: the importer treats a missing key as "not said"."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def document(front: dict[str, Any], body: str) -> str:
    """One Markdown file: YAML front matter between ``---`` lines, then the body."""
    header = yaml.dump(
        _compact(front),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=10_000,
        default_flow_style=False,
    )
    text = f"---\n{header}---\n"
    if (
        body
    ):  # exactly as stored: the importer drops only the blank line after the fence and the last line end
        text += f"\n{body}\n"
    return text


def _faqs(page) -> list[dict[str, str]]:
    return [{"question": faq.question, "answer": faq.answer} for faq in page.faqs.all()]


def _reference_keys(page) -> list[str]:
    return [citation.key for citation in citations_for_page(page)]


def _coauthors(page) -> list[str]:
    return [row.author.slug for row in page.coauthors.all()]


def _old_slugs(page) -> list[str]:
    """Addresses the page used to live at (they redirect to it)."""
    return sorted(
        SlugRedirect.objects.filter(kind=page.slug_kind, object_id=page.pk).values_list("old_slug", flat=True)
    )


def _call_to_action(page) -> dict[str, str]:
    return {"cta_heading": page.cta_heading, "cta_text": page.cta_text, "cta_button": page.cta_button}


def pillar_document(pillar: Pillar) -> str:
    front = {
        "type": "pillar",
        "number": pillar.number,
        "name": pillar.name,
        "slug": pillar.slug,
        "summary": pillar.summary,
        "updated": _when(pillar.updated_at),
        "redirect_from": _old_slugs(pillar),
    }
    return document(front, pillar.intro)


def author_document(author: Author) -> str:
    front = {
        "type": "author",
        "name": author.name,
        "slug": author.slug,
        "credentials": author.credentials,
        "job_title": author.job_title,
        "institutions": author.institutions,
        "short_bio": author.short_bio,
        "photo": author.photo.name if author.photo else None,
        "photo_alt": author.photo_alt,
        "links": [{"label": link.label, "url": link.url} for link in author.links.all()],
        "redirect_from": _old_slugs(author),
    }
    if author.is_default:
        front["default_author"] = True
    return document(front, author.bio)


def hub_document(hub: Hub) -> str:
    front = {
        "type": "hub",
        "name": hub.name,
        "title": hub.title,
        "slug": hub.slug,
        "pillar": hub.pillar.number,
        "position": hub.position,
        "author": hub.author.slug if hub.author_id else None,
        "coauthors": _coauthors(hub),
        "status": hub.status,
        "published": _when(hub.published_at),
        "updated": _when(hub.updated_at),
        "summary": hub.summary,
        "seo_title": hub.seo_title,
        "seo_description": hub.seo_description,
        "disclaimer": hub.disclaimer,
        **_call_to_action(hub),
        "closing_text": hub.closing_text,
        "faqs": _faqs(hub),
        "references": _reference_keys(hub),
        "redirect_from": _old_slugs(hub),
    }
    return document(front, hub.intro)


def article_document(article: Article) -> str:
    front = {
        "type": "article",
        "title": article.title,
        "slug": article.slug,
        "subtitle": article.subtitle,
        "hub": article.hub.slug if article.hub_id else None,
        "position": article.position,
        "author": article.author.slug if article.author_id else None,
        "coauthors": _coauthors(article),
        "reviewer": article.reviewed_by.slug if article.reviewed_by_id else None,
        "reviewed": article.reviewed_at.isoformat() if article.reviewed_at else None,
        "status": article.status,
        "published": _when(article.published_at),
        "updated": _when(article.updated_at),
        "summary": article.summary,
        "seo_title": article.seo_title,
        "seo_description": article.seo_description,
        "disclaimer": article.disclaimer,
        "hero_image": article.hero_image.name if article.hero_image else None,
        "hero_alt": article.hero_alt,
        "takeaways": [takeaway.text for takeaway in article.takeaways.all()],
        "faqs": _faqs(article),
        "references": _reference_keys(article),
        "closing_summary": article.closing_summary,
        **_call_to_action(article),
        "redirect_from": _old_slugs(article),
    }
    return document(front, article.body)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def export_content(directory: str | Path, library_format: str = "csl-json") -> ExportSummary:
    """Write everything to ``directory`` (created if needed; files of the same name are replaced).

    The reference library is CSL-JSON (``references.json``) or, with ``library_format="bibtex"``,
    BibTeX (``references.bib``); ``import_content`` reads either.
    """
    if library_format not in LIBRARY_FILES:
        raise ValueError(f"Unknown library format “{library_format}”; use {' or '.join(LIBRARY_FILES)}.")
    root = Path(directory)
    root.mkdir(parents=True, exist_ok=True)
    summary = ExportSummary(root)
    faqs = Prefetch("faqs", queryset=FAQ.objects.order_by("position", "pk"))
    pillars = list(Pillar.objects.order_by("number"))
    for pillar in pillars:
        _write(root / "pillars" / f"{pillar.slug}.md", pillar_document(pillar))
    authors = list(Author.objects.prefetch_related("links").order_by("slug"))
    for author in authors:
        _write(root / "authors" / f"{author.slug}.md", author_document(author))
    coauthors = Prefetch(
        "coauthors", queryset=Coauthor.objects.select_related("author").order_by("position", "pk")
    )
    hubs = list(
        Hub.objects.select_related("pillar", "author").prefetch_related(faqs, coauthors).order_by("slug")
    )
    for hub in hubs:
        _write(root / "hubs" / f"{hub.slug}.md", hub_document(hub))
    articles = list(
        Article.objects.select_related("hub", "author", "reviewed_by")
        .prefetch_related(
            faqs, coauthors, Prefetch("takeaways", queryset=Takeaway.objects.order_by("position", "pk"))
        )
        .order_by("slug")
    )
    for article in articles:
        _write(root / "articles" / f"{article.slug}.md", article_document(article))
    library = list(references.Citation.objects.order_by("key"))
    if library_format == "bibtex":
        text, _content_type = references.export_citations(library, "bibtex")
    else:
        text = json.dumps([references.to_csl_json(c) for c in library], ensure_ascii=False, indent=2) + "\n"
    _write(root / LIBRARY_FILES[library_format], text)
    summary.counts = {
        "pillars": len(pillars),
        "authors": len(authors),
        "hubs": len(hubs),
        "articles": len(articles),
        "references": len(library),
    }
    return summary
