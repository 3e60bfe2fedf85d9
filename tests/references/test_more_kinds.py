"""The kinds and details of ``more_kinds_cases``: imported as CSL-JSON with the command, formatted,
cited in the text, parsed back from the printed entry, exported and read back."""

import io
import json
import re

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
from references.names import reference_name
from references.parsing import parse_file
from tests.references.more_kinds_cases import MORE_KIND_CASES

IDS = [case["id"] for case in MORE_KIND_CASES]
PRINTED_FIELDS = [
    "type", "authors", "editors", "translators", "reviewed_authors", "reviewed_title", "year", "month",
    "day", "status", "title", "container_title", "volume", "issue", "pages", "edition", "version",
    "number", "genre", "publisher", "archive", "doi", "url", "accessed", "original_year",
]  # fmt: skip
NAME_FIELDS = {"authors", "editors", "translators", "reviewed_authors"}


def _names(names: list[dict]) -> list[tuple[str, str]]:
    return [(reference_name(n), n.get("role", "")) for n in names]


@pytest.mark.django_db
def test_every_case_imported_with_the_command_reads_as_apa(tmp_path):
    path = tmp_path / "more.json"
    path.write_text(json.dumps([dict(c["csl"], id=c["id"]) for c in MORE_KIND_CASES]), encoding="utf-8")
    out = io.StringIO()
    call_command("references", "import", str(path), stdout=out)
    assert f"{len(MORE_KIND_CASES)} created" in out.getvalue()
    for case in MORE_KIND_CASES:
        citation = Citation.objects.get(key=case["id"])
        assert format_reference_text(citation) == case["apa"], case["id"]
        if "html" in case:
            assert case["html"] in format_reference_html(citation), case["id"]
        if "in_text" in case:
            assert in_text_citation(citation) == case["in_text"], case["id"]


@pytest.mark.parametrize("case", MORE_KIND_CASES, ids=IDS)
def test_printed_entry_parses_back_into_the_same_fields(case):
    work = fields_from_csl(case["csl"])
    work.pop("key")
    text = format_reference_text(Citation(**work))
    parsed = parse_reference(text)
    again = parsed.fields
    expected = dict(work)
    expected["title"] = plain_text(expected["title"])
    authors = {n.get("literal") or n.get("family") for n in expected["authors"]}
    if expected["publisher"] in authors:
        expected["publisher"] = ""  # not printed when it is the author
    if expected["type"] == "webpage" and expected["container_title"] in authors:
        expected["container_title"] = ""  # nor is the site's name
    if f"{expected['year']}," not in text:
        expected["month"] = expected["day"] = None  # most kinds print the year only
    for name in PRINTED_FIELDS:
        if name in NAME_FIELDS:
            assert _names(again[name]) == _names(expected[name]), (name, again[name], parsed.notes)
        elif name == "genre":  # printed in title case when it labels a number
            assert again[name].lower() == expected[name].lower(), (again[name], expected[name], parsed.notes)
        else:
            assert again[name] == expected[name], (name, again[name], expected[name], parsed.notes)
    assert format_reference_text(Citation(**again)) == text


@pytest.mark.parametrize("fmt", ["bibtex", "ris", "csl-json"])
def test_export_then_import_gives_the_same_entry(fmt):
    cases = [c for c in MORE_KIND_CASES if fmt in c.get("exports", ["bibtex", "ris", "csl-json"])]
    works = [Citation(**{**fields_from_csl(c["csl"]), "key": c["id"]}) for c in cases]
    text = export_citations(works, fmt)[0]
    parsed = parse_file({"bibtex": "x.bib", "ris": "x.ris", "csl-json": "x.json"}[fmt], text)
    assert len(parsed) == len(works)
    for work, item in zip(works, parsed, strict=True):
        again = Citation(**{k: v for k, v in item.fields.items() if k != "key"})
        assert format_reference_text(again) == format_reference_text(work), (fmt, work.key)


@pytest.mark.django_db
def test_a_work_in_press_sorts_after_the_dated_works_of_its_authors_and_takes_its_own_suffixes():
    authors = [{"family": "Ferreira", "given": "Ana"}, {"family": "Müller", "given": "Jonas"}]
    base = {"type": "article-journal", "author": authors, "container-title": "Sleep"}
    works = [
        find_or_create_citation({**base, "title": "B later work", "status": "in press"})[0],
        find_or_create_citation({**base, "title": "A dated work", "issued": {"date-parts": [[2023]]}})[0],
        find_or_create_citation({**base, "title": "An undated work"})[0],
        find_or_create_citation({**base, "title": "C another accepted work", "status": "in press"})[0],
    ]
    from references.api import sort_references, with_list_suffixes

    works = [Citation.objects.get(pk=w.pk) for w in works]  # with the suffixes saved after them

    ordered = [
        re.search(r"\((n\.d\.|\d{4}|in press-\w)\)", format_reference_text(w)).group(1)
        for w in sort_references(works)
    ]
    assert ordered == ["n.d.", "2023", "in press-a", "in press-b"]
    listed = with_list_suffixes(works)
    assert [in_text_citation(w) for w in listed] == [
        "(Ferreira & Müller, n.d.)",
        "(Ferreira & Müller, 2023)",
        "(Ferreira & Müller, in press-a)",
        "(Ferreira & Müller, in press-b)",
    ]
    alone = with_list_suffixes(works[:2])
    assert [in_text_citation(w) for w in alone] == [
        "(Ferreira & Müller, 2023)",
        "(Ferreira & Müller, in press)",
    ]


LEGAL = [
    {
        "id": "case1",
        "type": "legal_case",
        "title": "Doe v. Northfield School Board",
        "container-title": "F.3d",
        "volume": "123",
        "page": "456",
        "issued": {"date-parts": [[2001]]},
    },
    {
        "id": "act1",
        "type": "legislation",
        "title": "Sleep Health Act of 2010",
        "issued": {"date-parts": [[2010]]},
    },
]


@pytest.mark.django_db
def test_legal_references_are_refused_at_import_with_a_reason(tmp_path):
    path = tmp_path / "mixed.json"
    keep = {"id": "kept", "type": "book", "title": "A kept book", "issued": {"date-parts": [[2000]]}}
    path.write_text(json.dumps([*LEGAL, keep]), encoding="utf-8")
    out = io.StringIO()
    call_command("references", "import", str(path), stdout=out)
    output = out.getvalue()
    assert "Doe v. Northfield School Board" in output and "Bluebook" in output
    assert "Sleep Health Act of 2010" in output
    assert list(Citation.objects.values_list("key", flat=True)) == ["kept"]
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="legal reference"):
        find_or_create_citation(LEGAL[0])


@pytest.mark.parametrize(
    ("stored", "printed"),
    [
        ("1032-39", "1032–1039"),
        ("1032–9", "1032–1039"),
        ("45-7", "45–47"),
        ("1032-1039", "1032–1039"),
        ("e123-e130", "e123–e130"),
        ("199-5", "199–5"),  # not a forward range once written out: left as given
    ],
)
def test_page_ranges_are_printed_in_full(stored, printed):
    work = Citation(
        type="article-journal",
        authors=[{"family": "Okafor", "given": "N."}],
        year=2020,
        title="A study",
        container_title="Journal of Tests",
        volume="3",
        pages=stored,
    )
    assert f"Journal of Tests, 3, {printed}." in format_reference_text(work)
