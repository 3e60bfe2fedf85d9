"""Any text at all: the checks and the importer's linking never raise, stay quick, and
linking changes nothing but the mentions it links."""

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from articles.citation_checks import check_citations, find_mentions
from articles.importing.citations import link_mentions
from references.api import Citation

WORKS = [
    Citation(key="okafor2020", year=2020, authors=[{"family": "Okafor", "given": "C."}], title="Light"),
    Citation(key="leepark2021", year=2021, authors=[{"family": "Lee"}, {"family": "Park"}], title="Naps"),
    Citation(key="who2022", year=2022, authors=[{"literal": "World Health Organization"}], title="Guide"),
    Citation(key="nd", year=None, authors=[{"family": "Mensah"}], title="Undated"),
]
FRAGMENTS = [
    "Okafor", "Lee", "Park", "and", "&", "et al.", "(", ")", "2020", "2021a", "n.d.", "in press", ",",
    ";", " ", "\n", "\n\n", "see", "e.g.,", "WHO", "World Health Organization", "[", "]", "@okafor2020",
    "`", "#", "|", "’s", "van der", "Ó", "p. 4", "*", "https://x.org/(2020)", "---", "```", "Table", "n = 4",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_any_text_is_checked_without_error(text):
    for warning in check_citations(text, WORKS):
        assert warning.kind in {"unmatched", "ambiguous", "no_year", "uncited"}
        assert warning.message


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=60).map("".join))
def test_citation_shaped_text_is_checked_and_linked_without_error(text):
    warnings = check_citations(text, WORKS)
    for mention in find_mentions(text):
        assert 0 <= mention.start <= mention.end <= len(text)
        assert 1 <= mention.line <= text.count("\n") + 1
    linked, _unmatched = link_mentions(text, WORKS)
    assert isinstance(linked, str) and isinstance(warnings, list)


def test_linking_changes_only_the_mentions():
    text = "Intro (n = 40) in 2021.\n\nLee and Park (2021) showed it (Okafor, 2020; Smith, 2019)."
    linked, unmatched = link_mentions(text, WORKS)
    assert linked == "Intro (n = 40) in 2021.\n\n@leepark2021 showed it (Okafor, 2020; Smith, 2019)."
    assert unmatched == ["Smith, 2019"]
    linked, _ = link_mentions("(see Okafor, 2020, p. 4; WHO, 2022) and Okafor (2020, p. 2).", WORKS)
    assert linked == "[see @okafor2020, p. 4; @who2022] and @okafor2020 [p. 2]."


def test_the_longest_text_a_page_holds_is_checked_quickly():
    paragraph = "As Lee and Park (2021) showed (Okafor, 2020; Smith et al., 2019), sleep (n = 40) matters. "
    text = (paragraph * 1200)[:100_000]
    started = time.perf_counter()
    warnings = check_citations(text, WORKS)
    assert time.perf_counter() - started < 10
    (smith,) = [w for w in warnings if w.kind == "unmatched"]
    assert len(smith.lines) == 1  # one paragraph, one line: grouped into one warning
