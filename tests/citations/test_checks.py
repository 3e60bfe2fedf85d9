"""Matching mentions to a page's reference list and the warnings an editor sees
(``check_citations`` / ``check_texts``), with works held in memory (no database)."""

import pytest

from articles.citation_checks import check_citations, check_texts
from references.api import Citation


def work(key: str, year: int | None, *names: str, title: str = "", **fields) -> Citation:
    """A work; a name starting with "=" is an organisation."""
    authors = [
        {"literal": name[1:]} if name.startswith("=") else {"family": name, "given": "A."} for name in names
    ]
    return Citation(key=key, year=year, authors=authors, title=title or f"A study called {key}", **fields)


LIST = [
    work("okafor2020a", 2020, "Okafor", title="Alpha sleep"),
    work("okafor2020b", 2020, "Okafor", title="Beta sleep"),
    work("leepark2021", 2021, "Lee", "Park"),
    work("ruiz2019", 2019, "Ruiz", "Kim", "Chen"),
    work("who2022", 2022, "=World Health Organization"),
    work("cdc2020", 2020, "=Centers for Disease Control and Prevention"),
    work("vanderberg2018", 2018, "van der Berg"),
    work("osuilleabhain2017", 2017, "Ó Súilleabháin"),
    work("mensah", None, "Mensah"),
    work("muller2016", 2016, "Müller"),
    work("freud1961", 1961, "Freud", original_year=1923),
]


def problems(text: str, works=LIST) -> list[tuple[str, str]]:
    return [(w.kind, w.mention) for w in check_citations(text, works) if w.kind != "uncited"]


def uncited(text: str, works=LIST) -> list[str]:
    return [w.works[0].key for w in check_citations(text, works) if w.kind == "uncited"]


MATCHED = [
    "Lee and Park (2021) showed it.",
    "Lee & Park (2021) showed it.",
    "(Lee & Park, 2021, p. 4)",
    "According to Ruiz et al. (2019), yes.",
    "Ruiz and colleagues (2019) agree.",
    "(e.g., Ruiz et al., 2019)",
    "Okafor's (2020a) study.",
    "(see Okafor, 2020b)",
    "(Okafor, 2020a; Lee & Park, 2021, p. 4)",
    "(Okafor, 2020a, b)",
    "World Health Organization (2022) says so.",
    "(WHO, 2022)",
    "WHO (2022) says so.",
    "(World Health Organization [WHO], 2022)",
    "CDC (2020) counts cases.",
    "(Centers for Disease Control and Prevention, 2020)",
    "van der Berg (2018) replicated it.",
    "Van der Berg (2018) replicated it.",
    "(Berg, 2018)",
    "Ó Súilleabháin (2017) described it.",
    "O Suilleabhain (2017) described it.",
    "(Mensah, n.d.)",
    "Mensah (in press) disagrees.",
    "Muller (2016) holds.",
    "Freud (1923/1961) wrote it.",
    "Freud (1961) wrote it.",
    "Dr Okafor (2020a) said so.",
]


@pytest.mark.parametrize("text", MATCHED)
def test_mentions_that_match_one_entry_raise_nothing(text):
    assert problems(text) == []


UNMATCHED = [
    ("Smith (2020) is not listed.", "Smith (2020)"),
    ("Lee and Smith (2021) needs both names.", "Lee and Smith (2021)"),
    ("Lee and Park (2020) has the wrong year.", "Lee and Park (2020)"),
    ("(Okafor, 2020c)", "(Okafor, 2020c)"),
    ("(Jones & Brown, 2018)", "(Jones & Brown, 2018)"),
    ("Ruiz (2018) another year.", "Ruiz (2018)"),
    ("(UNESCO, 2022)", "(UNESCO, 2022)"),
    ("Park et al. (2021): Park is the second author.", "Park et al. (2021)"),
]


@pytest.mark.parametrize(("text", "mention"), UNMATCHED)
def test_mentions_matching_no_entry_are_flagged(text, mention):
    assert problems(text) == [("unmatched", mention)]


def test_et_al_asks_for_three_authors_and_two_names_for_two():
    two = [work("leepark2021", 2021, "Lee", "Park")]
    three = [work("leeparkkim2021", 2021, "Lee", "Park", "Kim")]
    assert problems("Lee et al. (2021)", three) == []
    assert problems("Lee and Park (2021)", two) == []
    assert problems("Lee and Kim (2021)", three) == [("unmatched", "Lee and Kim (2021)")]
    # A single surname for a several-author work counts when nothing fits better.
    assert problems("Lee (2021)", two) == []
    single_and_pair = [work("lee2021", 2021, "Lee"), *two]
    warnings = check_citations("Lee (2021) and Lee and Park (2021)", single_and_pair)
    assert warnings == []


