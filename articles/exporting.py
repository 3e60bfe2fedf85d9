"""Never lock content in: every pillar, author, hub and article as Markdown with front matter.

``export_content(directory)`` writes::

    pillars/<slug>.md   authors/<slug>.md   hubs/<slug>.md   articles/<slug>.md
    references.json     (CSL-JSON: every cited work, keyed as the pages cite them)
                        or references.bib with ``library_format="bibtex"``

Pages list their references by key; in-text citations stay pandoc-style in the body.
``manage.py import_content`` reads the folder back (library first) into equal content.
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
from articles.models import FAQ, Article, Author, Hub, Pillar, Takeaway
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
    if body.strip():
        text += f"\n{body.strip(chr(10))}\n"
    return text


def _faqs(page) -> list[dict[str, str]]:
    return [{"question": faq.question, "answer": faq.answer} for faq in page.faqs.all()]


def _reference_keys(page) -> list[str]:
    return [citation.key for citation in citations_for_page(page)]


def pillar_document(pillar: Pillar) -> str:
    front = {
        "type": "pillar",
        "number": pillar.number,
        "name": pillar.name,
        "slug": pillar.slug,
        "summary": pillar.summary,
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
        "links": [{"label": link.label, "url": link.url} for link in author.links.all()],
    }
    return document(front, author.bio)


def hub_document(hub: Hub) -> str:
    front = {
        "type": "hub",
        "title": hub.title,
        "slug": hub.slug,
        "pillar": hub.pillar.number,
        "position": hub.position,
        "author": hub.author.slug if hub.author_id else None,
        "status": hub.status,
        "published": _when(hub.published_at),
        "updated": _when(hub.updated_at),
        "summary": hub.summary,
        "seo_title": hub.seo_title,
        "seo_description": hub.seo_description,
        "disclaimer": hub.disclaimer,
        "faqs": _faqs(hub),
        "references": _reference_keys(hub),
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
        "status": article.status,
        "published": _when(article.published_at),
        "updated": _when(article.updated_at),
        "summary": article.summary,
        "seo_title": article.seo_title,
        "seo_description": article.seo_description,
        "disclaimer": article.disclaimer,
        "takeaways": [takeaway.text for takeaway in article.takeaways.all()],
        "faqs": _faqs(article),
        "references": _reference_keys(article),
        "closing_summary": article.closing_summary,
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
    hubs = list(Hub.objects.select_related("pillar", "author").prefetch_related(faqs).order_by("slug"))
    for hub in hubs:
        _write(root / "hubs" / f"{hub.slug}.md", hub_document(hub))
    articles = list(
        Article.objects.select_related("hub", "author")
        .prefetch_related(faqs, Prefetch("takeaways", queryset=Takeaway.objects.order_by("position", "pk")))
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
