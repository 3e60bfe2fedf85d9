"""Whatever is pasted, parsing and formatting never fail (they flag instead)."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from references.api import format_reference_html, format_reference_text, parse_reference, parse_references
from references.markdown import cited_keys
from references.models import Citation
from references.parsing import ParseError, parse_file

PIECES = st.sampled_from(
    [
        "Coan, J. A.", ", ", "&", " and ", "(2015).", "(n.d.).", "(2015a)", "(2023, March 4).", ". ", "In ",
        "(Eds.),", "(pp. 1–20)", "(2nd ed.)", "Journal of Things", ", 12(3), 45-67", "doi:", "10.1000/xyz",
        "https://doi.org/", "https://example.org/a", "Retrieved May 1, 2024, from ", ". . .", "…", "Ünïcödé",
        "*", "<i>", "</i>", "@", "[", "]", ";", "—", "\x00", "World Health Organization", "Report No. 5",
    ]
)  # fmt: skip
TEXTS = st.one_of(st.text(max_size=300), st.lists(PIECES, max_size=30).map("".join))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_parse_and_format_never_fail(text):
    parsed = parse_reference(text)
    citation = Citation(**parsed.fields)
    format_reference_text(citation)
    format_reference_html(citation)
    parse_references(text)
    cited_keys(text)


@settings(max_examples=200, deadline=None)
@given(TEXTS, st.sampled_from(["x.bib", "x.ris", "x.json", "x.txt"]))
def test_files_either_parse_or_say_why(text, name):
    try:
        parse_file(name, text)
    except ParseError as error:
        message = str(error)
    else:
        message = "parsed"
    assert message


def test_citations_add_no_pathological_cost(db):
    """Brackets and at signs by the thousand: the citation rules stay within a small factor
    of markdown-it's own time on the same text (they never scan quadratically)."""
    import time

    from markdown_it import MarkdownIt

    plain = MarkdownIt("commonmark")
    for source in ("[" * 20_000 + "@a]", "[@a " * 5_000, "@" * 20_000, "[x@y; " * 4_000 + "]"):
        started = time.perf_counter()
        plain.parse(source)
        baseline = time.perf_counter() - started
        started = time.perf_counter()
        cited_keys(source)
        assert time.perf_counter() - started < 3 * baseline + 0.5, source[:20]