def test_a_suffix_picks_among_same_author_works_and_none_is_ambiguous():
    warnings = check_citations("(Okafor, 2020)", LIST)
    ambiguous = [w for w in warnings if w.kind == "ambiguous"]
    assert len(ambiguous) == 1
    assert {w.key for w in ambiguous[0].works} == {"okafor2020a", "okafor2020b"}
    assert "2020a" in ambiguous[0].message and "2020b" in ambiguous[0].message
    assert problems("(Okafor, 2020a)") == []


def test_mentions_without_a_year_are_flagged_even_when_they_match():
    warnings = [w for w in check_citations("A claim (Müller) and one (Nobody).", LIST) if w.kind != "uncited"]
    assert [(w.kind, w.mention) for w in warnings] == [("no_year", "(Müller)"), ("no_year", "(Nobody)")]
    assert "(Müller, 2016)" in warnings[0].message
    assert "matches no entry" in warnings[1].message
    assert "muller2016" not in uncited("A claim (Müller).")


def test_entries_never_cited_are_listed_and_formal_citations_count():
    works = LIST[:4]
    text = "Lee and Park (2021) agree [@okafor2020a]; see @ruiz2019."
    assert uncited(text, works) == ["okafor2020b"]
    warning = next(w for w in check_citations(text, works) if w.kind == "uncited")
    assert "(Okafor, 2020b)" in warning.message and "never cited" in warning.message


def test_an_unmatched_mention_names_the_closest_entry():
    (warning,) = problems_full = [
        w for w in check_citations("Lee and Park (2020)", LIST) if w.kind != "uncited"
    ]
    assert problems_full[0].kind == "unmatched"
    assert "closest: (Lee & Park, 2021)" in warning.message


def test_a_page_without_references_says_so():
    (warning,) = check_citations("Lee and Park (2021) showed it.", [])
    assert warning.kind == "unmatched" and "no reference list" in warning.message


def test_repeated_mentions_are_one_warning_with_every_line():
    text = "Smith (2020) one.\n\nAgain Smith (2020).\n\nAnd (Lee, 2019)."
    warnings = check_citations(text, [])
    assert [(w.mention, w.lines) for w in warnings] == [("Smith (2020)", (1, 3)), ("(Lee, 2019)", (5,))]
    assert str(warnings[0]).startswith("line 1, 3: ")


def test_texts_of_one_page_are_checked_together():
    texts = [("Body", "Lee and Park (2021) showed it."), ("FAQ “Why?”", "Smith (2020) too.")]
    warnings = check_texts(texts, LIST[2:3])
    assert [(w.kind, w.where, w.line) for w in warnings] == [("unmatched", "FAQ “Why?”", 1)]
    assert str(warnings[0]) == "FAQ “Why?”, line 1: “Smith (2020)” matches no entry of the reference list"


def test_a_work_spelled_as_its_abbreviation_matches_the_full_name():
    works = [
        work("who", 2022, "=WHO"),
        work("nice2019", 2019, "=National Institute for Health and Care Excellence"),
    ]
    assert problems("World Health Organization (2022) and (NICE, 2019)", works) == []


def test_works_without_authors_are_cited_by_title_and_names_by_their_core():
    works = [
        work("sleepmatters2020", 2020, title="Sleep matters for leaders"),
        work("king1963", 1963, "King"),
        work("garcia2019", 2019, "García Márquez"),
    ]
    text = "(“Sleep Matters,” 2020), King, Jr. (1963) and García (2019)."
    assert problems(text, works) == []
    assert uncited(text, works) == []


def test_a_first_name_in_brackets_is_a_mention_only_when_the_list_has_it():
    works = [work("scott2019", 2019, "Scott")]
    assert problems("Our client (Sarah) slept better.", works) == []
    assert problems("Sleep pressure builds (Scott).", works) == [("no_year", "(Scott)")]
    assert uncited("Sleep pressure builds (Scott).", works) == []


def test_an_organisation_named_without_its_country_matches():
    works = [work("hhs2018", 2018, "=U.S. Department of Health and Human Services")]
    assert problems("The Department of Health and Human Services (2018) agrees.", works) == []
    assert problems("The U.S. Department of Health and Human Services (2018) agrees.", works) == []


def test_a_work_named_by_its_title_and_year_matches():
    works = [
        work("walker2017", 2017, "Walker", title="Why we sleep: Unlocking the power of sleep and dreams")
    ]
    assert problems("*Why We Sleep* (2017) is a bestseller.", works) == []
    assert problems("Walker's *Why We Sleep* (2017) is a bestseller.", works) == []
    assert problems("*Why We Dream* (2017) is another book.", works) == [
        ("unmatched", "*Why We Dream* (2017)")
    ]
