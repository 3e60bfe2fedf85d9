"""Golden reference strings: parse -> structure -> APA 7, and back again."""

import pytest

from references.api import format_reference_html, format_reference_text, parse_reference
from references.models import Citation
from tests.references.golden_cases import CASES

IDS = [case["id"] for case in CASES]


def as_citation(fields: dict) -> Citation:
    return Citation(**fields)


def test_there_are_at_least_forty_cases():
    assert len(CASES) >= 40
    assert len(set(IDS)) == len(IDS)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_parse_finds_the_expected_fields(case):
    parsed = parse_reference(case["text"])
    fields = parsed.fields
    for name, expected in case["fields"].items():
        assert fields[name] == expected, (name, fields[name], parsed.notes)
    if "n_authors" in case:
        assert len(fields["authors"]) == case["n_authors"]
    unsure = case.get("unsure")
    if unsure is None:
        assert parsed.uncertain == [], parsed.notes
    else:
        assert set(unsure) <= set(parsed.uncertain), parsed.notes
        assert parsed.notes  # every flag comes with a reason


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_format_gives_the_expected_apa(case):
    citation = as_citation(parse_reference(case["text"]).fields)
    assert format_reference_text(citation) == case["apa"]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_parse_of_the_formatted_entry_reproduces_the_work(case):
    first = parse_reference(case["text"]).fields
    text = format_reference_text(as_citation(first))
    again = parse_reference(text).fields
    first.pop("unverified_doi")  # a malformed DOI is left out of the formatted entry
    again.pop("unverified_doi")
    assert again == first
    assert format_reference_text(as_citation(again)) == text


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_html_links_every_doi_and_italicises_the_source(case):
    citation = as_citation(parse_reference(case["text"]).fields)
    html = format_reference_html(citation)
    if citation.doi:
        assert (
            f'<a href="https://doi.org/{citation.doi}" rel="noopener">https://doi.org/{citation.doi}</a>'
            in html
        )
        assert html.endswith("</a>")  # no trailing period after the DOI
    if citation.type == "article-journal" and citation.container_title:
        assert f"<i>{citation.container_title.replace('&', '&amp;')}</i>" in html
    if citation.type in {"book", "report", "webpage"}:
        assert "<i>" in html


@pytest.mark.django_db
@pytest.mark.parametrize("case", [c for c in CASES if "needs_attention" in c], ids=lambda c: c["id"])
def test_flawed_input_lands_in_needs_attention(case):
    from references.api import find_or_create_citation

    citation, created = find_or_create_citation(parse_reference(case["text"]))
    assert created
    assert citation.attention_reasons()
    assert Citation.objects.needing_attention().filter(pk=citation.pk).exists()


STRUCTURED = [
    {"type": "article-journal", "authors": [{"family": "Ng", "given": "T. W."}, {"family": "Li", "given": "X."}], "year": 2012, "title": "Sleep and work engagement: A diary study", "container_title": "Journal of Occupational Health Psychology", "volume": "17", "issue": "3", "pages": "316–325", "doi": "10.1037/a0028140"},
    {"type": "book", "authors": [{"literal": "National Academies of Sciences, Engineering, and Medicine"}], "year": 2020, "title": "Social isolation and loneliness in older adults: Opportunities for the health care system", "publisher": "The National Academies Press", "doi": "10.17226/25663"},
    {"type": "chapter", "authors": [{"family": "Sbarra", "given": "D. A."}], "editors": [{"family": "Reis", "given": "H. T."}], "year": 2009, "title": "Marriage protects men from clinically meaningful elevations in C-reactive protein", "container_title": "Encyclopedia of human relationships", "pages": "1032–1035", "publisher": "Sage"},
    {"type": "report", "authors": [{"literal": "Mental Health Foundation"}], "year": 2018, "title": "Stress: Are we coping?", "publisher": "Mental Health Foundation Scotland", "url": "https://www.mentalhealth.example.org.uk/stress-are-we-coping"},
    {"type": "webpage", "authors": [{"family": "Alvarez", "given": "R."}], "year": 2024, "month": 11, "day": 2, "title": "Five habits that protect executive sleep", "container_title": "Harvard Health Blog", "url": "https://www.health.example.edu/blog/executive-sleep"},
    {"type": "article-journal", "authors": [{"family": f"Author{chr(65 + i)}", "given": "Q."} for i in range(25)], "year": 2022, "title": "A very large collaboration", "container_title": "Nature Human Behaviour", "volume": "6", "issue": "1", "pages": "1–12", "doi": "10.1038/s41562-021-01234-5"},
]  # fmt: skip


@pytest.mark.parametrize("work", STRUCTURED, ids=[w["type"] + str(i) for i, w in enumerate(STRUCTURED)])
def test_structured_work_survives_format_then_parse(work):
    citation = Citation(**work)
    parsed = parse_reference(format_reference_text(citation)).fields
    authors = work["authors"]
    if len(authors) > 20:  # APA lists 19, ". . .", the last: the rest is marked as missing
        assert parsed["authors"] == [*authors[:19], {"literal": "…"}, authors[-1]]
        assert "authors" in parse_reference(format_reference_text(citation)).uncertain
    else:
        assert parsed["authors"] == authors
    for name, value in work.items():
        if name == "type" and value == "chapter":  # an encyclopedia's entry prints as a chapter does
            assert parsed[name] in {"chapter", "entry-encyclopedia", "entry-dictionary"}
        elif name == "type" and value == "webpage":  # "… Blog. https://…" reads the same as a blog post
            assert parsed[name] in {"webpage", "post-weblog"}
        elif name != "authors":
            assert parsed[name] == value, name
