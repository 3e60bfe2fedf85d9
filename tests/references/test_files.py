"""BibTeX, RIS and CSL-JSON: reading, writing, and clear errors for broken files."""

import json

import pytest

from references.api import find_or_create_citation
from references.exporters import to_bibtex, to_csl_json_text, to_ris
from references.models import Citation
from references.parsing import ParseError, parse_file
from references.parsing.bibtex import parse_bibtex
from references.parsing.csljson import parse_csl_json
from references.parsing.ris import parse_ris
from tests.references.helpers import make_citation, person

BIB = r"""
@comment{exported by hand}
@string{pss = "Psychological Science"}

@article{coan2006,
  author  = {Coan, James A. and Schaefer, Hillary S. and Davidson, Richard J.},
  title   = {Lending a hand: {S}ocial regulation of the neural response to threat},
  journal = pss,
  year    = 2006,
  volume  = {17},
  number  = {12},
  pages   = {1032--1039},
  doi     = {https://doi.org/10.1111/j.1467-9280.2006.01832.x},
}

@book{sapolsky2004,
  author    = "Sapolsky, Robert M.",
  title     = "Why zebras don't get ulcers",
  edition   = {3},
  publisher = {Henry Holt},
  year      = {2004}
}

@incollection{coan2016,
  author    = {Coan, James A.},
  title     = {Toward a neuroscience of attachment},
  booktitle = {Handbook of attachment},
  editor    = {Cassidy, Jude and Shaver, Phillip R.},
  pages     = {242--269},
  publisher = {Guilford Press},
  year      = {2016},
}

@techreport{who2022,
  author      = {{World Health Organization}},
  title       = {World mental health report},
  institution = {World Health Organization},
  year        = {2022},
  url         = {https://www.who.int/publications/i/item/9789240049338},
}

@article{makinen2021,
  author  = {M{\"a}kinen, Gustav and Ib{\'a}{\~n}ez, Lucia M. and {\v S}imi{\'c}, Nina},
  title   = {Cortisol awakening response in senior managers \& their teams},
  journal = {Psychoneuroendocrinology},
  year    = {2021},
  volume  = {129},
  pages   = {105247},
}
"""

RIS = """TY  - JOUR
ID  - cacioppo2015
AU  - Cacioppo, Stephanie
AU  - Grippo, Angela J.
AU  - London, Sarah
TI  - Loneliness: Clinical import and interventions
T2  - Perspectives on Psychological Science
PY  - 2015///
VL  - 10
IS  - 2
SP  - 238
EP  - 249
DO  - 10.1177/1745691615570616
ER  -

TY  - ELEC
AU  - Suni, Eric
TI  - How sleep affects your memory
T2  - Sleep Foundation
PY  - 2023/03/04
UR  - https://www.sleepfoundation.org/how-sleep-works/memory
Y2  - 2024/01/15
ER  -
"""


def test_bibtex_entries():
    parsed = parse_bibtex(BIB)
    assert [p.csl["id"] for p in parsed] == ["coan2006", "sapolsky2004", "coan2016", "who2022", "makinen2021"]
    coan = parsed[0].fields
    assert coan["type"] == "article-journal"
    assert coan["authors"][0] == {"family": "Coan", "given": "James A."}
    assert coan["title"] == "Lending a hand: Social regulation of the neural response to threat"
    assert coan["container_title"] == "Psychological Science"
    assert (coan["volume"], coan["issue"], coan["pages"]) == ("17", "12", "1032–1039")
    assert coan["doi"] == "10.1111/j.1467-9280.2006.01832.x"
    assert parsed[1].fields["edition"] == "3"
    chapter = parsed[2].fields
    assert chapter["type"] == "chapter"
    assert chapter["editors"] == [
        {"family": "Cassidy", "given": "Jude"},
        {"family": "Shaver", "given": "Phillip R."},
    ]
    assert parsed[3].fields["authors"] == [{"literal": "World Health Organization"}]
    makinen = parsed[4].fields
    assert [a["family"] for a in makinen["authors"]] == ["Mäkinen", "Ibáñez", "Šimić"]
    assert makinen["title"].endswith("senior managers & their teams")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("@article{broken,\n  title = {Unclosed brace,\n  year = 2001\n", "line 1"),
        ("@article{nokey title = {x}}", "no citation key"),
        ("@article{k,\n  title {missing equals}\n}", "line 2"),
        ("@article{k,\n  title = {A} year = {2001}\n}", "expected “,”"),
        ("just some words", "no entries"),
    ],
)
def test_malformed_bibtex_says_what_and_where(text, message):
    with pytest.raises(ParseError) as caught:
        parse_bibtex(text)
    assert message in str(caught.value)
    assert str(caught.value).startswith("BibTeX")


