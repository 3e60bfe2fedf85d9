"""The references app's public functions: what other apps (content import, JSON-LD,
article pages) call. Everything else in ``references`` is internal.

Pages are ``articles.Article`` or ``articles.Hub`` instances.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q

from . import apa, csl
from .markdown import citation_problems, cited_keys
from .models import Citation, PageCitation, duplicate_doi_message
from .parsing.base import ParsedReference, ParseError
from .signals import page_citations_changed

if TYPE_CHECKING:
    from articles.models import Article, Hub

    Page = Article | Hub

__all__ = [
    "Citation",
    "ParseError",
    "ParsedReference",
    "attach_further_reading",
    "citation_problems",
    "citations_for_page",
    "cited_keys",
    "find_or_create_citation",
    "format_reference_html",
    "format_reference_text",
    "in_text_citation",
    "page_citations_changed",
    "parse_reference",
    "parse_references",
    "render_citations",
    "sync_page_citations",
    "to_csl_json",
]


# --- parsing --------------------------------------------------------------------------
def parse_reference(text: str) -> ParsedReference:
    """Parse one APA-style reference string (hand-typed variants welcome).

    Returns CSL-JSON in ``.csl``, model field values in ``.fields`` and the fields it
    was unsure of in ``.uncertain`` (with reasons in ``.notes``). Never raises for odd
    text: it flags what it could not read instead.
    """
    from .parsing.apa_text import parse_apa

    return parse_apa(text)


def parse_references(text: str) -> list[ParsedReference]:
    """Parse many reference strings: one per line, or separated by blank lines."""
    from .parsing.apa_text import parse_many

    return parse_many(text)


# --- storing --------------------------------------------------------------------------
def find_or_create_citation(parsed_or_csl: ParsedReference | dict[str, Any]) -> tuple[Citation, bool]:
    """The stored citation for a parsed work or CSL-JSON item, created if new.

    Matches an existing citation by DOI first, then by key (``csl["id"]``), then (for works
    without a DOI) by the same authors, year, title and type. A new one is
    validated (``ValidationError`` with field messages when it cannot be stored, e.g. no
    title) and records the parser's uncertain fields for the "needs attention" filter.
    Returns ``(citation, created)``.
    """
    if isinstance(parsed_or_csl, ParsedReference):
        fields = parsed_or_csl.fields
        uncertain = list(parsed_or_csl.uncertain)
    else:
        fields = csl.fields_from_csl(parsed_or_csl)
        uncertain = []
    if fields.get("doi"):
        existing = Citation.objects.filter(doi=fields["doi"]).first()
        if existing is not None:
            return existing, False
    if fields.get("key"):
        existing = Citation.objects.filter(key=fields["key"]).first()
        if existing is not None:
            if fields.get("doi") and existing.doi and existing.doi != fields["doi"]:
                fields["key"] = ""  # same key, different work: give the new one its own key
            else:
                return existing, False
    citation = Citation(**fields, uncertain_fields=uncertain)
    citation._compute_derived()
    same_work = Citation.objects.filter(sort_key=citation.sort_key, type=citation.type)
    if not fields.get("doi"):
        existing = same_work.first()
        if existing is not None:  # same authors, year and title: a re-import without DOI or key
            return existing, False
    if citation.key:
        citation.full_clean()
    else:
        citation.full_clean(exclude=["key"])
    with transaction.atomic():
        citation.save()
    return citation, True


def import_references(items: Iterable[ParsedReference | dict[str, Any]]) -> list[tuple[Citation, bool]]:
    """``find_or_create_citation`` for many works, all or nothing (one transaction).

    Raises ``ValidationError`` naming the item (1-based) that failed; nothing is saved then.
    """
    results = []
    with transaction.atomic():
        for number, item in enumerate(items, start=1):
            try:
                results.append(find_or_create_citation(item))
            except ValidationError as error:
                raise ValidationError(f"Reference {number}: {'; '.join(error.messages)}") from error
            except IntegrityError as error:  # e.g. the same DOI saved by someone else meanwhile
                raise ValidationError(
                    f"Reference {number} clashes with a citation saved meanwhile (same DOI or key); try again."
                ) from error
    return results


# --- pages ----------------------------------------------------------------------------
def _page_filter(page: Page) -> Q:
    from .sync import page_field

    return Q(**{f"page_links__{page_field(page)}_id": page.pk})


def citations_for_page(page: Page) -> list[Citation]:
    """The page's reference list: cited works and further reading, in APA order (one query)."""
    if page is None or page.pk is None:
        return []
    return apa.sort_references(Citation.objects.filter(_page_filter(page)).distinct())


def attach_further_reading(page: Page, citations: Iterable[Citation]) -> int:
    """List works on the page by hand (not cited in its text). Returns how many were added."""
    from .sync import page_field

    column = page_field(page)
    wanted = {c.pk for c in citations}
    have = set(
        PageCitation.objects.filter(
            kind=PageCitation.Kind.FURTHER, citation_id__in=wanted, **{column: page}
        ).values_list("citation_id", flat=True)
    )
    PageCitation.objects.bulk_create(
        [
            PageCitation(citation_id=pk, kind=PageCitation.Kind.FURTHER, **{column: page})
            for pk in sorted(wanted - have)
        ]
    )
    if wanted - have:
        from mindlab.pagecache import invalidate

        invalidate()  # bulk_create sends no model signals: say so (page cache, stored page parts)
    return len(wanted - have)


def sync_page_citations(page: Page) -> None:
    """Recompute the page's cited works from its Markdown (done automatically on save)."""
    from .sync import sync_page_citations as sync

    sync(page)


# --- formatting -----------------------------------------------------------------------
def format_reference_html(citation: Citation) -> str:
    """APA 7 reference-list entry as safe HTML (italics, DOI as a https://doi.org/ link)."""
    return apa.format_reference_html(citation)


def format_reference_text(citation: Citation) -> str:
    """APA 7 reference-list entry as plain text."""
    return apa.format_reference_text(citation)


def to_csl_json(citation: Citation) -> dict[str, Any]:
    """The work as one CSL-JSON item (``id`` is its key; JSON-LD can map from this)."""
    return csl.to_csl_json(citation)


def in_text_citation(citation: Citation, *, narrative: bool = False, locator: str = "") -> str:
    """Plain-text in-text citation: ``(Coan & Sbarra, 2015a)`` or ``Coan and Sbarra (2015a)``."""
    item = apa.CiteItem(key=citation.key, locator=locator)
    if narrative:
        return apa.narrative(item, citation)
    return apa.parenthetical([(item, citation)])


def render_citations(source: str) -> str:
    """Render Markdown with its ``[@key]`` citations as APA in-text citations (sanitised HTML).

    Pages do this on save through the Markdown renderer; this is for other callers.
    """
    from articles.markdown import render_markdown

    return render_markdown(source).html


def duplicate_doi_error(doi: str) -> str | None:
    """The message for a DOI that is already stored, or ``None``."""
    existing = Citation.objects.filter(doi=doi).first()
    return duplicate_doi_message(doi, existing) if existing else None
