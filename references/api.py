"""The references app's public functions: what other apps (content import, JSON-LD,
pages that cite works) call. Everything else in ``references`` is internal.

The library knows works, not the texts citing them: an app storing such texts renders
them with ``citations_plugin`` (telling it through ``env[CITATIONS_ENV_KEY]`` whether a text
cites), checks them with ``citation_problems``, reads their keys with ``cited_keys`` and
listens to ``citation_changed`` / ``citation_key_in_use``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from . import apa, csl, exporters
from .markdown import CITATIONS_ENV_KEY, citation_problems, citations_plugin, cited_keys
from .models import Citation
from .parsing.base import ParsedReference, ParseError
from .signals import citation_changed, citation_key_in_use

__all__ = [
    "CITATIONS_ENV_KEY",
    "EXPORT_FORMATS",
    "Citation",
    "ParseError",
    "ParsedReference",
    "citation_changed",
    "citation_key_in_use",
    "citation_problems",
    "citations_plugin",
    "cited_keys",
    "export_citations",
    "find_or_create_citation",
    "format_reference_html",
    "format_reference_text",
    "import_references",
    "in_text_citation",
    "list_year_suffixes",
    "parse_file",
    "parse_reference",
    "parse_references",
    "plain_text",
    "sort_references",
    "to_csl_json",
    "with_list_suffixes",
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


def parse_file(name: str, content: str) -> list[ParsedReference]:
    """Parse a file by its extension: .bib (BibTeX), .ris, .json (CSL-JSON), else APA text.

    Raises ``ParseError`` (saying where) for malformed BibTeX, RIS or JSON.
    """
    from .parsing import parse_file as parse

    return parse(name, content)


# --- storing --------------------------------------------------------------------------
def find_or_create_citation(parsed_or_csl: ParsedReference | dict[str, Any]) -> tuple[Citation, bool]:
    """The stored citation for a parsed work or CSL-JSON item, created if new.

    Matches an existing citation by DOI first, then by key (``csl["id"]``), then (for works
    without a DOI) by the same authors, year, title and type. A new one is
    validated (``ValidationError`` with field messages when it cannot be stored, e.g. no
    title) and records the parser's uncertain fields for the "needs attention" filter.
    Returns ``(citation, created)``.
    """
    item = parsed_or_csl.csl if isinstance(parsed_or_csl, ParsedReference) else parsed_or_csl
    if isinstance(item, dict) and str(item.get("type") or "").strip() in csl.LEGAL_TYPES:
        raise ValidationError(csl.legal_refusal(item))
    if isinstance(parsed_or_csl, ParsedReference):
        fields = parsed_or_csl.fields
        uncertain = list(parsed_or_csl.uncertain)
    else:
        fields = csl.fields_from_csl(parsed_or_csl)
        uncertain = []
    if fields.get("doi"):
        existing = Citation.objects.filter(doi__iexact=fields["doi"]).first()
        if existing is not None:
            return existing, False
    if fields.get("key"):
        existing = Citation.objects.filter(key=fields["key"]).first()
        if existing is not None:
            if fields.get("doi") and existing.doi and existing.doi.lower() != fields["doi"].lower():
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


# --- formatting -----------------------------------------------------------------------
def format_reference_html(citation: Citation) -> str:
    """APA 7 reference-list entry as safe HTML (italics, DOI as a https://doi.org/ link)."""
    return apa.format_reference_html(citation)


def format_reference_text(citation: Citation) -> str:
    """APA 7 reference-list entry as plain text."""
    return apa.format_reference_text(citation)


def plain_text(text: str) -> str:
    """A title without its CSL rich-text markup (``<i>Drosophila</i>`` -> ``Drosophila``)."""
    return apa.plain_text(text or "")


def to_csl_json(citation: Citation) -> dict[str, Any]:
    """The work as one CSL-JSON item (``id`` is its key; JSON-LD can map from this)."""
    return csl.to_csl_json(citation)


def in_text_citation(citation: Citation, *, narrative: bool = False, locator: str = "") -> str:
    """Plain-text in-text citation: ``(Coan & Sbarra, 2015a)`` or ``Coan and Sbarra (2015a)``."""
    item = apa.CiteItem(key=citation.key, locator=locator)
    if narrative:
        return apa.narrative(item, citation)
    return apa.parenthetical([(item, citation)])


def sort_references(works: Iterable[Citation]) -> list[Citation]:
    """The works in APA 7 reference-list order (independent of database collations)."""
    return apa.sort_references(works)


def list_year_suffixes(works: Iterable[Citation]) -> dict[str, str]:
    """The year suffixes (``a``, ``b`` … or ``""``) of the works of one reference list, by key.

    APA assigns 2005a/2005b among the works of one list: a page citing only one of two
    same-author, same-year works shows plain 2005.
    """
    works = list(works)
    return {work.key: suffix for work, suffix in zip(works, apa.list_year_suffixes(works), strict=True)}


def with_list_suffixes(works: Iterable[Citation]) -> list[Citation]:
    """The works of one reference list in APA order, as copies carrying that list's year
    suffixes (for rendering its entries and the in-text citations of the same page)."""
    return apa.with_list_suffixes(works)


# --- exporting ------------------------------------------------------------------------
# Export format -> file extension: "bibtex" -> "bib", "ris" -> "ris", "csl-json" -> "json".
EXPORT_FORMATS: dict[str, str] = dict(exporters.FORMATS)


def export_citations(citations: Iterable[Citation], fmt: str) -> tuple[str, str]:
    """The works as one file in ``fmt`` (a key of ``EXPORT_FORMATS``): ``(text, content type)``.

    Raises ``ValueError`` for an unknown format.
    """
    return exporters.export(citations, fmt), exporters.CONTENT_TYPES[fmt]