def test_ris_records():
    parsed = parse_ris(RIS)
    first, second = (p.fields for p in parsed)
    assert first["key"] == "cacioppo2015"
    assert (
        first["pages"] == "238–249" and first["issue"] == "2" and first["doi"] == "10.1177/1745691615570616"
    )
    assert second["type"] == "webpage" and (second["year"], second["month"], second["day"]) == (2023, 3, 4)
    assert second["accessed"].isoformat() == "2024-01-15"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("TY  - JOUR\nTI  - No end\n", "no end line"),
        ("TI  - Orphan\nER  - \n", "line 1"),
        ("TY  - JOUR\nthis is not a tag line\nER  -\n", "line 2"),
        ("TY  - JOUR\nTY  - BOOK\nER  -\n", "line 2"),
    ],
)
def test_malformed_ris_says_what_and_where(text, message):
    with pytest.raises(ParseError) as caught:
        parse_ris(text)
    assert message in str(caught.value)


def test_csl_json_items_and_errors():
    items = parse_csl_json(
        '[{"id": "x1", "type": "book", "title": "A book", "issued": {"date-parts": [[1999]]}}]'
    )
    assert items[0].fields["year"] == 1999 and items[0].fields["key"] == "x1"
    with pytest.raises(ParseError, match="line 1"):
        parse_csl_json("[{oops}]")
    with pytest.raises(ParseError, match="item 1"):
        parse_csl_json('["not an object"]')


def test_parse_file_chooses_by_extension_and_content():
    assert parse_file("refs.bib", BIB)[0].csl["id"] == "coan2006"
    assert parse_file("refs.ris", RIS)[0].csl["id"] == "cacioppo2015"
    assert (
        parse_file("refs.txt", "Walker, M. (2017). Why we sleep. Scribner.")[0].fields["publisher"]
        == "Scribner"
    )
    assert parse_file("pasted", RIS)[0].csl["id"] == "cacioppo2015"


@pytest.fixture
def library(db):
    make_citation(key="coan2006", doi="10.1111/j.1467-9280.2006.01832.x")
    make_citation(
        key="who2022",
        type="report",
        authors=[{"literal": "World Health Organization"}],
        year=2022,
        title="World mental health report: Transforming mental health for all",
        container_title="",
        volume="",
        issue="",
        pages="",
        number="WHO/MH/2022.1",
        url="https://www.who.int/publications/i/item/9789240049338",
    )
    make_citation(
        key="coan2016",
        type="chapter",
        authors=[person("Coan", "James A.")],
        editors=[person("Cassidy", "Jude"), person("Shaver", "Phillip R.")],
        year=2016,
        title="Toward a neuroscience of attachment",
        container_title="Handbook of attachment",
        volume="",
        issue="",
        pages="242-269",
        edition="3",
        publisher="Guilford Press",
    )
    make_citation(
        key="makinen2021",
        authors=[person("Mäkinen", "Gustav"), person("Ó Súilleabháin", "Pádraig")],
        year=2021,
        title="Costs & benefits of 100% remote work_a study",
        container_title="Psychoneuroendocrinology",
        volume="129",
        issue="",
        pages="105247",
    )
    return list(Citation.objects.all())


COMPARED = ["type", "authors", "editors", "year", "title", "container_title", "volume", "issue", "pages", "edition", "number", "publisher", "doi", "url"]  # fmt: skip


def _same(parsed_fields: dict, citation: Citation) -> None:
    for name in COMPARED:
        assert parsed_fields[name] == getattr(citation, name), (citation.key, name)
    assert parsed_fields["key"] == citation.key


@pytest.mark.parametrize(
    ("writer", "reader"),
    [(to_bibtex, parse_bibtex), (to_ris, parse_ris), (to_csl_json_text, parse_csl_json)],
    ids=["bibtex", "ris", "csl-json"],
)
def test_export_then_import_gives_the_same_works(library, writer, reader):
    parsed = reader(writer(library))
    assert len(parsed) == len(library)
    for item, citation in zip(parsed, library, strict=True):
        _same(item.fields, citation)


def test_csl_json_export_is_valid_json_with_doi_and_key(library):
    data = json.loads(to_csl_json_text(library))
    coan = next(item for item in data if item["id"] == "coan2006")
    assert coan["DOI"] == "10.1111/j.1467-9280.2006.01832.x"
    assert coan["issued"] == {"date-parts": [[2006]]}


@pytest.mark.django_db
def test_find_or_create_matches_by_doi_then_key():
    first, created = find_or_create_citation(
        {
            "id": "lending",
            "type": "article-journal",
            "title": "Lending a hand",
            "DOI": "https://doi.org/10.1111/J.1467-9280.2006.01832.X",
        }
    )
    assert created and first.doi == "10.1111/J.1467-9280.2006.01832.X"  # as given; matched ignoring case
    same, created = find_or_create_citation(
        {"id": "other", "title": "Whatever", "DOI": "doi:10.1111/j.1467-9280.2006.01832.x"}
    )
    assert same == first and not created
    by_key, created = find_or_create_citation({"id": "lending", "title": "Lending a hand"})
    assert by_key == first and not created


