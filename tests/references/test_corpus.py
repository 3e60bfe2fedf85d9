"""A corpus of 41 invented works in the CSL-JSON shapes Zotero and Crossref write (with their
extra fields), imported with ``manage.py references import`` and formatted with
``references.api.format_reference_text``: each entry as APA 7 (and the APA CSL style) prints it,
and each printed entry parsed back into the same entry and kind of work."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from references.api import Citation, format_reference_html, format_reference_text, parse_reference

DATA = Path(__file__).parent / "data"
CORPUS = DATA / "corpus_apa7.json"
EXPECTED = json.loads((DATA / "corpus_apa7_expected.json").read_text(encoding="utf-8"))
# Kinds that read the same in plain text; the parser may take one for the other.
SAME_IN_PLAIN_TEXT = [{"report", "webpage"}, {"book", "report"}]


@pytest.fixture
def library(db):
    call_command("references", "import", str(CORPUS), stdout=io.StringIO())
    return {c.key: c for c in Citation.objects.all()}


def test_each_work_of_the_corpus_reads_as_apa(library):
    items = json.loads(CORPUS.read_text(encoding="utf-8"))
    assert sorted(library) == sorted(item["id"] for item in items) == sorted(EXPECTED)
    wrong = {
        key: format_reference_text(c)
        for key, c in library.items()
        if format_reference_text(c) != EXPECTED[key]
    }
    assert not wrong


def test_italics_follow_the_kind_of_work(library):
    html = {key: format_reference_html(c) for key, c in library.items()}
    assert "<i>Psychoneuroendocrinology</i>, <i>104</i>, 25–32." in html["marchetti2019"]
    assert "<i>The tired brain: How sleep shapes judgement</i> (2nd ed.)" in html["brennan2017"]
    assert "In C. Morgan, W. Ng, &amp; I. Petrov (Eds.), <i>The Oxford handbook" in html["lindahl2019"]
    assert "<i>Insomnia fact sheet</i>. GSO Health Topics." in html["who2023"]
    assert "nine hours. <i>The Daily Courier</i>." in html["carey2019"]
    assert (
        "<i>Proceedings of the ACM on Human-Computer Interaction</i>, <i>5</i>(CSCW1), 1–24."
        in html["moreno2021"]
    )
    assert "Clock genes in <i>Mus musculus</i> under shift schedules. <i>Journal" in html["zhou2021"]
    assert "<i>Sleep debt among junior doctors</i> (Publication No. 10812345)" in html["okafor2018"]


def test_each_printed_entry_parses_back(library):
    for key, work in library.items():
        text = format_reference_text(work)
        parsed = parse_reference(text)
        again = Citation(**{k: v for k, v in parsed.fields.items() if k != "key"})
        kind, wanted = parsed.fields["type"], work.type
        assert kind == wanted or any({kind, wanted} <= same for same in SAME_IN_PLAIN_TEXT), (
            key,
            kind,
            wanted,
        )
        assert format_reference_text(again) == text, (key, parsed.notes)
