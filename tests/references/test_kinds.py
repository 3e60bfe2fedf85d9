"""Every kind of work in APA 7: imported as CSL-JSON, formatted, and parsed back from its entry."""

import io
import json

import pytest
from django.core.management import call_command

from references.apa import plain_text
from references.api import (
    Citation,
    export_citations,
    find_or_create_citation,
    format_reference_html,
    format_reference_text,
    in_text_citation,
    parse_reference,
)
from references.csl import fields_from_csl
from references.names import family_or_literal, reference_name
from references.parsing import parse_file
from tests.references.kinds_cases import KIND_CASES

IDS = [case["id"] for case in KIND_CASES]
# Kinds that read the same in plain text (APA prints them alike): a parser may pick either.
SAME_IN_PLAIN_TEXT = [
    {"webpage", "article-newspaper", "post-weblog"},
    {"article-journal", "paper-conference"},
    {"chapter", "paper-conference"},
    {"book", "article"},
    {"book", "report"},
]
PRINTED_FIELDS = [
    "authors", "editors", "translators", "year", "month", "day", "title", "container_title", "volume",
    "issue", "pages", "edition", "number", "genre", "publisher", "archive", "doi", "url", "accessed",
    "event_title", "event_place", "original_year",
]  # fmt: skip


def printed_names(names: list[dict]) -> list[str]:
    return [reference_name(n) for n in names]


def same_kind(a: str, b: str) -> bool:
    return a == b or any({a, b} <= group for group in SAME_IN_PLAIN_TEXT)


@pytest.mark.django_db
def test_every_kind_imported_from_a_csl_json_file_reads_as_apa(tmp_path):
    path = tmp_path / "library.json"
    path.write_text(json.dumps([dict(case["csl"], id=case["id"]) for case in KIND_CASES]), encoding="utf-8")
    call_command("references", "import", str(path), stdout=io.StringIO())
    for case in KIND_CASES:
        assert format_reference_text(Citation.objects.get(key=case["id"])) == case["apa"], case["id"]


@pytest.mark.django_db
@pytest.mark.parametrize("case", KIND_CASES, ids=IDS)
def test_stored_work_formats_as_apa(case):
    citation, created = find_or_create_citation(case["csl"])
    assert created
    citation.refresh_from_db()
    assert format_reference_text(citation) == case["apa"]
    if "html" in case:
        assert case["html"] in format_reference_html(citation)


@pytest.mark.parametrize("case", KIND_CASES, ids=IDS)
def test_printed_entry_parses_back_into_the_same_fields(case):
    work = fields_from_csl(case["csl"])
    work.pop("key")
    text = format_reference_text(Citation(**work))
    parsed = parse_reference(text)
    again = parsed.fields
    assert same_kind(again["type"], work["type"]), (again["type"], work["type"])
    authors = {family_or_literal(n) for n in work["authors"]}
    if work["publisher"] in authors:
        work["publisher"] = ""  # left out when it is the author
    if work["publisher"] not in text:
        work["publisher"] = ""  # periodical proceedings name no publisher
    if f"{work['year']}," not in text:
        work["month"] = work["day"] = None  # most kinds print the year only
    work["title"] = plain_text(work["title"])  # formatting is not in plain text
    if work["type"] == "article" and not work["publisher"]:
        work["publisher"], work["archive"] = work["archive"], ""  # a repository reads as either
    for name in PRINTED_FIELDS:
        if name in {"authors", "editors", "translators"}:
            assert printed_names(again[name]) == printed_names(work[name]), (name, again[name], parsed.notes)
        else:
            assert again[name] == work[name], (name, again[name], work[name], parsed.notes)
    assert format_reference_text(Citation(**again)) == text


@pytest.mark.parametrize("fmt", ["bibtex", "ris", "csl-json"])
def test_every_kind_survives_export_then_import(fmt):
    """What an export writes, an import reads back into the same APA entry."""
    works = []
    for case in KIND_CASES:
        fields = fields_from_csl(case["csl"])
        fields["key"] = case["id"]
        works.append(Citation(**fields))
    text = export_citations(works, fmt)[0]
    parsed = parse_file({"bibtex": "x.bib", "ris": "x.ris", "csl-json": "x.json"}[fmt], text)
    assert len(parsed) == len(works)
    for work, item in zip(works, parsed, strict=True):
        again = Citation(**{k: v for k, v in item.fields.items() if k != "key"})
        assert format_reference_text(again) == format_reference_text(work), (fmt, work.key)


@pytest.mark.django_db
def test_rich_text_title_on_the_work_page_is_formatting_not_tags(client):
    citation, _ = find_or_create_citation(next(c for c in KIND_CASES if c["id"] == "rich-text-title")["csl"])
    html = client.get(citation.get_absolute_url()).content.decode()
    assert "<i>Drosophila melanogaster</i> and CO<sub>2</sub>" in html
    assert "&lt;i&gt;" not in html and "&lt;sub&gt;" not in html
    assert "<title>Circadian genes in Drosophila" in html


def test_a_republished_work_is_cited_with_both_years():
    fields = fields_from_csl(next(c for c in KIND_CASES if c["id"] == "republished-translated")["csl"])
    work = Citation(**fields)
    assert in_text_citation(work) == "(Freud, 1923/1961)"
    assert in_text_citation(work, narrative=True) == "Freud (1923/1961)"