BIB_KINDS = r"""
@string{nbr = {National Bureau of Economic Research}}

@article(neumann1956,
  author  = {von Neumann, John and Roediger, III, Henry L. and Morgenstern, Oskar and others},
  title   = {Probabilistic logics and the synthesis of reliable organisms from {\em unreliable} components},
  journal = {Annals of Mathematics Studies},
  year    = 1956,
  volume  = 34,
  pages   = {43--98},
)

@misc{kaplan2020,
  author        = {Kaplan, Jared and McCandlish, Sam},
  title         = {Scaling Laws for Neural Language Models},
  year          = {2020},
  eprint        = {2001.08361},
  archivePrefix = {arXiv},
  primaryClass  = {cs.LG},
}

@techreport{chetty2014,
  author      = {Chetty, Raj and Hendren, Nathaniel},
  title       = {Where is the land of opportunity?},
  institution = nbr,
  type        = {Working Paper},
  number      = {19843},
  year        = {2014},
}

@phdthesis{okafor2019,
  author = {Okafor, Chidinma},
  title  = {Sleep loss and executive control in CO$_2$-rich \emph{shift} work},
  school = {Universit{\'e} de Montr{\'e}al},
  year   = {2019},
  month  = mar,
}

@inproceedings{chen2018,
  author    = {Chen, Li and {\L}ukasiewicz, Jan},
  title     = {Detecting fatigue from typing rhythm},
  booktitle = {Proceedings of the 12th International Conference on Human Factors},
  editor    = {Gupta, Ravi},
  pages     = {112--120},
  publisher = {Springer},
  year      = {2018},
}
"""


def test_bibtex_kinds_names_and_latex():
    neumann, kaplan, chetty, okafor, chen = parse_bibtex(BIB_KINDS)
    fields = neumann.fields
    assert fields["authors"] == [
        {"family": "von Neumann", "given": "John"},
        {"family": "Roediger", "given": "Henry L.", "suffix": "III"},
        {"family": "Morgenstern", "given": "Oskar"},
    ]
    assert "authors" in neumann.uncertain and any("and others" in note for note in neumann.notes)
    assert fields["title"] == (
        "Probabilistic logics and the synthesis of reliable organisms from <i>unreliable</i> components"
    )
    assert (fields["volume"], fields["pages"]) == ("34", "43–98")

    preprint = kaplan.fields
    assert preprint["type"] == "article"
    assert (preprint["number"], preprint["publisher"]) == ("arXiv:2001.08361", "arXiv")
    assert preprint["url"] == "https://arxiv.org/abs/2001.08361"

    report = chetty.fields
    assert (report["type"], report["genre"], report["number"]) == ("report", "Working Paper", "19843")
    assert report["publisher"] == "National Bureau of Economic Research"  # from @string

    thesis = okafor.fields
    assert (thesis["type"], thesis["genre"], thesis["publisher"]) == (
        "thesis",
        "Doctoral dissertation",
        "Université de Montréal",
    )
    assert thesis["title"] == "Sleep loss and executive control in CO<sub>2</sub>-rich <i>shift</i> work"
    assert thesis["month"] == 3

    paper = chen.fields
    assert paper["type"] == "paper-conference"
    assert paper["authors"][1] == {"family": "Łukasiewicz", "given": "Jan"}
    assert paper["editors"] == [{"family": "Gupta", "given": "Ravi"}]
    assert paper["container_title"].startswith("Proceedings of the 12th")


def test_ris_names_without_a_comma_are_people():
    record = (
        "TY  - THES\nAU  - James A. Coan\nAU  - Ludwig van Beethoven\nAU  - Roediger, Henry L., III\n"
        "AU  - World Health Organization\nTI  - A thesis\nPB  - University of Virginia\n"
        "M3  - Doctoral dissertation\nPY  - 2014\nER  -\n"
    )
    parsed = parse_ris(record)[0]
    fields = parsed.fields
    assert fields["authors"] == [
        {"family": "Coan", "given": "James A."},
        {"family": "van Beethoven", "given": "Ludwig"},
        {"family": "Roediger", "given": "Henry L.", "suffix": "III"},
        {"literal": "World Health Organization"},
    ]
    assert (fields["type"], fields["genre"], fields["publisher"]) == (
        "thesis",
        "Doctoral dissertation",
        "University of Virginia",
    )
    assert "authors" in parsed.uncertain  # the organisation is a guess worth a look
